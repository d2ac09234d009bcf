/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_sync_msg.c: the RFC 4533 value decoders and the Sync Request
 * encoder. The well-formed values are made with liblber's ber_printf() and
 * the encoder's output is read back with ber_scanf(): an oracle that
 * shares no code with sync_msg.c.
 */
#include <lber.h>
#include <string.h>

#include "sync_client.h"
#include "sync_msg.h"
#include "t.h"

static const unsigned char U1[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static const unsigned char U2[16] = {0xff, 0xee, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42};
static const char COOKIE[] = "rid=000,csn=20261207155300.123456Z#000000#000#000000";

/* enc - flatten a BerElement; returns its length, data in *out (ber_bvfree) */
static struct berval *
enc(BerElement *ber)
{
	struct berval *bv = NULL;

	T_CHECK(ber_flatten(ber, &bv) == 0, "ber_flatten");
	ber_free(ber, 1);
	return bv;
}

static void
test_state(void)
{
	struct berval u = {16, (char *)U1}, c = {sizeof(COOKIE) - 1, (char *)COOKIE}, *v;
	struct sync_msg m;
	BerElement *b = ber_alloc_t(LBER_USE_DER);

	ber_printf(b, "{eOO}", (ber_int_t)SYNC_ST_MODIFY, &u, &c);
	v = enc(b);
	T_CHECK(sync_parse_state(v->bv_val, v->bv_len, &m) == 0, "state with cookie");
	T_CHECK(m.kind == SYNC_MSG_STATE && m.state == SYNC_ST_MODIFY, "state: modify");
	T_CHECK(memcmp(m.uuid, U1, 16) == 0, "state: uuid");
	T_CHECK(m.cookie_len == c.bv_len && memcmp(m.cookie, COOKIE, c.bv_len) == 0, "cookie");
	/* Every truncation is refused, and so is a byte more. */
	for (size_t n = 0; n < v->bv_len; n++)
		T_CHECK(sync_parse_state(v->bv_val, n, &m) != 0, "truncated at %zu", n);
	ber_bvfree(v);

	b = ber_alloc_t(LBER_USE_DER);
	ber_printf(b, "{eO}", (ber_int_t)SYNC_ST_DELETE, &u);
	v = enc(b);
	T_CHECK(sync_parse_state(v->bv_val, v->bv_len, &m) == 0 && m.cookie == NULL &&
	                m.state == SYNC_ST_DELETE,
	        "state without cookie");
	ber_bvfree(v);

	u.bv_len = 15;
	b = ber_alloc_t(LBER_USE_DER);
	ber_printf(b, "{eO}", (ber_int_t)SYNC_ST_ADD, &u);
	v = enc(b);
	T_CHECK(sync_parse_state(v->bv_val, v->bv_len, &m) != 0, "a 15-byte UUID is refused");
	ber_bvfree(v);
	u.bv_len = 16;
	b = ber_alloc_t(LBER_USE_DER);
	ber_printf(b, "{eO}", (ber_int_t)4, &u);
	v = enc(b);
	T_CHECK(sync_parse_state(v->bv_val, v->bv_len, &m) != 0, "state 4 is refused");
	ber_bvfree(v);
}

static void
test_done(void)
{
	struct berval c = {sizeof(COOKIE) - 1, (char *)COOKIE}, *v;
	struct sync_msg m;
	BerElement *b = ber_alloc_t(LBER_USE_DER);

	T_CHECK(sync_parse_done(NULL, 0, &m) == 0 && m.cookie == NULL && !m.refresh_deletes,
	        "empty done");
	ber_printf(b, "{Ob}", &c, (ber_int_t)1);
	v = enc(b);
	T_CHECK(sync_parse_done(v->bv_val, v->bv_len, &m) == 0 && m.refresh_deletes &&
	                m.cookie_len == c.bv_len,
	        "done with cookie and refreshDeletes");
	ber_bvfree(v);
}

static void
test_info(void)
{
	struct berval c = {sizeof(COOKIE) - 1, (char *)COOKIE}, u1 = {16, (char *)U1},
	              u2 = {16, (char *)U2}, *v;
	struct sync_msg m;
	unsigned char got[16];
	size_t pos = 0;
	BerElement *b = ber_alloc_t(LBER_USE_DER);

	ber_printf(b, "tO", (ber_tag_t)0x80, &c);
	v = enc(b);
	T_CHECK(sync_parse_info(v->bv_val, v->bv_len, &m) == 0 && m.kind == SYNC_MSG_NEW_COOKIE &&
	                m.cookie_len == c.bv_len,
	        "newcookie");
	ber_bvfree(v);

	b = ber_alloc_t(LBER_USE_DER);
	ber_printf(b, "t{b}", (ber_tag_t)0xa1, (ber_int_t)0);
	v = enc(b);
	T_CHECK(sync_parse_info(v->bv_val, v->bv_len, &m) == 0 &&
	                m.kind == SYNC_MSG_REFRESH_DELETE && !m.refresh_done,
	        "refreshDelete, not done");
	ber_bvfree(v);

	b = ber_alloc_t(LBER_USE_DER);
	ber_printf(b, "t{}", (ber_tag_t)0xa2);
	v = enc(b);
	T_CHECK(sync_parse_info(v->bv_val, v->bv_len, &m) == 0 &&
	                m.kind == SYNC_MSG_REFRESH_PRESENT && m.refresh_done,
	        "refreshPresent: done by default");
	ber_bvfree(v);

	b = ber_alloc_t(LBER_USE_DER);
	ber_printf(b, "t{Ob[OO]}", (ber_tag_t)0xa3, &c, (ber_int_t)1, &u1, &u2);
	v = enc(b);
	T_CHECK(sync_parse_info(v->bv_val, v->bv_len, &m) == 0 && m.kind == SYNC_MSG_ID_SET &&
	                m.refresh_deletes && m.nids == 2,
	        "syncIdSet of two");
	T_CHECK(sync_id_next(&m, &pos, got) && memcmp(got, U1, 16) == 0, "first UUID");
	T_CHECK(sync_id_next(&m, &pos, got) && memcmp(got, U2, 16) == 0, "second UUID");
	T_CHECK(!sync_id_next(&m, &pos, got), "no third");
	ber_bvfree(v);
}

static void
test_malformed(void)
{
	static const struct {
		const char *what;
		const char *bytes;
		size_t len;
	} bad[] = {
	        {"indefinite length", "\x30\x80\x0a\x01\x01\x00\x00", 7},
	        {"length past the end", "\x30\x84\x7f\xff\xff\xff\x0a", 7},
	        {"five-byte length", "\x30\x85\x00\x00\x00\x00\x03", 7},
	        {"multi-byte tag", "\x1f\x81\x01\x00", 4},
	        {"trailing byte", "\x30\x00\x00", 3},
	        {"unknown info choice", "\xa4\x00", 2},
	        {"idset element not a UUID", "\xa3\x05\x31\x03\x04\x01\x00", 7},
	        {"idset without its set", "\xa3\x03\x01\x01\xff", 5},
	        {"boolean of two bytes", "\xa1\x04\x01\x02\x00\x00", 6},
	};
	struct sync_msg m;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		T_CHECK(sync_parse_state(bad[i].bytes, bad[i].len, &m) != 0, "state: %s",
		        bad[i].what);
		T_CHECK(sync_parse_info(bad[i].bytes, bad[i].len, &m) != 0, "info: %s",
		        bad[i].what);
		if (bad[i].bytes[0] == 0x30)
			T_CHECK(sync_parse_done(bad[i].bytes, bad[i].len, &m) != 0, "done: %s",
			        bad[i].what);
	}
}

