/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_mux_proto.c: the saslauthd request parser and the reply codec.
 *
 * The request bytes for the 4-field case are the literal example from
 * cyrus-sasl 2.1.28 (user alice, password secret, service smtp, realm
 * example.com), written out by hand, not produced by our encoder.
 */
#include <stdlib.h>
#include <string.h>

#include "mux_proto.h"
#include "t.h"

static const uint8_t example4[] = {
        0x00, 0x05, 'a', 'l', 'i',  'c',  'e', 0x00, 0x06, 's', 'e', 'c', 'r', 'e', 't', 0x00, 0x04,
        's',  'm',  't', 'p', 0x00, 0x0b, 'e', 'x',  'a',  'm', 'p', 'l', 'e', '.', 'c', 'o',  'm'};

static int
span_is(const struct mux_span *s, const char *want)
{
	return s->len == strlen(want) && memcmp(s->p, want, s->len) == 0;
}

static void
test_example(void)
{
	struct mux_request req;
	struct mux_span f[5];
	uint8_t out[64];
	size_t n;

	T_CHECK(mux_parse(example4, sizeof(example4), MUX_FIELD_MAX, &req) == MUX_HAVE_4,
	        "4-field example");
	T_CHECK(req.nfields == 4 && req.consumed == sizeof(example4), "counts");
	T_CHECK(span_is(&req.f[MUX_LOGIN], "alice") && span_is(&req.f[MUX_PASSWORD], "secret") &&
	                span_is(&req.f[MUX_SERVICE], "smtp") &&
	                span_is(&req.f[MUX_REALM], "example.com"),
	        "fields");
	/* The encoder must reproduce the hand-written bytes. */
	memcpy(f, req.f, sizeof(req.f[0]) * 4);
	n = mux_encode_request(f, 4, out, sizeof(out));
	T_CHECK(n == sizeof(example4) && memcmp(out, example4, n) == 0, "encoder matches");
	T_CHECK(mux_encode_request(f, 4, out, sizeof(example4) - 1) == 0, "encoder outsz");
	T_CHECK(mux_encode_request(f, 3, out, sizeof(out)) == 0, "encoder nfields 3");
	T_CHECK(mux_encode_request(f, 6, out, sizeof(out)) == 0, "encoder nfields 6");
}

/* Every prefix of a request must parse as "need more" or a consistent subset. */
static void
test_split_every_byte(void)
{
	uint8_t five[sizeof(example4) + 2 + 9];
	struct mux_request req;
	size_t i;

	memcpy(five, example4, sizeof(example4));
	five[sizeof(example4)] = 0;
	five[sizeof(example4) + 1] = 9;
	memcpy(five + sizeof(example4) + 2, "127.0.0.1", 9);
	for (i = 0; i <= sizeof(five); i++) {
		enum mux_status st = mux_parse(five, i, MUX_FIELD_MAX, &req);
		enum mux_status want;

		if (i < sizeof(example4))
			want = MUX_NEED_MORE;
		else if (i == sizeof(example4))
			want = MUX_HAVE_4;
		else if (i < sizeof(five))
			want = MUX_HAVE_4_MORE;
		else
			want = MUX_HAVE_5;
		T_CHECK(st == want, "prefix %zu: status %d want %d", i, st, want);
		T_CHECK(req.consumed <= i, "prefix %zu consumed %zu", i, req.consumed);
	}
	T_CHECK(span_is(&req.f[MUX_CLIENT_ADDR], "127.0.0.1"), "5th field");
	T_CHECK(req.consumed == sizeof(five), "5 consumed");
}

static void
test_shapes(void)
{
	static const struct {
		const char *bytes;
		size_t len;
		enum mux_status want;
		int nfields;
	} cases[] = {
	        {"", 0, MUX_NEED_MORE, 0},
	        {"\0", 1, MUX_NEED_MORE, 0},
	        {"\0\0\0\0\0\0\0\0", 8, MUX_HAVE_4, 4},              /* four empty fields */
	        {"\0\0\0\0\0\0\0\0\0\0", 10, MUX_HAVE_5, 5},         /* five empty fields */
	        {"\0\0\0\0\0\0\0\0\0", 9, MUX_HAVE_4_MORE, 4},       /* half a 5th count */
	        {"\0\0\0\0\0\0\0\0\0\0X", 11, MUX_TRAILING, 5},      /* a byte after 5 */
	        {"\0\0\0\0\0\0\0\0\0\x02X", 11, MUX_HAVE_4_MORE, 4}, /* partial 5th value */
	        {"\0\x01X\0\0\0\0", 7, MUX_NEED_MORE, 3},
	};
	struct mux_request req;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum mux_status st =
		        mux_parse((const uint8_t *)cases[i].bytes, cases[i].len, 256, &req);

		T_CHECK(st == cases[i].want, "shape %zu: status %d", i, st);
		T_CHECK(req.nfields == cases[i].nfields, "shape %zu: nfields %d", i, req.nfields);
	}
}

