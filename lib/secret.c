/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * secret.c: the password type, its wiping, and constant-time comparison.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "secret.h"
#include "xalloc.h"

/* Password files and stdin passwords longer than this are refused. */
#define SECRET_FILE_MAX 1024

/*
 * Secrets up to this length are compared in padded fixed-size buffers, so
 * the time taken does not even depend on their lengths. Longer ones (rare:
 * passwords are capped at 256 bytes on the wire) take time proportional to
 * the longer of the two.
 */
#define SECRET_EQUAL_PAD 1024

struct secret *
secret_new(const void *data, size_t len)
{
	struct secret *s = xmalloc(sizeof(*s));

	s->len = len;
	s->data = xmemdup0(data, len);
	return s;
}

struct secret *
secret_from_str(const char *str)
{
	return secret_new(str, strlen(str));
}

struct secret *
secret_dup(const struct secret *s)
{
	return secret_new(s->data, s->len);
}

void
secret_wipe(void *p, size_t n)
{
	if (p != NULL && n > 0)
		OPENSSL_cleanse(p, n);
}

void
secret_free(struct secret **sp)
{
	struct secret *s;

	if (sp == NULL || *sp == NULL)
		return;
	s = *sp;
	*sp = NULL;
	secret_wipe(s->data, s->len + 1);
	free(s->data);
	secret_wipe(s, sizeof(*s));
	free(s);
}

int
secret_equal(const void *a, size_t alen, const void *b, size_t blen)
{
	const unsigned char *pa = a, *pb = b;
	unsigned char pada[SECRET_EQUAL_PAD], padb[SECRET_EQUAL_PAD];
	unsigned diff;
	size_t i, n;

	/* A length difference must make the result 0 without an early exit. */
	diff = (unsigned)(alen != blen);
	if (alen <= SECRET_EQUAL_PAD && blen <= SECRET_EQUAL_PAD) {
		memset(pada, 0, sizeof(pada));
		memset(padb, 0, sizeof(padb));
		if (alen)
			memcpy(pada, pa, alen);
		if (blen)
			memcpy(padb, pb, blen);
		diff |= (unsigned)(CRYPTO_memcmp(pada, padb, sizeof(pada)) != 0);
		OPENSSL_cleanse(pada, sizeof(pada));
		OPENSSL_cleanse(padb, sizeof(padb));
		return diff == 0;
	}
	/* Long inputs: walk the longer length, reading 0 past a shorter end. */
	n = alen > blen ? alen : blen;
	for (i = 0; i < n; i++) {
		unsigned char x = i < alen ? pa[i] : 0;
		unsigned char y = i < blen ? pb[i] : 0;

		diff |= (unsigned)(x ^ y);
	}
	return diff == 0;
}

struct secret *
secret_read_fd(int fd, size_t max, char **err_r)
{
	struct secret *s;
	size_t len = 0, cap;
	char *buf;

	if (max == 0 || max > 65536)
		max = SECRET_FILE_MAX;
	cap = max + 2; /* room for a CR and one byte more, to tell "too long" apart */
	buf = xmalloc(cap);
	/*
	 * One byte at a time: the descriptor may be stdin with more lines
	 * after this one (an old and a new password), which must stay unread.
	 */
	while (len < cap) {
		ssize_t n = read(fd, buf + len, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err_r = xasprintf("read: %s", strerror(errno));
			secret_wipe(buf, cap);
			free(buf);
			return NULL;
		}
		if (n == 0 || buf[len] == '\n')
			break;
		len++;
	}
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	if (len > max) {
		*err_r = xasprintf("secret is longer than %zu bytes", max);
		secret_wipe(buf, cap);
		free(buf);
		return NULL;
	}
	s = secret_new(buf, len);
	secret_wipe(buf, cap);
	free(buf);
	return s;
}

struct secret *
secret_read_file(const char *path, char **err_r)
{
	struct secret *s;
	char *err = NULL;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		*err_r = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	s = secret_read_fd(fd, SECRET_FILE_MAX, &err);
	close(fd);
	if (s == NULL) {
		*err_r = xasprintf("%s: %s", path, err);
		free(err);
	}
	return s;
}