static void
test_cookie_cap(void)
{
	static unsigned char big[SYNC_COOKIE_MAX + 8];
	unsigned char req[SYNC_COOKIE_MAX + 16];
	struct sync_msg m;

	big[0] = 0x80;
	big[1] = 0x82;
	big[2] = (SYNC_COOKIE_MAX + 1) >> 8;
	big[3] = (SYNC_COOKIE_MAX + 1) & 0xff;
	T_CHECK(sync_parse_info(big, 4 + SYNC_COOKIE_MAX + 1, &m) != 0, "a cookie over the cap");
	big[3] = SYNC_COOKIE_MAX & 0xff;
	big[2] = SYNC_COOKIE_MAX >> 8;
	T_CHECK(sync_parse_info(big, 4 + SYNC_COOKIE_MAX, &m) == 0, "a cookie at the cap");
	T_CHECK(sync_request_value(big, SYNC_COOKIE_MAX + 1, req, sizeof(req)) == 0,
	        "request: a cookie over the cap is not encoded");
}

static void
test_request(void)
{
	unsigned char buf[256];
	struct berval in, cookie = {0, NULL};
	ber_int_t mode = 0;
	BerElement *b;
	size_t n = sync_request_value((const unsigned char *)COOKIE, sizeof(COOKIE) - 1, buf,
	                              sizeof(buf));

	in.bv_val = (char *)buf;
	in.bv_len = n;
	b = ber_init(&in);
	T_CHECK(b != NULL && ber_scanf(b, "{eo}", &mode, &cookie) != LBER_ERROR,
	        "liblber reads the request");
	T_CHECK(mode == 3, "mode refreshAndPersist");
	T_CHECK(cookie.bv_len == sizeof(COOKIE) - 1 &&
	                memcmp(cookie.bv_val, COOKIE, cookie.bv_len) == 0,
	        "the cookie");
	ber_memfree(cookie.bv_val);
	ber_free(b, 1);
	n = sync_request_value(NULL, 0, buf, sizeof(buf));
	T_CHECK(n == 5 && memcmp(buf, "\x30\x03\x0a\x01\x03", 5) == 0, "no cookie: mode only");
	T_CHECK(sync_request_value(NULL, 0, buf, 4) == 0, "too small a buffer");
}

int
main(void)
{
	test_state();
	test_done();
	test_info();
	test_malformed();
	test_cookie_cap();
	test_request();
	return t_done("test_sync_msg");
}
