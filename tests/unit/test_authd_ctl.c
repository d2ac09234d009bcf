/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_authd_ctl.c: the control command parser and the commands' effect
 * on the caches, through ctl_execute.
 */
#include <string.h>

#include "../../authd/auth_cache.h"
#include "../../authd/auth_ctx.h"
#include "../../authd/ctl_proto.h"
#include "../../authd/ctl_server.h"
#include "keyed_hash.h"
#include "../../authd/stats.h"
#include "buf.h"
#include "secret.h"
#include "t.h"

static int reloads;

static enum pst_result
fake_reload(char **err_r)
{
	(void)err_r;
	reloads++;
	return PST_OK;
}

static void
parse_cases(void)
{
	char arg[CTL_LINE_MAX];
	const char *err;
	static const struct {
		const char *line;
		enum ctl_cmd want;
		const char *arg;
	} cases[] = {
	        {"stats\n", CTL_STATS, ""},
	        {"stats", CTL_STATS, ""},
	        {"stats\r\n", CTL_STATS, ""},
	        {"flush\n", CTL_FLUSH_ALL, ""},
	        {"flush alice\n", CTL_FLUSH_USER, "alice"},
	        {"flush alice@example.org", CTL_FLUSH_USER, "alice@example.org"},
	        {"reload\n", CTL_RELOAD, ""},
	        {"", CTL_BAD, ""},
	        {"\n", CTL_BAD, ""},
	        {"STATS\n", CTL_BAD, ""},
	        {"stats extra\n", CTL_BAD, ""},
	        {"flush \n", CTL_BAD, ""},
	        {"flush a b\n", CTL_BAD, ""},
	        {"flush a\tb\n", CTL_BAD, ""},
	        {"stats\n\n", CTL_BAD, ""},
	        {"flush a\x01\n", CTL_BAD, ""},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum ctl_cmd got =
		        ctl_parse(cases[i].line, strlen(cases[i].line), arg, sizeof(arg), &err);

		T_CHECK(got == cases[i].want, "case %zu: got %d want %d", i, got, cases[i].want);
		if (got == CTL_FLUSH_USER)
			T_STREQ(arg, cases[i].arg, "flush argument");
		if (got == CTL_BAD)
			T_CHECK(err != NULL, "case %zu has a reason", i);
	}
	T_CHECK(ctl_parse("flush a\0b", 9, arg, sizeof(arg), &err) == CTL_BAD, "NUL refused");
}

static void
key_for(const char *login, const char *pw, struct auth_cache_key *k)
{
	struct secret *s = secret_from_str(pw);

	auth_cache_key(login, "", "smtp", s, k);
	account_name_digest(login, k->user);
	secret_free(&s);
}

static void
exec_cases(void)
{
	struct authd_runtime rt;
	struct auth_cache_key ka, kb;
	struct buf out = BUF_INIT;

	memset(&rt, 0, sizeof(rt));
	rt.cache = auth_cache_new(256);
	key_for("alice", "a", &ka);
	key_for("bob", "b", &kb);
	auth_cache_store(rt.cache, &ka, 1, INT64_MAX);
	auth_cache_store(rt.cache, &kb, 1, INT64_MAX);

	ctl_execute(&rt, fake_reload, "flush alice\n", 12, &out);
	T_CHECK(strstr(out.data, "flushed=1\nOK\n") != NULL, "flush alice: %s", out.data);
	T_CHECK(auth_cache_lookup(rt.cache, &ka, 0) == AC_MISS, "alice gone");
	T_CHECK(auth_cache_lookup(rt.cache, &kb, 0) == AC_POSITIVE, "bob stays");
	buf_reset(&out);
	ctl_execute(&rt, fake_reload, "flush\n", 6, &out);
	T_CHECK(strcmp(out.data, "flushed=1\nOK\n") == 0, "flush all: %s", out.data);
	buf_reset(&out);
	ctl_execute(&rt, fake_reload, "stats\n", 6, &out);
	T_CHECK(strstr(out.data, "requests=") != NULL && strstr(out.data, "flushes=2\n") != NULL,
	        "stats counts the flushes");
	T_CHECK(out.len > 3 && strcmp(out.data + out.len - 3, "OK\n") == 0, "stats ends in OK");
	buf_reset(&out);
	ctl_execute(&rt, fake_reload, "reload\n", 7, &out);
	T_CHECK(strcmp(out.data, "OK\n") == 0 && reloads == 1, "reload calls back");
	buf_reset(&out);
	ctl_execute(&rt, fake_reload, "bogus\n", 6, &out);
	T_CHECK(strncmp(out.data, "ERR ", 4) == 0, "unknown command: ERR");
	buf_free(&out);
	auth_cache_free(&rt.cache);
}

int
main(void)
{
	T_CHECK(keyed_hash_init() == PST_OK, "key drawn");
	stats_init();
	parse_cases();
	exec_cases();
	keyed_hash_shutdown();
	return t_done("authd_ctl");
}