static void
test_field_limits(void)
{
	uint8_t buf[2 * (2 + 300)];
	struct mux_request req;
	size_t n;

	/* A 256-byte login is accepted, a 257-byte one refused at its count. */
	buf[0] = 0x01;
	buf[1] = 0x00;
	memset(buf + 2, 'a', 256);
	n = 2 + 256;
	memcpy(buf + n, "\0\x01p\0\0\0\0", 7);
	n += 7;
	T_CHECK(mux_parse(buf, n, MUX_FIELD_MAX, &req) == MUX_HAVE_4 && req.f[0].len == 256,
	        "256-byte field accepted");
	buf[1] = 0x01;
	T_CHECK(mux_parse(buf, 2, MUX_FIELD_MAX, &req) == MUX_TOO_LONG,
	        "257-byte count refused before its bytes arrive");
	/* The cap applies to every field, the 5th included. */
	memcpy(buf, "\0\0\0\0\0\0\0\0\x01\x01", 10);
	T_CHECK(mux_parse(buf, 10, MUX_FIELD_MAX, &req) == MUX_TOO_LONG, "5th field cap");
	T_CHECK(mux_parse(buf, 10, 0xffff, &req) == MUX_HAVE_4_MORE, "caller's cap used");
}

static void
test_nul(void)
{
	struct mux_span a = {(const uint8_t *)"ab\0c", 4}, b = {(const uint8_t *)"abc", 3},
	                e = {(const uint8_t *)"", 0};

	T_CHECK(mux_has_nul(&a) == 1, "embedded NUL");
	T_CHECK(mux_has_nul(&b) == 0, "no NUL");
	T_CHECK(mux_has_nul(&e) == 0, "empty");
}

static void
test_reply(void)
{
	uint8_t out[MUX_REPLY_MAX + 8];
	const uint8_t *msg;
	size_t n, mlen;
	char *big;

	n = mux_encode_reply("OK", out, sizeof(out));
	T_CHECK(n == 4 && memcmp(out, "\0\x02OK", 4) == 0, "OK reply bytes");
	T_CHECK(mux_parse_reply(out, n, &msg, &mlen) == 1 && mlen == 2 && !memcmp(msg, "OK", 2),
	        "OK parses");
	n = mux_encode_reply("NO bad password", out, sizeof(out));
	T_CHECK(n == 17 && out[1] == 15, "NO reason");
	T_CHECK(mux_parse_reply(out, 1, &msg, &mlen) == 0, "1 byte: need more");
	T_CHECK(mux_parse_reply(out, 10, &msg, &mlen) == 0, "partial: need more");
	T_CHECK(mux_parse_reply(out, 17, &msg, &mlen) == 1 && mlen == 15, "complete");
	out[17] = 'x';
	T_CHECK(mux_parse_reply(out, 18, &msg, &mlen) == -1, "trailing bytes malformed");
	T_CHECK(mux_parse_reply((const uint8_t *)"\0\x01O", 3, &msg, &mlen) == -1,
	        "count < 2 malformed");
	T_CHECK(mux_parse_reply((const uint8_t *)"\0\0", 2, &msg, &mlen) == -1, "empty reply");
	T_CHECK(mux_encode_reply("OK", out, 3) == 0, "small out");
	big = malloc(3000);
	memset(big, 'x', 2999);
	big[2999] = '\0';
	n = mux_encode_reply(big, out, sizeof(out));
	T_CHECK(n == 2 + MUX_REPLY_MAX && out[0] == 0x03 && out[1] == 0xff, "reply capped");
	free(big);
}

int
main(void)
{
	test_example();
	test_split_every_byte();
	test_shapes();
	test_field_limits();
	test_nul();
	test_reply();
	return t_done("mux_proto");
}
