/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_args.c: the option parser every postinoctl command goes through.
 *
 * Options may come before or after positionals ("user show alice --json"),
 * "--opt value" and "--opt=value" are both accepted, and "--" ends the
 * options. Anything that looks like a password given on the command line is
 * refused before it can be used: argv is readable by every local user
 * through ps and /proc, and it ends up in shell history.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "cli_args.h"
#include "secret.h"

const struct cli_cmd *
cli_cmd_find(const char *group, const char *name)
{
	for (const struct cli_cmd *c = cli_commands; c->group != NULL; c++) {
		if (strcmp(c->group, group) != 0)
			continue;
		if (c->name == NULL)
			return c;
		if (name != NULL && strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

int
cli_group_known(const char *group)
{
	for (const struct cli_cmd *c = cli_commands; c->group != NULL; c++)
		if (strcmp(c->group, group) == 0)
			return 1;
	return 0;
}

int
cli_arg_password_like(const char *arg)
{
	char name[64];
	size_t n = 0;

	if (arg[0] != '-')
		return 0;
	/* -w is ldapmodify's "bind password" flag; people will try it. */
	if (arg[1] == 'w')
		return 1;
	if (arg[1] != '-')
		return 0;
	for (const char *p = arg + 2; *p != '\0' && *p != '=' && n < sizeof(name) - 1; p++)
		name[n++] = (char)tolower((unsigned char)*p);
	name[n] = '\0';
	if (strcmp(name, "password-stdin") == 0 || strcmp(name, "no-password") == 0)
		return 0;
	return strstr(name, "pass") != NULL || strstr(name, "pw") != NULL ||
	       strstr(name, "secret") != NULL;
}

int
cli_args_refuse_password(int argc, char **argv, int i)
{
	char *eq = strchr(argv[i], '=');
	int flag_only = eq == NULL && !(argv[i][1] == 'w' && argv[i][2] != '\0');

	cli_err("refusing \"%.*s\": a password on the command line is visible to every "
	        "user of this host (ps, /proc) and stays in shell history; use "
	        "--password-stdin or the prompt instead",
	        eq != NULL ? (int)(eq - argv[i]) : (argv[i][1] == 'w' ? 2 : (int)strlen(argv[i])),
	        argv[i]);
	if (eq != NULL)
		secret_wipe(eq + 1, strlen(eq + 1));
	else if (argv[i][1] == 'w' && argv[i][2] != '\0')
		secret_wipe(argv[i] + 2, strlen(argv[i] + 2));
	else if (flag_only && i + 1 < argc && argv[i + 1][0] != '-')
		secret_wipe(argv[i + 1], strlen(argv[i + 1]));
	return -1;
}

/* global_value - the value of a global option given as "-X value" or "--x=value" */
static const char *
global_value(int argc, char **argv, int *i, const char *eq)
{
	if (eq != NULL)
		return eq + 1;
	if (*i + 1 >= argc) {
		cli_err("option %s needs a value", argv[*i]);
		return NULL;
	}
	(*i)++;
	return argv[*i];
}

int
cli_args_global(struct cli_ctx *ctx, int argc, char **argv, int *i)
{
	static const struct {
		const char *shrt, *lng;
		size_t off;
	} valued[] = {
	        {"-C", "--config", offsetof(struct cli_global, config_file)},
	        {"-H", "--uri", offsetof(struct cli_global, uri)},
	        {"-D", "--bind-dn", offsetof(struct cli_global, bind_dn)},
	        {"-y", "--bind-password-file", offsetof(struct cli_global, pw_file)},
	};
	const char *a = argv[*i];
	const char *eq = strchr(a, '=');
	size_t nlen = eq != NULL ? (size_t)(eq - a) : strlen(a);

	if (strcmp(a, "--json") == 0) {
		ctx->g.json = 1;
		return 1;
	}
	if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
		ctx->g.verbose = 1;
		return 1;
	}
	for (size_t k = 0; k < sizeof(valued) / sizeof(valued[0]); k++) {
		const char **field = (const char **)((char *)&ctx->g + valued[k].off);
		const char *v;

		if (strcmp(a, valued[k].shrt) == 0) {
			v = global_value(argc, argv, i, NULL);
		} else if (strlen(valued[k].lng) == nlen && strncmp(a, valued[k].lng, nlen) == 0) {
			v = global_value(argc, argv, i, eq);
		} else {
			continue;
		}
		if (v == NULL)
			return -1;
		*field = v;
		return 1;
	}
	return 0;
}

static int
opt_index(const struct cli_cmd *cmd, const char *name, size_t nlen)
{
	for (int k = 0; cmd->opts != NULL && cmd->opts[k].name != NULL; k++)
		if (strlen(cmd->opts[k].name) == nlen &&
		    strncmp(cmd->opts[k].name, name, nlen) == 0)
			return k;
	return -1;
}

static void
usage_hint(const struct cli_cmd *cmd)
{
	if (cmd->name != NULL)
		cli_err("try \"postinoctl %s %s --help\"", cmd->group, cmd->name);
	else
		cli_err("try \"postinoctl %s --help\"", cmd->group);
}

/* parse_long - one "--name[=value]" option of the command */
static int
parse_long(const struct cli_cmd *cmd, int argc, char **argv, int *i, struct cli_parsed *p)
{
	const char *a = argv[*i];
	const char *eq = strchr(a, '=');
	size_t nlen = eq != NULL ? (size_t)(eq - a - 2) : strlen(a) - 2;
	int k = opt_index(cmd, a + 2, nlen);

	if (k < 0) {
		if (cli_arg_password_like(a))
			return cli_args_refuse_password(argc, argv, *i);
		cli_err("unknown option %s", a);
		usage_hint(cmd);
		return -1;
	}
	if (cmd->opts[k].argname == NULL) {
		if (eq != NULL) {
			cli_err("option --%s takes no value", cmd->opts[k].name);
			return -1;
		}
		p->val[k] = "";
		return 0;
	}
	if (eq != NULL) {
		p->val[k] = eq + 1;
	} else if (*i + 1 < argc) {
		p->val[k] = argv[++(*i)];
	} else {
		cli_err("option --%s needs a value (%s)", cmd->opts[k].name, cmd->opts[k].argname);
		return -1;
	}
	return 0;
}

int
cli_args_parse(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc, char **argv, int start,
               struct cli_parsed *p)
{
	int only_pos = 0;

	memset(p, 0, sizeof(*p));
	p->cmd = cmd;
	for (int i = start; i < argc; i++) {
		const char *a = argv[i];
		int r;

		if (only_pos || a[0] != '-' || a[1] == '\0') {
			if (p->npos >= cmd->max_pos || p->npos >= CLI_MAX_POS) {
				cli_err("unexpected argument \"%s\"", a);
				usage_hint(cmd);
				return -1;
			}
			p->pos[p->npos++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_pos = 1;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cli_help_cmd(stdout, cmd);
			return 1;
		}
		r = cli_args_global(ctx, argc, argv, &i);
		if (r < 0)
			return -1;
		if (r > 0)
			continue;
		if (a[1] == '-') {
			if (parse_long(cmd, argc, argv, &i, p) < 0)
				return -1;
			continue;
		}
		if (cli_arg_password_like(a))
			return cli_args_refuse_password(argc, argv, i);
		cli_err("unknown option %s", a);
		usage_hint(cmd);
		return -1;
	}
	if (p->npos < cmd->min_pos) {
		cli_err("missing argument: %s%s%s %s", cmd->group, cmd->name != NULL ? " " : "",
		        cmd->name != NULL ? cmd->name : "", cmd->args);
		usage_hint(cmd);
		return -1;
	}
	return 0;
}

const char *
cli_opt(const struct cli_parsed *p, const char *name)
{
	int k = opt_index(p->cmd, name, strlen(name));

	if (k < 0)
		return NULL;
	return p->val[k];
}
