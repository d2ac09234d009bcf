/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_cli_args.c: postinoctl's command line: the command table, option
 * parsing (options anywhere, --opt=value, --), the global options, and the
 * refusal of passwords given in argv (which must also blank them in argv).
 */
#include <string.h>

#include "../../cli/cli.h"
#include "../../cli/cli_args.h"
#include "../../cli/cli_settings.h"
#include "t.h"
#include "xalloc.h"

static void
test_password_like(void)
{
	static const struct {
		const char *arg;
		int want;
	} cases[] = {
	        {"--password", 1},
	        {"--password=x", 1},
	        {"--PASSWORD=x", 1},
	        {"--passwd", 1},
	        {"--pass", 1},
	        {"--pw=x", 1},
	        {"--bind-pw", 1},
	        {"--secret=x", 1},
	        {"-w", 1},
	        {"-wSecret", 1},
	        {"--password-stdin", 0},
	        {"--random", 0},
	        {"--name", 0},
	        {"-v", 0},
	        {"-y", 0},
	        {"password", 0},
	        {"alice", 0},
	        {"-", 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		T_CHECK(cli_arg_password_like(cases[i].arg) == cases[i].want, "%s: want %d",
		        cases[i].arg, cases[i].want);
}

static void
test_table(void)
{
	const struct cli_cmd *c;

	T_CHECK((c = cli_cmd_find("user", "add")) != NULL && c->run != NULL, "user add");
	T_CHECK(cli_cmd_find("user", "nope") == NULL, "user nope unknown");
	T_CHECK((c = cli_cmd_find("stats", NULL)) != NULL && c->name == NULL, "stats: one word");
	T_CHECK(cli_group_known("import") && !cli_group_known("frobnicate"), "groups");
	/* Every command has help text, and every password option is --password-stdin. */
	for (c = cli_commands; c->group != NULL; c++) {
		T_CHECK(c->summary != NULL && c->summary[0] != '\0', "%s: summary", c->group);
		for (const struct cli_opt *o = c->opts; o->name != NULL; o++) {
			char dashed[64];

			snprintf(dashed, sizeof(dashed), "--%s", o->name);
			T_CHECK(!cli_arg_password_like(dashed), "%s %s: option --%s is not refused",
			        c->group, c->name ? c->name : "", o->name);
		}
	}
}

static int
parse(struct cli_ctx *ctx, const char *group, const char *name, int argc, char **argv,
      struct cli_parsed *p)
{
	return cli_args_parse(ctx, cli_cmd_find(group, name), argc, argv, 0, p);
}

static void
test_parse(void)
{
	struct cli_ctx ctx;
	struct cli_parsed p;
	char a0[] = "zed", a1[] = "--name", a2[] = "Zed Z", a3[] = "--json",
	     a4[] = "--mail=z@x.org", a5[] = "-C", a6[] = "/etc/x.conf";
	char *argv[] = {a0, a1, a2, a3, a4, a5, a6};

	memset(&ctx, 0, sizeof(ctx));
	T_CHECK(parse(&ctx, "user", "add", 7, argv, &p) == 0, "user add parses");
	T_STREQ(p.pos[0], "zed", "positional");
	T_STREQ(cli_opt(&p, "name"), "Zed Z", "--name VALUE");
	T_STREQ(cli_opt(&p, "mail"), "z@x.org", "--mail=VALUE");
	T_CHECK(cli_opt(&p, "random") == NULL, "absent flag");
	T_CHECK(ctx.g.json == 1, "--json after the positional");
	T_STREQ(ctx.g.config_file, "/etc/x.conf", "-C after the positional");

	{
		char b0[] = "--random", b1[] = "--", b2[] = "-odd";
		char *bv[] = {b0, b1, b2};

		memset(&ctx, 0, sizeof(ctx));
		T_CHECK(parse(&ctx, "user", "add", 3, bv, &p) == 0, "-- ends options");
		T_STREQ(p.pos[0], "-odd", "positional after --");
		T_STREQ(cli_opt(&p, "random"), "", "flag set");
	}
	{
		char b0[] = "alice", b1[] = "bob";
		char *bv[] = {b0, b1};

		T_CHECK(parse(&ctx, "user", "show", 2, bv, &p) < 0, "too many positionals");
		T_CHECK(parse(&ctx, "user", "show", 0, bv, &p) < 0, "missing positional");
	}
	{
		char b0[] = "alice", b1[] = "--frob";
		char *bv[] = {b0, b1};

		T_CHECK(parse(&ctx, "user", "show", 2, bv, &p) < 0, "unknown option");
	}
	{
		char b0[] = "alice", b1[] = "--random=yes";
		char *bv[] = {b0, b1};

		T_CHECK(parse(&ctx, "user", "passwd", 2, bv, &p) < 0, "a flag takes no value");
	}
	{
		char b0[] = "alice", b1[] = "--help";
		char *bv[] = {b0, b1};
		FILE *saved = stdout;

		stdout = fopen("/dev/null", "w");
		T_CHECK(parse(&ctx, "user", "show", 2, bv, &p) == 1, "--help is reported");
		fclose(stdout);
		stdout = saved;
	}
}

static void
test_refusal_wipes(void)
{
	struct cli_ctx ctx;
	struct cli_parsed p;
	char a0[] = "alice", a1[] = "--password=Sekrit-1";
	char b0[] = "alice", b1[] = "--password", b2[] = "Sekrit-2";
	char c0[] = "alice", c1[] = "-wSekrit-3";
	char *av[] = {a0, a1}, *bv[] = {b0, b1, b2}, *cv[] = {c0, c1};

	memset(&ctx, 0, sizeof(ctx));
	T_CHECK(parse(&ctx, "user", "passwd", 2, av, &p) < 0, "--password=X refused");
	T_CHECK(strstr(a1, "Sekrit") == NULL && strncmp(a1, "--password=", 11) == 0,
	        "--password=X: the value is wiped from argv");
	T_CHECK(parse(&ctx, "user", "passwd", 3, bv, &p) < 0, "--password X refused");
	T_CHECK(strstr(b2, "Sekrit") == NULL, "--password X: the next word is wiped");
	T_CHECK(parse(&ctx, "user", "passwd", 2, cv, &p) < 0, "-wX refused");
	T_CHECK(strstr(c1, "Sekrit") == NULL, "-wX: the value is wiped");
}

static void
test_people_base(void)
{
	char *b;

	T_STREQ((b = cli_people_base_derive("ou=staff,o=x", "dc=example,dc=org")), "ou=staff,o=x",
	        "ctl_people_base wins");
	xfree(&b);
	T_STREQ((b = cli_people_base_derive(NULL, "dc=example,dc=org")),
	        "ou=people,dc=example,dc=org", "derived from the search base");
	xfree(&b);
	T_STREQ((b = cli_people_base_derive(NULL, "ou=People,dc=example,dc=org")),
	        "ou=People,dc=example,dc=org", "a search base that is the people branch already");
	xfree(&b);
	T_CHECK(cli_people_base_derive(NULL, NULL) == NULL, "nothing to derive from");
	T_CHECK(cli_people_base_derive("", "") == NULL, "empty settings");
}

int
main(void)
{
	test_password_like();
	test_table();
	test_parse();
	test_refusal_wipes();
	test_people_base();
	return t_done("test_cli_args");
}
