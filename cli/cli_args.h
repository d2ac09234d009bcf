/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_args.h: postinoctl's command table and its option parser.
 *
 * Each command is one table entry: its words ("user", "add"), positional
 * arguments, options and the function that runs it. One parser serves all of
 * them, so every command gets --help, the global options in any position,
 * and the refusal of passwords on the command line in the same way.
 */
#ifndef POSTINO_CLI_ARGS_H
#define POSTINO_CLI_ARGS_H

#include <stdio.h>

struct cli_ctx;

#define CLI_MAX_OPTS 12
#define CLI_MAX_POS  4

struct cli_opt {
	const char *name;    /* long name without the dashes, e.g. "name" */
	const char *argname; /* NULL for a flag, else e.g. "TEXT" */
	const char *help;    /* one line */
};

struct cli_cmd;

struct cli_parsed {
	const struct cli_cmd *cmd;
	const char *pos[CLI_MAX_POS];
	int npos;
	const char *val[CLI_MAX_OPTS]; /* option value ("" for a flag), NULL if absent */
};

struct cli_cmd {
	const char *group;          /* first word: "user", "cert", "stats", ... */
	const char *name;           /* second word, or NULL for one-word commands */
	const char *args;           /* positional synopsis, e.g. "UID SVC" */
	const char *summary;        /* one line for the command list */
	const char *detail;         /* the --help text after the synopsis */
	const struct cli_opt *opts; /* terminated by an entry with name NULL */
	int min_pos, max_pos;
	int needs_ldap; /* connect to the directory before run() */
	int (*run)(struct cli_ctx *ctx, const struct cli_parsed *p);
};

extern const struct cli_cmd cli_commands[];

/* cli_cmd_find - the entry for words group [name]; NULL if unknown */
const struct cli_cmd *cli_cmd_find(const char *group, const char *name);
/* cli_group_known - 1 if some command starts with this word */
int cli_group_known(const char *group);

/*
 * cli_args_global - consume one global option at argv[*i] (-C, -H, -D, -y,
 * --json, -v). Returns 1 when consumed (advancing *i past its value), 0 when
 * argv[*i] is not a global option, -1 on a usage error (message printed).
 */
int cli_args_global(struct cli_ctx *ctx, int argc, char **argv, int *i);

/*
 * cli_args_parse - parse argv[start..argc) for cmd: its options, global
 * options, and positionals. Returns 0 on success, 1 when --help was asked
 * for (help printed), -1 on a usage error (message printed).
 */
int cli_args_parse(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc, char **argv, int start,
                   struct cli_parsed *p);

/* cli_opt - the value of option name ("" for a set flag), or NULL */
const char *cli_opt(const struct cli_parsed *p, const char *name);

/*
 * cli_arg_password_like - 1 if a command-line word looks like an attempt to
 * give a password (--password, --password=..., -w, --passwd, ...).
 * --password-stdin and --no-password are not such attempts.
 */
int cli_arg_password_like(const char *arg);

/*
 * cli_args_refuse_password - explain why argv[i] (password-like) is refused,
 * overwrite the password in argv so that later readers of /proc/PID/cmdline
 * do not see it, and return -1.
 */
int cli_args_refuse_password(int argc, char **argv, int i);

/* cli_help_all / cli_help_group / cli_help_cmd - usage texts on fp */
void cli_help_all(FILE *fp);
void cli_help_group(FILE *fp, const char *group);
void cli_help_cmd(FILE *fp, const struct cli_cmd *cmd);

#endif
