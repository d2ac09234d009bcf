/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_help.c: postinoctl's usage texts, generated from the command table.
 */
#include <stdio.h>
#include <string.h>

#include "cli_args.h"

static const char global_help[] =
        "Global options (anywhere on the line):\n"
        "  -C FILE         config file (default /etc/postino/postino.conf)\n"
        "  -H URI          directory URI (default: ctl_uri; as root ldapi:///)\n"
        "  -D DN           bind DN (default: ctl_bind_dn)\n"
        "  -y FILE         file with the bind DN's password (default: ctl_password_file)\n"
        "  --json          machine-readable output: one JSON document on stdout\n"
        "  -v              more detail\n"
        "  --help          help for postinoctl or for one command\n"
        "  --version       print the version\n"
        "  --print-defaults  every setting postinoctl reads, with its default\n"
        "\n"
        "Passwords are read from a terminal prompt or with --password-stdin, never\n"
        "from the command line.\n"
        "Exit status: 0 done, 1 refused or not found, 2 usage error, 3 directory\n"
        "unavailable (auth test: 0 OK, 1 NO, 2 authd unavailable).\n";

static void
synopsis(FILE *fp, const struct cli_cmd *c)
{
	fprintf(fp, "postinoctl %s%s%s%s%s", c->group, c->name != NULL ? " " : "",
	        c->name != NULL ? c->name : "", c->args[0] != '\0' ? " " : "", c->args);
	for (const struct cli_opt *o = c->opts; o->name != NULL; o++) {
		if (o->argname != NULL)
			fprintf(fp, " [--%s %s]", o->name, o->argname);
		else
			fprintf(fp, " [--%s]", o->name);
	}
	fputc('\n', fp);
}

static void
one_line(FILE *fp, const struct cli_cmd *c)
{
	char words[64];

	snprintf(words, sizeof(words), "%s%s%s %s", c->group, c->name != NULL ? " " : "",
	         c->name != NULL ? c->name : "", c->args);
	fprintf(fp, "  %-24s %s\n", words, c->summary);
}

void
cli_help_all(FILE *fp)
{
	fprintf(fp, "usage: postinoctl [global options] COMMAND [arguments] [options]\n\n"
	            "Commands:\n");
	for (const struct cli_cmd *c = cli_commands; c->group != NULL; c++)
		one_line(fp, c);
	fprintf(fp,
	        "\n%s\n\"postinoctl COMMAND --help\" describes one command; see also "
	        "postinoctl(8).\n",
	        global_help);
}

void
cli_help_group(FILE *fp, const char *group)
{
	fprintf(fp, "usage: postinoctl %s SUBCOMMAND ...\n\n", group);
	for (const struct cli_cmd *c = cli_commands; c->group != NULL; c++)
		if (strcmp(c->group, group) == 0)
			one_line(fp, c);
	fprintf(fp, "\n\"postinoctl %s SUBCOMMAND --help\" describes one of them.\n", group);
}

void
cli_help_cmd(FILE *fp, const struct cli_cmd *c)
{
	fprintf(fp, "usage: ");
	synopsis(fp, c);
	fprintf(fp, "\n%s\n", c->summary);
	if (c->detail[0] != '\0')
		fprintf(fp, "\n%s\n", c->detail);
	if (c->opts[0].name != NULL) {
		fprintf(fp, "\nOptions:\n");
		for (const struct cli_opt *o = c->opts; o->name != NULL; o++) {
			char left[48];

			snprintf(left, sizeof(left), "--%s%s%s", o->name, o->argname ? " " : "",
			         o->argname ? o->argname : "");
			fprintf(fp, "  %-24s %s\n", left, o->help);
		}
	}
	fprintf(fp, "\n%s", global_help);
}
