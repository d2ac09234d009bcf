/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * xalloc.h: allocation that either succeeds or does not return.
 *
 * Out of memory in an authentication daemon is not a condition worth
 * handling per call site: a half-handled failure is where wrong answers come
 * from. Every function here aborts the process (after a log line) instead of
 * returning NULL. Free functions take the address of the pointer and set it
 * to NULL, so a dangling pointer cannot be used twice.
 */
#ifndef POSTINO_XALLOC_H
#define POSTINO_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* xreallocarray - realloc with a multiplication overflow check */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
/* xstrndup - copy at most n bytes of s and NUL-terminate */
char *xstrndup(const char *s, size_t n);
/* xmemdup0 - copy n bytes (which may contain NULs) and append a NUL */
char *xmemdup0(const void *p, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* xstrvdup - a deep copy of a NULL-terminated string vector; NULL for NULL */
char **xstrvdup(char *const *v);
/* xstrvfree - free every string of *vp and the vector, and set *vp to NULL */
void xstrvfree(char ***vp);

/* xfree - free *pp and set *pp to NULL; pp is a pointer to any pointer */
void xfree_ptr(void *pp);
#define xfree(pp) xfree_ptr(pp)

#endif
