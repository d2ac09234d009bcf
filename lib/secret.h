/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * secret.h: the one type that holds passwords and other secrets.
 *
 * A secret is a counted byte string with a guard NUL (so it can be handed to
 * C APIs such as crypt(3)), wiped with OPENSSL_cleanse() when freed. Secrets
 * are never logged and never compared with memcmp/strcmp.
 */
#ifndef POSTINO_SECRET_H
#define POSTINO_SECRET_H

#include <stddef.h>

struct secret {
	size_t len;
	char *data; /* len bytes plus a NUL at data[len] */
};

/* secret_new - copy len bytes into a new secret */
struct secret *secret_new(const void *data, size_t len);
struct secret *secret_from_str(const char *s);
struct secret *secret_dup(const struct secret *s);
/* secret_free - wipe and free *sp, set *sp to NULL; NULL-safe */
void secret_free(struct secret **sp);
/* secret_wipe - zero memory in a way the compiler cannot elide */
void secret_wipe(void *p, size_t n);
/*
 * secret_equal - 1 if the two byte strings are equal, else 0. The time taken
 * depends only on the lengths, not on where the contents differ.
 */
int secret_equal(const void *a, size_t alen, const void *b, size_t blen);
/*
 * secret_read_file - read a password file (first line, trailing CR/LF cut).
 * Returns NULL and sets *err_r (xmalloc'd) on error.
 */
struct secret *secret_read_file(const char *path, char **err_r);
/* secret_read_fd - same, from an open descriptor (stdin for --password-stdin) */
struct secret *secret_read_fd(int fd, size_t max, char **err_r);

#endif
