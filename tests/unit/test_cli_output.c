/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_cli_output.c: postinoctl's output and input checks: JSON strings
 * stay valid whatever bytes the directory holds, text output cannot carry
 * terminal control sequences, tables line up, and the validators accept
 * and refuse what they should.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/cli_account.h"
#include "../../cli/cli_output.h"
#include "../../cli/cli_password.h"
#include "../../cli/cli_validate.h"
#include "buf.h"
#include "secret.h"
#include "t.h"
#include "xalloc.h"

static void
test_json_string(void)
{
	static const struct {
		const char *in;
		size_t len;
		const char *want;
	} cases[] = {
	        {"plain", 5, "\"plain\""},
	        {"q\"b\\", 4, "\"q\\\"b\\\\\""},
	        {"a\nb\tc", 5, "\"a\\nb\\tc\""},
	        {"\x01\x1b[31m\x7f", 7, "\"\\u0001\\u001b[31m\\u007f\""},
	        {"J\xc3\xb6rg \xe2\x82\xac \xf0\x9f\x93\xa7", 14,
	         "\"J\xc3\xb6rg \xe2\x82\xac \xf0\x9f\x93\xa7\""},
	        {"bad\xff", 4, "\"bad\\ufffd\""},
	        {"\xc3", 1, "\"\\ufffd\""},
	        {"\xc0\xaf", 2, "\"\\ufffd\\ufffd\""},            /* overlong '/' */
	        {"\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\""}, /* a surrogate */
	        {"a\0b", 3, "\"a\\u0000b\""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;

		out_json_string(&b, cases[i].in, cases[i].len);
		T_STREQ(b.data, cases[i].want, cases[i].want);
		buf_free(&b);
	}
}

static void
test_text_clean(void)
{
	struct buf b = BUF_INIT;

	out_text_clean(&b, "x\x1b]0;owned\x07y\xc2\x9bz \xc3\xa9", 18);
	T_STREQ(b.data, "x?]0;owned?y?z \xc3\xa9", "escape sequences defused, UTF-8 kept");
	buf_free(&b);
}

/* render - what fn prints, as a string */
static char *
render_rec(const struct out_rec *r, int json)
{
	char *data = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&data, &len);

	out_print_rec(fp, r, json);
	fclose(fp);
	return data;
}

static void
test_records(void)
{
	struct out_rec *r = out_rec_new(), *rows[2];
	char *vals[] = {"smtp", "imap"};
	char *s, *data = NULL;
	size_t len = 0;
	FILE *fp;
	const char *cols[] = {"uid", "services", NULL}, *heads[] = {"UID", "SERVICES", NULL};

	out_str(r, "uid", "alice");
	out_str(r, "mail", NULL);
	out_list(r, "services", vals, 2);
	out_bool(r, "locked", 0);
	out_int(r, "failures", 3);
	s = render_rec(r, 1);
	T_STREQ(s,
	        "{\"uid\":\"alice\",\"mail\":null,\"services\":[\"smtp\",\"imap\"],"
	        "\"locked\":false,\"failures\":3}\n",
	        "record as JSON");
	free(s);
	s = render_rec(r, 0);
	T_STREQ(s,
	        "uid:      alice\nmail:     -\nservices: smtp, imap\nlocked:   no\nfailures: 3\n",
	        "record as text");
	free(s);
	T_STREQ(out_rec_get(r, "uid"), "alice", "field lookup");
	T_CHECK(out_rec_get(r, "services") == NULL, "lookup is for strings only");

	rows[0] = r;
	rows[1] = out_rec_new();
	out_str(rows[1], "uid", "bo");
	out_list(rows[1], "services", NULL, 0);
	fp = open_memstream(&data, &len);
	out_print_table(fp, rows, 2, cols, heads, 0);
	fclose(fp);
	T_STREQ(data, "UID    SERVICES\nalice  smtp,imap\nbo     -\n", "table columns line up");
	free(data);
	data = NULL;
	fp = open_memstream(&data, &len);
	out_print_table(fp, rows, 0, cols, heads, 1);
	fclose(fp);
	T_STREQ(data, "[]\n", "an empty list is [] in JSON");
	free(data);
	out_rec_free(&rows[1]);
	out_rec_free(&r);
	T_CHECK(r == NULL, "free NULLs the pointer");
}

