/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_pwchange_parsers.c: the request parsers of postino-pwchange: the
 * urlencoded form, the strict JSON object and the Cookie header.
 */
#include <string.h>

#include "../../pwchange/cookie_parse.h"
#include "../../pwchange/form_parse.h"
#include "../../pwchange/json_parse.h"
#include "buf.h"
#include "t.h"
#include "xalloc.h"

static const char *
val(const struct kv_list *l, const char *k)
{
	const struct kv *kv = kv_find(l, k);

	return kv ? kv->val : NULL;
}

static void
test_form(void)
{
	struct kv_list l = KV_LIST_INIT;
	static const struct {
		const char *in;
		int ok;
		const char *key, *want;
	} cases[] = {
	        {"user=alice&current=a%20b&new=x+y", 1, "current", "a b"},
	        {"user=alice&current=a%20b&new=x+y", 1, "new", "x y"},
	        {"a=%C3%A9", 1, "a", "\xc3\xa9"},
	        {"a=%c3%a9", 1, "a", "\xc3\xa9"}, /* hex digits in either case */
	        {"a=%g0", 0, NULL, NULL},
	        {"a=1&&b=2", 1, "b", "2"},
	        {"flag", 1, "flag", ""},
	        {"a=", 1, "a", ""},
	        {"a=%2", 0, NULL, NULL},
	        {"a=%zz", 0, NULL, NULL},
	        {"a=%00", 0, NULL, NULL},
	        {"a=1&a=2", 0, NULL, NULL},
	        {"=1", 0, NULL, NULL},
	        {"a=1&b=2&c=3&d=4&e=5", 0, NULL, NULL}, /* more than 4 fields */
	        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=1", 0, NULL, NULL},
	        {"", 1, "none", NULL},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum pst_result r = form_parse(cases[i].in, strlen(cases[i].in), 4, &l);

		T_CHECK((r == PST_OK) == cases[i].ok, "form_parse(\"%s\") = %d", cases[i].in, r);
		if (r == PST_OK)
			T_STREQ(val(&l, cases[i].key), cases[i].want, cases[i].in);
		else
			T_CHECK(l.n == 0, "failed parse leaves an empty list");
		kv_free(&l);
	}
}

static void
test_json(void)
{
	struct kv_list l = KV_LIST_INIT;
	const char *why;
	static const struct {
		const char *in;
		int ok;
		const char *key, *want;
	} cases[] = {
	        {"{\"user\":\"alice\",\"new\":\"x\"}", 1, "user", "alice"},
	        {" \n{ \"user\" : \"al\\\"ice\" } \n", 1, "user", "al\"ice"},
	        {"{\"a\":\"\\u00e9\\n\\/\"}", 1, "a", "\xc3\xa9\n/"},
	        {"{\"a\":\"\\u00E9\"}", 1, "a", "\xc3\xa9"},
	        {"{\"a\":\"\\u00g9\"}", 0, NULL, NULL},
	        {"{\"a\":\"\\ud83d\\ude00\"}", 1, "a", "\xf0\x9f\x98\x80"},
	        {"{\"a\":\"\xc3\xa9\"}", 1, "a", "\xc3\xa9"},
	        {"{}", 1, "a", NULL},
	        {"{\"a\":\"\\ud83d\"}", 0, NULL, NULL},      /* lone high surrogate */
	        {"{\"a\":\"\\ude00\"}", 0, NULL, NULL},      /* lone low surrogate */
	        {"{\"a\":\"\\u0000\"}", 0, NULL, NULL},      /* NUL */
	        {"{\"a\":\"\xc0\xaf\"}", 0, NULL, NULL},     /* overlong */
	        {"{\"a\":\"\xed\xa0\x80\"}", 0, NULL, NULL}, /* encoded surrogate */
	        {"{\"a\":\"\x01\"}", 0, NULL, NULL},         /* raw control character */
	        {"{\"a\":1}", 0, NULL, NULL},
	        {"{\"a\":{\"b\":\"c\"}}", 0, NULL, NULL},
	        {"{\"a\":\"1\",\"a\":\"2\"}", 0, NULL, NULL},
	        {"{\"a\":\"1\",}", 0, NULL, NULL},
	        {"{\"a\":\"1\"} x", 0, NULL, NULL},
	        {"[\"a\"]", 0, NULL, NULL},
	        {"{\"a\" \"1\"}", 0, NULL, NULL},
	        {"{\"a\":\"1", 0, NULL, NULL},
	        {"{\"a\":\"\\x\"}", 0, NULL, NULL},
	        {"", 0, NULL, NULL},
	        {"{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"d\":\"4\",\"e\":\"5\"}", 0, NULL, NULL},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum pst_result r =
		        json_parse_object(cases[i].in, strlen(cases[i].in), 4, &l, &why);

		T_CHECK((r == PST_OK) == cases[i].ok, "json_parse_object(%s) = %d (%s)",
		        cases[i].in, r, why ? why : "");
		if (r == PST_OK)
			T_STREQ(val(&l, cases[i].key), cases[i].want, cases[i].in);
		else
			T_CHECK(l.n == 0 && why != NULL,
			        "failure leaves an empty list and a reason");
		kv_free(&l);
	}
}

static void
test_json_escape(void)
{
	struct buf b = BUF_INIT;

	json_escape_append(&b, "a\"b\\c\n<x>");
	T_STREQ(b.data, "\"a\\\"b\\\\c\\u000a\\u003cx\\u003e\"", "json_escape_append");
	buf_free(&b);
}

static void
test_cookie(void)
{
	static const struct {
		const char *hdr;
		const char *want; /* NULL: not found */
	} cases[] = {
	        {"t=abc", "abc"},     {"x=1; t=abc; y=2", "abc"},
	        {"x=1;t=abc", "abc"}, {"t=\"abc\"", "abc"},
	        {"tt=abc", NULL},     {"t=abc; t=def", NULL}, /* duplicates */
	        {"t=", NULL},         {"t=a b", NULL},
	        {"t=a\\b", NULL},     {"garbage; t=ok", "ok"},
	        {"", NULL},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *v = NULL;
		enum pst_result r = cookie_find(cases[i].hdr, strlen(cases[i].hdr), "t", &v);

		T_CHECK((r == PST_OK) == (cases[i].want != NULL), "cookie_find(\"%s\")",
		        cases[i].hdr);
		T_STREQ(v, cases[i].want, cases[i].hdr);
		xfree(&v);
	}
}

int
main(void)
{
	test_form();
	test_json();
	test_json_escape();
	test_cookie();
	return t_done("test_pwchange_parsers");
}
