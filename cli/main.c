/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c: postinoctl, the administrators' command line for postino.
 *
 * It reads the config file every postino program reads, finds the command
 * in the table (cli_commands.c), connects to the directory only for the
 * commands that need it, and exits with a code that says what happened:
 * 0 done, 1 refused or not found, 2 usage, 3 directory unavailable.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "cli_conn.h"
#include "cli_settings.h"
#include "log.h"
#include "version.h"

static int
print_defaults(struct cli_ctx *ctx)
{
	struct cfg_table tabs[3];
	size_t n = cli_settings_tables(ctx, tabs);

	cfg_defaults(tabs, n);
	cfg_print_defaults(stdout, tabs, n);
	cfg_release(tabs, n);
	return CLI_EXIT_OK;
}

/* print_doc - the ctl_* table as Markdown, for the README's configuration reference */
static int
print_doc(struct cli_ctx *ctx)
{
	struct cfg_table t = cli_settings_table(&ctx->ctl);

	cfg_print_doc(stdout, &t, 1);
	return CLI_EXIT_OK;
}

/* help_command - "postinoctl help [GROUP [NAME]]" */
static int
help_command(int argc, char **argv, int i)
{
	const struct cli_cmd *c;

	if (i >= argc) {
		cli_help_all(stdout);
		return CLI_EXIT_OK;
	}
	if (!cli_group_known(argv[i])) {
		cli_err("unknown command \"%s\"", argv[i]);
		return CLI_EXIT_USAGE;
	}
	c = cli_cmd_find(argv[i], i + 1 < argc ? argv[i + 1] : NULL);
	if (c == NULL)
		cli_help_group(stdout, argv[i]);
	else
		cli_help_cmd(stdout, c);
	return CLI_EXIT_OK;
}

/* find_command - the command named at argv[*i] (one or two words); NULL after a message */
static const struct cli_cmd *
find_command(int argc, char **argv, int *i, int *code)
{
	const char *group = argv[(*i)++];
	const struct cli_cmd *c;

	*code = CLI_EXIT_USAGE;
	if (!cli_group_known(group)) {
		cli_err("unknown command \"%s\"; \"postinoctl --help\" lists them", group);
		return NULL;
	}
	c = cli_cmd_find(group, NULL);
	if (c != NULL && c->name == NULL)
		return c;
	if (*i >= argc || argv[*i][0] == '-') {
		if (*i < argc && (strcmp(argv[*i], "--help") == 0 || strcmp(argv[*i], "-h") == 0)) {
			cli_help_group(stdout, group);
			*code = CLI_EXIT_OK;
			return NULL;
		}
		cli_err("\"%s\" needs a subcommand", group);
		cli_help_group(stderr, group);
		return NULL;
	}
	c = cli_cmd_find(group, argv[*i]);
	if (c == NULL) {
		cli_err("unknown command \"%s %s\"", group, argv[*i]);
		cli_help_group(stderr, group);
		return NULL;
	}
	(*i)++;
	return c;
}

static int
run(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_cmd *cmd;
	struct cli_parsed p;
	int i = 1, code;

	for (; i < argc && argv[i][0] == '-'; i++) {
		int r;

		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			cli_help_all(stdout);
			return CLI_EXIT_OK;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("postinoctl %s\n", POSTINO_VERSION);
			return CLI_EXIT_OK;
		}
		if (strcmp(argv[i], "--print-defaults") == 0)
			return print_defaults(ctx);
		if (strcmp(argv[i], "--print-doc") == 0)
			return print_doc(ctx);
		r = cli_args_global(ctx, argc, argv, &i);
		if (r < 0)
			return CLI_EXIT_USAGE;
		if (r == 0 && cli_arg_password_like(argv[i])) {
			cli_args_refuse_password(argc, argv, i);
			return CLI_EXIT_USAGE;
		}
		if (r == 0) {
			cli_err("unknown option %s; \"postinoctl --help\" lists them", argv[i]);
			return CLI_EXIT_USAGE;
		}
	}
	if (i >= argc) {
		cli_help_all(stderr);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[i], "help") == 0)
		return help_command(argc, argv, i + 1);
	cmd = find_command(argc, argv, &i, &code);
	if (cmd == NULL)
		return code;
	switch (cli_args_parse(ctx, cmd, argc, argv, i, &p)) {
	case 1:
		return CLI_EXIT_OK;
	case 0:
		break;
	default:
		return CLI_EXIT_USAGE;
	}
	code = cli_settings_load(ctx);
	if (code != CLI_EXIT_OK)
		return code;
	if (ctx->g.verbose)
		log_set_level(LOG_LVL_DEBUG);
	if (cmd->needs_ldap && (code = cli_conn_open(ctx)) != CLI_EXIT_OK)
		return code;
	return cmd->run(ctx, &p);
}

int
main(int argc, char **argv)
{
	struct cli_ctx ctx;
	int code;

	memset(&ctx, 0, sizeof(ctx));
	ctx.out = stdout;
	/* A vanished authd must give an error message, not a silent SIGPIPE death. */
	signal(SIGPIPE, SIG_IGN);
	log_open("postinoctl", LOG_TO_STDERR, LOG_LVL_WARN);
	code = run(&ctx, argc, argv);
	cli_conn_close(&ctx);
	cli_settings_release(&ctx);
	if (fflush(stdout) != 0 && code == CLI_EXIT_OK)
		code = CLI_EXIT_UNAVAILABLE;
	return code;
}
