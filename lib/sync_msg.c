/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sync_msg.c: a small, strict BER reader for the RFC 4533 values.
 *
 * liblber would decode these too, but its ber_scanf() formats allocate and
 * accept more encodings than a server ever sends; a reader that only walks
 * the caller's bytes, with every length checked against what is left, is
 * easier to bound and to fuzz. @UNSAFE: pointer arithmetic on outside input.
 */
#include <string.h>

#include "sync_msg.h"

#define TAG_BOOLEAN    0x01
#define TAG_OCTETS     0x04
#define TAG_ENUMERATED 0x0a
#define TAG_SEQUENCE   0x30
#define TAG_SET        0x31
#define TAG_NEW_COOKIE 0x80 /* [0] OCTET STRING, primitive */
#define TAG_REF_DELETE 0xa1 /* [1] SEQUENCE */
#define TAG_REF_PRES   0xa2 /* [2] SEQUENCE */
#define TAG_ID_SET     0xa3 /* [3] SEQUENCE */

struct rd {
	const unsigned char *p;
	size_t left;
};

/* rd_tlv - one element: its tag and its contents in *val; -1 if malformed */
static int
rd_tlv(struct rd *r, unsigned *tag, struct rd *val)
{
	size_t len = 0, n, i;

	if (r->left < 2)
		return -1;
	*tag = r->p[0];
	if ((*tag & 0x1f) == 0x1f)
		return -1; /* multi-byte tags: none in RFC 4533 */
	if (r->p[1] < 0x80) {
		len = r->p[1];
		n = 2;
	} else {
		size_t nlen = r->p[1] & 0x7f;

		/* 0x80 is the indefinite form; more than 4 bytes is never needed. */
		if (nlen == 0 || nlen > 4 || r->left < 2 + nlen)
			return -1;
		for (i = 0; i < nlen; i++)
			len = (len << 8) | r->p[2 + i];
		n = 2 + nlen;
	}
	if (len > r->left - n)
		return -1;
	val->p = r->p + n;
	val->left = len;
	r->p += n + len;
	r->left -= n + len;
	return 0;
}

/* rd_peek - the tag of the next element, or -1 at the end */
static int
rd_peek(const struct rd *r)
{
	return r->left > 0 ? r->p[0] : -1;
}

static int
rd_bool(struct rd *r, int *out)
{
	struct rd v;
	unsigned tag;

	if (rd_tlv(r, &tag, &v) != 0 || tag != TAG_BOOLEAN || v.left != 1)
		return -1;
	*out = v.p[0] != 0;
	return 0;
}

/* rd_cookie - an optional OCTET STRING cookie */
static int
rd_cookie(struct rd *r, struct sync_msg *m)
{
	struct rd v;
	unsigned tag;

	if (rd_peek(r) != TAG_OCTETS)
		return 0;
	if (rd_tlv(r, &tag, &v) != 0 || v.left > SYNC_COOKIE_MAX)
		return -1;
	m->cookie = v.p;
	m->cookie_len = v.left;
	return 0;
}

/* rd_sequence - the element must be tag and fill all of r */
static int
rd_whole(struct rd *r, unsigned want, struct rd *val)
{
	unsigned tag;

	if (rd_tlv(r, &tag, val) != 0 || tag != want || r->left != 0)
		return -1;
	return 0;
}

static void
msg_init(struct sync_msg *m, enum sync_kind kind)
{
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->refresh_done = 1;
}

int
sync_parse_state(const void *val, size_t len, struct sync_msg *m)
{
	struct rd r = {val, len}, seq, v;
	unsigned tag;

	msg_init(m, SYNC_MSG_STATE);
	if (val == NULL || rd_whole(&r, TAG_SEQUENCE, &seq) != 0)
		return -1;
	if (rd_tlv(&seq, &tag, &v) != 0 || tag != TAG_ENUMERATED || v.left != 1 || v.p[0] > 3)
		return -1;
	m->state = (enum sync_state)v.p[0];
	if (rd_tlv(&seq, &tag, &v) != 0 || tag != TAG_OCTETS || v.left != SYNC_UUID_LEN)
		return -1;
	memcpy(m->uuid, v.p, SYNC_UUID_LEN);
	if (rd_cookie(&seq, m) != 0)
		return -1;
	return seq.left == 0 ? 0 : -1;
}

int
sync_parse_done(const void *val, size_t len, struct sync_msg *m)
{
	struct rd r = {val, len}, seq;

	msg_init(m, SYNC_MSG_DONE);
	if (len == 0)
		return 0; /* an absent value: no cookie, refreshDeletes FALSE */
	if (val == NULL || rd_whole(&r, TAG_SEQUENCE, &seq) != 0 || rd_cookie(&seq, m) != 0)
		return -1;
	if (rd_peek(&seq) == TAG_BOOLEAN && rd_bool(&seq, &m->refresh_deletes) != 0)
		return -1;
	return seq.left == 0 ? 0 : -1;
}

/* parse_id_set - syncIdSet: cookie?, refreshDeletes?, SET OF entryUUID */
static int
parse_id_set(struct rd *seq, struct sync_msg *m)
{
	struct rd set, v;
	unsigned tag;

	if (rd_cookie(seq, m) != 0)
		return -1;
	if (rd_peek(seq) == TAG_BOOLEAN && rd_bool(seq, &m->refresh_deletes) != 0)
		return -1;
	if (rd_whole(seq, TAG_SET, &set) != 0)
		return -1;
	m->ids = set.p;
	m->ids_len = set.left;
	while (set.left > 0) {
		if (rd_tlv(&set, &tag, &v) != 0 || tag != TAG_OCTETS || v.left != SYNC_UUID_LEN)
			return -1;
		m->nids++;
	}
	return 0;
}

int
sync_parse_info(const void *val, size_t len, struct sync_msg *m)
{
	struct rd r = {val, len}, v;
	unsigned tag;

	msg_init(m, SYNC_MSG_NEW_COOKIE);
	if (val == NULL || rd_tlv(&r, &tag, &v) != 0 || r.left != 0)
		return -1;
	switch (tag) {
	case TAG_NEW_COOKIE:
		if (v.left > SYNC_COOKIE_MAX)
			return -1;
		m->cookie = v.p;
		m->cookie_len = v.left;
		return 0;
	case TAG_REF_DELETE:
	case TAG_REF_PRES:
		m->kind =
		        tag == TAG_REF_DELETE ? SYNC_MSG_REFRESH_DELETE : SYNC_MSG_REFRESH_PRESENT;
		if (rd_cookie(&v, m) != 0)
			return -1;
		if (rd_peek(&v) == TAG_BOOLEAN && rd_bool(&v, &m->refresh_done) != 0)
			return -1;
		return v.left == 0 ? 0 : -1;
	case TAG_ID_SET:
		m->kind = SYNC_MSG_ID_SET;
		return parse_id_set(&v, m);
	default:
		return -1;
	}
}

int
sync_id_next(const struct sync_msg *m, size_t *pos, unsigned char out[SYNC_UUID_LEN])
{
	struct rd r, v;
	unsigned tag;

	if (m->kind != SYNC_MSG_ID_SET || *pos >= m->ids_len)
		return 0;
	r.p = m->ids + *pos;
	r.left = m->ids_len - *pos;
	/* Checked by the parser already; checked again rather than trusted. */
	if (rd_tlv(&r, &tag, &v) != 0 || v.left != SYNC_UUID_LEN)
		return 0;
	memcpy(out, v.p, SYNC_UUID_LEN);
	*pos = m->ids_len - r.left;
	return 1;
}