static void
test_validate(void)
{
	static const char *const names_ok[] = {"Alice Example", "J\xc3\xb6rg M\xc3\xbcller", "X"};
	static const char *const names_bad[] = {"",     " lead",   "trail ",
	                                        "a\tb", "bad\xff", "c1\xc2\x85x"};
	static const char *const mail_ok[] = {"a@example.org", "first.last+tag@sub.example.org"};
	static const char *const mail_bad[] = {"",
	                                       "noat",
	                                       "@example.org",
	                                       "a@",
	                                       "a@b@c",
	                                       "a b@example.org",
	                                       "a@.org",
	                                       "<a@b.org>",
	                                       "a@b.org.",
	                                       "j\xc3\xb6@b.org"};
	static const char *const hash_ok[] = {"{CRYPT}$6$abc$def", "{SSHA512}AAAA", "{ARGON2}x"};
	static const char *const hash_bad[] = {"secret",       "{CRYPT}",  "{}x",
	                                       "{CLEARTEXT}x", "{clear}x", "{ SHA}x"};
	char *err = NULL, **svcs = NULL;
	size_t n = 0;

	for (size_t i = 0; i < sizeof(names_ok) / sizeof(names_ok[0]); i++)
		T_CHECK(cli_valid_name(names_ok[i], &err), "name ok: %s", names_ok[i]);
	for (size_t i = 0; i < sizeof(names_bad) / sizeof(names_bad[0]); i++) {
		T_CHECK(!cli_valid_name(names_bad[i], &err), "name bad #%zu", i);
		xfree(&err);
	}
	for (size_t i = 0; i < sizeof(mail_ok) / sizeof(mail_ok[0]); i++)
		T_CHECK(cli_valid_mail(mail_ok[i], &err), "mail ok: %s", mail_ok[i]);
	for (size_t i = 0; i < sizeof(mail_bad) / sizeof(mail_bad[0]); i++) {
		T_CHECK(!cli_valid_mail(mail_bad[i], &err), "mail bad: %s", mail_bad[i]);
		xfree(&err);
	}
	for (size_t i = 0; i < sizeof(hash_ok) / sizeof(hash_ok[0]); i++)
		T_CHECK(cli_valid_hash(hash_ok[i], &err), "hash ok: %s", hash_ok[i]);
	for (size_t i = 0; i < sizeof(hash_bad) / sizeof(hash_bad[0]); i++) {
		T_CHECK(!cli_valid_hash(hash_bad[i], &err), "hash bad: %s", hash_bad[i]);
		xfree(&err);
	}
	T_CHECK(cli_valid_uid("alice", &err) && !cli_valid_uid("a,b", &err), "uids");
	xfree(&err);
	T_CHECK(!cli_valid_uid("*)(uid=*", &err), "filter syntax is not a uid");
	xfree(&err);

	T_CHECK(cli_services_parse("SMTP, imap;smtp  pop3", &svcs, &n, &err), "services parse");
	T_CHECK(n == 3 && strcmp(svcs[0], "smtp") == 0 && strcmp(svcs[1], "imap") == 0 &&
	                strcmp(svcs[2], "pop3") == 0 && svcs[3] == NULL,
	        "lower-cased, de-duplicated, in order");
	cli_strv_free(&svcs);
	T_CHECK(cli_services_parse("", &svcs, &n, &err) && n == 0 && svcs[0] == NULL, "empty list");
	cli_strv_free(&svcs);
	T_CHECK(!cli_services_parse("smtp,fax", &svcs, &n, &err) && err != NULL &&
	                strstr(err, "\"fax\"") != NULL,
	        "unknown service named");
	xfree(&err);
}

static void
test_sn_and_random(void)
{
	char *sn;
	struct secret *a, *b;

	T_STREQ((sn = cli_account_sn("Zed Zebra")), "Zebra", "sn: last word");
	xfree(&sn);
	T_STREQ((sn = cli_account_sn("Mononym")), "Mononym", "sn: one word");
	xfree(&sn);
	T_STREQ((sn = cli_account_sn("Ann  Lee ")), "Lee", "sn: trailing blank");
	xfree(&sn);

	a = cli_pw_random(20);
	b = cli_pw_random(20);
	T_CHECK(a->len == 20 && strlen(a->data) == 20, "random password length");
	T_CHECK(!secret_equal(a->data, a->len, b->data, b->len), "two random passwords differ");
	T_CHECK(strpbrk(a->data, "0O1lI") == NULL, "no confusable characters");
	T_CHECK(strpbrk(a->data, "abcdefghijkmnopqrstuvwxyz") != NULL &&
	                strpbrk(a->data, "ABCDEFGHJKLMNPQRSTUVWXYZ") != NULL &&
	                strpbrk(a->data, "23456789") != NULL,
	        "lower, upper and digit present");
	secret_free(&a);
	secret_free(&b);
}

int
main(void)
{
	test_json_string();
	test_text_clean();
	test_records();
	test_validate();
	test_sn_and_random();
	return t_done("test_cli_output");
}
