/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tls_files.c: bounded whole-file reads for the PEM certificate and key.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "secret.h"
#include "tls_files.h"
#include "xalloc.h"

static enum pst_result
read_all(const char *path, struct buf *b, char **err_r)
{
	char chunk[4096];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	ssize_t n;

	if (fd < 0) {
		*err_r = xasprintf("%s: %s", path, strerror(errno));
		return PST_PERMFAIL;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*err_r = xasprintf("%s: %s", path, strerror(errno));
			break;
		}
		if (b->len + (size_t)n > TLS_FILE_MAX) {
			*err_r = xasprintf("%s: larger than %d bytes", path, TLS_FILE_MAX);
			n = -1;
			break;
		}
		buf_append(b, chunk, (size_t)n);
	}
	secret_wipe(chunk, sizeof(chunk));
	close(fd);
	if (n < 0)
		return PST_PERMFAIL;
	if (b->len == 0 || memchr(b->data, '\0', b->len) != NULL) {
		*err_r = xasprintf("%s: empty or not a PEM file", path);
		return PST_PERMFAIL;
	}
	return PST_OK;
}

enum pst_result
tls_read_cert(const char *path, char **pem_r, char **err_r)
{
	struct buf b = BUF_INIT;

	if (read_all(path, &b, err_r) != PST_OK) {
		buf_free(&b);
		return PST_PERMFAIL;
	}
	*pem_r = buf_detach(&b);
	return PST_OK;
}

enum pst_result
tls_read_key(const char *path, struct secret **key_r, char **err_r)
{
	struct buf b = BUF_INIT;
	enum pst_result r = read_all(path, &b, err_r);

	if (r == PST_OK)
		*key_r = secret_new(b.data, b.len);
	buf_free(&b);
	return r;
}
