/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mux_proto.c: the saslauthd wire format, parsed without copying.
 *
 * The parser is restartable by construction: it is simply run again over
 * the longer buffer when more bytes arrive, which for requests of at most
 * 1290 bytes costs less than keeping state would.
 */
#include <string.h>

#include "mux_proto.h"

static size_t
mux_be16(const uint8_t *p)
{
	return ((size_t)p[0] << 8) | p[1];
}

enum mux_status
mux_parse(const uint8_t *buf, size_t len, size_t max_field, struct mux_request *req)
{
	size_t pos = 0, count;

	memset(req, 0, sizeof(*req));
	while (req->nfields < MUX_FIELDS_MAX) {
		if (len - pos < 2)
			break;
		count = mux_be16(buf + pos);
		/* Refuse as soon as the count is known, before waiting for the bytes. */
		if (count > max_field)
			return MUX_TOO_LONG;
		if (len - pos - 2 < count)
			break;
		req->f[req->nfields].p = buf + pos + 2;
		req->f[req->nfields].len = count;
		req->nfields++;
		pos += 2 + count;
		req->consumed = pos;
	}
	if (req->nfields < MUX_FIELDS_MIN)
		return MUX_NEED_MORE;
	if (req->nfields == MUX_FIELDS_MIN)
		return pos == len ? MUX_HAVE_4 : MUX_HAVE_4_MORE;
	return pos == len ? MUX_HAVE_5 : MUX_TRAILING;
}

int
mux_has_nul(const struct mux_span *s)
{
	return s->len > 0 && memchr(s->p, '\0', s->len) != NULL;
}

size_t
mux_encode_reply(const char *msg, uint8_t *out, size_t outsz)
{
	size_t len = strnlen(msg, MUX_REPLY_MAX);

	if (outsz < 2 || outsz - 2 < len)
		return 0;
	out[0] = (uint8_t)(len >> 8);
	out[1] = (uint8_t)(len & 0xff);
	memcpy(out + 2, msg, len);
	return 2 + len;
}

size_t
mux_encode_request(const struct mux_span *fields, int nfields, uint8_t *out, size_t outsz)
{
	size_t pos = 0;
	int i;

	if (nfields < MUX_FIELDS_MIN || nfields > MUX_FIELDS_MAX)
		return 0;
	for (i = 0; i < nfields; i++) {
		size_t n = fields[i].len;

		if (n > 0xffff || outsz - pos < 2 || outsz - pos - 2 < n)
			return 0;
		out[pos] = (uint8_t)(n >> 8);
		out[pos + 1] = (uint8_t)(n & 0xff);
		if (n)
			memcpy(out + pos + 2, fields[i].p, n);
		pos += 2 + n;
	}
	return pos;
}

int
mux_parse_reply(const uint8_t *buf, size_t len, const uint8_t **msg, size_t *msglen)
{
	size_t count;

	if (len < 2)
		return 0;
	count = mux_be16(buf);
	/* libsasl2 rejects replies shorter than "OK"/"NO". */
	if (count < 2)
		return -1;
	if (len - 2 < count)
		return 0;
	/* One reply per connection: anything after it is a broken peer. */
	if (len - 2 > count)
		return -1;
	*msg = buf + 2;
	*msglen = count;
	return 1;
}
