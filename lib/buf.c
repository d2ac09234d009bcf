/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * buf.c: the counted, growable, NUL-terminated byte buffer.
 *
 * Growth doubles the capacity so appends are amortised O(1). Old storage is
 * wiped before it is released because a buffer may have held a password
 * (a request being assembled, a file being read).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "secret.h"
#include "xalloc.h"

/* buf_reserve - make room for n more bytes plus the guard NUL */
static void
buf_reserve(struct buf *b, size_t n)
{
	size_t need, ncap;
	char *nd;

	if (n > SIZE_MAX - b->len - 1)
		log_panic("buf_reserve: length overflow");
	need = b->len + n + 1;
	if (need <= b->cap)
		return;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2) {
			ncap = need;
			break;
		}
		ncap *= 2;
	}
	/* Not realloc(): the old block must be wiped, not just released. */
	nd = xmalloc(ncap);
	if (b->data != NULL) {
		memcpy(nd, b->data, b->len + 1);
		secret_wipe(b->data, b->cap);
		free(b->data);
	}
	b->data = nd;
	b->cap = ncap;
}

void
buf_append(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_appends(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_appendc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

void
buf_appendf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		log_panic("buf_appendf: bad format");
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_reset(struct buf *b)
{
	if (b->data != NULL) {
		secret_wipe(b->data, b->len);
		b->data[0] = '\0';
	}
	b->len = 0;
}

char *
buf_detach(struct buf *b)
{
	char *d = b->data;

	if (d == NULL)
		d = xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return d;
}

void
buf_free(struct buf *b)
{
	if (b->data != NULL) {
		secret_wipe(b->data, b->cap);
		free(b->data);
	}
	b->data = NULL;
	b->len = b->cap = 0;
}
