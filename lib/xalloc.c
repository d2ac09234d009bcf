/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * xalloc.c: allocation wrappers that abort instead of returning NULL.
 *
 * The abort goes through log_panic() so the reason reaches syslog before
 * the core dump; log_panic() formats into a stack buffer and never
 * allocates, so it is safe to call when memory is exhausted.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xalloc.h"

void *
xmalloc(size_t n)
{
	/* malloc(0) may return NULL legitimately; ask for one byte instead. */
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		log_panic("xmalloc: out of memory (%zu bytes)", n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	p = calloc(nmemb, size);
	if (p == NULL)
		log_panic("xcalloc: out of memory (%zu x %zu bytes)", nmemb, size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		log_panic("xrealloc: out of memory (%zu bytes)", n);
	return q;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		log_panic("xreallocarray: %zu x %zu overflows", nmemb, size);
	return xrealloc(p, nmemb * size);
}

char *
xstrdup(const char *s)
{
	return xmemdup0(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	return xmemdup0(s, strnlen(s, n));
}

char *
xmemdup0(const void *p, size_t n)
{
	char *q;

	if (n == SIZE_MAX)
		log_panic("xmemdup0: length overflow");
	q = xmalloc(n + 1);
	if (n)
		memcpy(q, p, n);
	q[n] = '\0';
	return q;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		log_panic("xasprintf: out of memory");
	return s;
}

void
xfree_ptr(void *pp)
{
	void **p = pp;

	if (p == NULL)
		return;
	free(*p);
	*p = NULL;
}

char **
xstrvdup(char *const *v)
{
	size_t n = 0;
	char **out;

	if (v == NULL)
		return NULL;
	while (v[n] != NULL)
		n++;
	out = xcalloc(n + 1, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

void
xstrvfree(char ***vp)
{
	for (size_t i = 0; *vp != NULL && (*vp)[i] != NULL; i++)
		xfree(&(*vp)[i]);
	xfree(vp);
}
