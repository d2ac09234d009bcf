/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * buf.h: a counted, growable byte buffer that is always NUL-terminated.
 *
 * Every growth is checked for overflow before it happens. The data may
 * contain NUL bytes; len is authoritative.
 */
#ifndef POSTINO_BUF_H
#define POSTINO_BUF_H

#include <stddef.h>

struct buf {
	char *data; /* always NUL-terminated at data[len] once non-empty */
	size_t len;
	size_t cap;
};

#define BUF_INIT                                                                                   \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void buf_append(struct buf *b, const void *p, size_t n);
void buf_appends(struct buf *b, const char *s);
void buf_appendc(struct buf *b, char c);
void buf_appendf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
/* buf_detach - hand the NUL-terminated data to the caller ("" if empty) */
char *buf_detach(struct buf *b);
/* buf_free - release the storage (wiped first: buffers may have held secrets) */
void buf_free(struct buf *b);

#endif
