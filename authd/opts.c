/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * opts.c: parsing postino-authd's command line.
 *
 * Every saslauthd flag is accepted so an init script or systemd unit
 * written for "saslauthd -a ldap" starts postino-authd unchanged. Flags that
 * have no meaning here (-l, -s) are accepted and ignored; the usage text says
 * so.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common_settings.h"
#include "opts.h"
#include "xalloc.h"

#define SASLAUTHD_CONF_DEFAULT "/etc/saslauthd.conf"

enum { OPT_PRINT_DEFAULTS = 256 };

static const struct option long_opts[] = {
        {"config", required_argument, NULL, 'C'},
        {"print-defaults", no_argument, NULL, OPT_PRINT_DEFAULTS},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
};

/* parse_long - a non-negative decimal option value */
static int
parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (*s == '\0')
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 0)
		return -1;
	*out = v;
	return 0;
}

enum pst_result
authd_opts_parse(int argc, char **argv, struct authd_opts *o, char **err_r)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->conf_path = POSTINO_CONFIG_FILE;
	o->sasl_conf = SASLAUTHD_CONF_DEFAULT;
	o->threads = -1;
	o->ttl = -1;
	optind = 0; /* glibc: full re-initialisation, so tests can parse twice */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":a:cdfhlm:n:O:rs:t:vVC:", long_opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (strcmp(optarg, "ldap") != 0) {
				*err_r = xasprintf("-a %s: only the ldap mechanism exists here",
				                   optarg);
				return PST_PERMFAIL;
			}
			break;
		case 'c':
			o->cache = 1;
			break;
		case 'd':
			o->debug = 1;
			o->foreground = 1;
			break;
		case 'f':
			o->foreground = 1;
			break;
		case 'h':
			o->help = 1;
			break;
		case 'l':
		case 's':
			/* saslauthd's accept lock and mmap cache size: nothing to tune here. */
			break;
		case 'm':
			if (optarg[0] != '/') {
				*err_r = xasprintf("-m %s: must be an absolute path", optarg);
				return PST_PERMFAIL;
			}
			o->mux_path = optarg;
			break;
		case 'n':
			if (parse_long(optarg, &o->threads) != 0) {
				*err_r = xasprintf("-n %s: not a number", optarg);
				return PST_PERMFAIL;
			}
			break;
		case 'O':
			o->sasl_conf = optarg;
			o->sasl_conf_given = 1;
			break;
		case 'C':
			o->conf_path = optarg;
			o->conf_given = 1;
			break;
		case 'r':
			o->realm_login = 1;
			break;
		case 't':
			if (parse_long(optarg, &o->ttl) != 0 || o->ttl == 0) {
				*err_r = xasprintf("-t %s: not a positive number", optarg);
				return PST_PERMFAIL;
			}
			break;
		case 'v':
			o->version = 1;
			break;
		case 'V':
			o->verbose = 1;
			break;
		case OPT_PRINT_DEFAULTS:
			o->print_defaults = 1;
			break;
		case ':':
			*err_r = xasprintf("option -%c needs a value", optopt);
			return PST_PERMFAIL;
		default:
			if (optopt != 0)
				*err_r = xasprintf("unknown option -%c", optopt);
			else
				*err_r = xasprintf("unknown option %s", argv[optind - 1]);
			return PST_PERMFAIL;
		}
	}
	if (optind < argc) {
		*err_r = xasprintf("unexpected argument %s", argv[optind]);
		return PST_PERMFAIL;
	}
	return PST_OK;
}

/* set_one - cfg_set with the flag named in the error */
static enum pst_result
set_one(const struct cfg_table *tabs, size_t ntabs, const char *flag, const char *key,
        const char *value, char **err_r)
{
	char *err = NULL;

	if (cfg_set(tabs, ntabs, key, value, &err) == PST_OK)
		return PST_OK;
	*err_r = xasprintf("%s: %s", flag, err != NULL ? err : "bad value");
	xfree(&err);
	return PST_PERMFAIL;
}

enum pst_result
authd_opts_apply(const struct authd_opts *o, const struct cfg_table *tabs, size_t ntabs,
                 char **err_r)
{
	char num[32];

	if (o->mux_path != NULL) {
		size_t n = strlen(o->mux_path);
		char *path;
		enum pst_result r;

		/*
		 * As saslauthd: -m names the directory, the socket is always
		 * DIR/mux, even when DIR's own name is "mux" (/run/saslauthd/mux
		 * layouts).
		 */
		path = xasprintf("%s%smux", o->mux_path,
		                 n > 0 && o->mux_path[n - 1] == '/' ? "" : "/");
		r = set_one(tabs, ntabs, "-m", "mux_socket", path, err_r);
		xfree(&path);
		if (r != PST_OK)
			return r;
	}
	if (o->cache && set_one(tabs, ntabs, "-c", "authd_cache", "yes", err_r) != PST_OK)
		return PST_PERMFAIL;
	if (o->ttl > 0) {
		snprintf(num, sizeof(num), "%ld", o->ttl);
		if (set_one(tabs, ntabs, "-t", "authd_cache_ttl", num, err_r) != PST_OK)
			return PST_PERMFAIL;
	}
	if (o->realm_login &&
	    set_one(tabs, ntabs, "-r", "authd_realm_login", "yes", err_r) != PST_OK)
		return PST_PERMFAIL;
	if (o->verbose && set_one(tabs, ntabs, "-V", "log_level", "debug", err_r) != PST_OK)
		return PST_PERMFAIL;
	if (o->debug && set_one(tabs, ntabs, "-d", "log_stderr", "yes", err_r) != PST_OK)
		return PST_PERMFAIL;
	return PST_OK;
}

void
authd_opts_usage(FILE *fp, const char *prog)
{
	fprintf(fp,
	        "usage: %s [-a ldap] [-C postino.conf] [-O saslauthd.conf] [-m dir] [-n N]\n"
	        "       [-c] [-t secs] [-d] [-f] [-r] [-V] [-l] [-s KB] [-v] [-h] "
	        "[--print-defaults]\n"
	        "\n"
	        "  -a ldap    authentication mechanism; only ldap exists\n"
	        "  -C file    postino config file (default " POSTINO_CONFIG_FILE
	        ", may be absent)\n"
	        "  -O file    saslauthd.conf with ldap_* keys, read after -C "
	        "(default " SASLAUTHD_CONF_DEFAULT ", may be absent)\n"
	        "  -m dir     socket directory: the socket is dir/mux, the pid file "
	        "dir/saslauthd.pid\n"
	        "  -n N       at least N worker threads (never fewer than authd_threads)\n"
	        "  -c         enable the credential cache (authd_cache)\n"
	        "  -t secs    credential cache time-to-live (authd_cache_ttl)\n"
	        "  -d         debug: stay in the foreground and log to stderr\n"
	        "  -f         stay in the foreground\n"
	        "  -r         log in as login@realm (authd_realm_login)\n"
	        "  -V         verbose logging (log_level debug)\n"
	        "  -l, -s KB  accepted for saslauthd compatibility; no effect\n"
	        "  -v         print the version\n"
	        "  -h         this help\n"
	        "  --print-defaults  print every setting with its default and exit\n",
	        prog);
}
