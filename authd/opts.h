/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * opts.h: postino-authd's command line, which is saslauthd's
 * ("-a ldap -O file -m dir -n N -c -t secs -d -r", plus -s -l -V -v -h)
 * and postino's own (-C file, --print-defaults).
 */
#ifndef AUTHD_OPTS_H
#define AUTHD_OPTS_H

#include <stddef.h>

#include "config.h"
#include "result.h"

struct authd_opts {
	const char *conf_path; /* -C: postino.conf; missing is fine unless given */
	int conf_given;
	const char *sasl_conf; /* -O: saslauthd.conf; missing is fine unless given */
	int sasl_conf_given;
	const char *mux_path; /* -m: directory of "mux" (or the full .../mux path) */
	long threads;         /* -n: -1 when not given */
	int cache;            /* -c */
	long ttl;             /* -t: -1 when not given */
	int foreground;       /* -d or -f */
	int debug;            /* -d: also log to stderr */
	int realm_login;      /* -r */
	int verbose;          /* -V */
	int print_defaults;   /* --print-defaults */
	int version;          /* -v */
	int help;             /* -h */
};

/* authd_opts_parse - parse argv; PST_PERMFAIL with *err_r (xmalloc'd) on bad usage */
enum pst_result authd_opts_parse(int argc, char **argv, struct authd_opts *o, char **err_r);

/*
 * authd_opts_apply - set the flags' settings (-m, -c, -t, -r, -n, -V) in
 * the tables, after the files were read, so flags win as with saslauthd.
 */
enum pst_result authd_opts_apply(const struct authd_opts *o, const struct cfg_table *tabs,
                                 size_t ntabs, char **err_r);

/* authd_opts_usage - the usage text */
void authd_opts_usage(FILE *fp, const char *prog);

#endif
