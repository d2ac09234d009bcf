/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_settings.c: the ctl_* settings table and the config file loading.
 *
 * postinoctl reads the same file as the daemons, so one file describes a
 * site; keys that belong to the other programs are skipped by lib/config.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "cli_settings.h"
#include "common_settings.h"
#include "ldap_settings.h"
#include "xalloc.h"

#define F(field) offsetof(struct cli_settings, field)

const struct cfg_def cli_settings_defs[] = {
        {"ctl_uri", NULL, CFG_STR, NULL, 0, 0, NULL, F(uri),
         "directory URI(s) for postinoctl; unset: ldapi:/// (SASL EXTERNAL) when run as root "
         "and the local ldapi socket answers, else ldap_write_servers, else ldap_servers"},
        {"ctl_bind_dn", NULL, CFG_STR, NULL, 0, 0, NULL, F(bind_dn),
         "DN postinoctl binds as over TCP (an account allowed to manage people)"},
        {"ctl_password_file", NULL, CFG_STR, NULL, 0, 0, NULL, F(password_file),
         "file holding ctl_bind_dn's password (first line); prompted for on a tty if unset"},
        {"ctl_people_base", NULL, CFG_STR, NULL, 0, 0, NULL, F(people_base),
         "where accounts live; unset: ou=people,<ldap_search_base> (or ldap_search_base "
         "itself when it already starts with ou=people)"},
        {"ctl_default_services", NULL, CFG_STR, "smtp,imap", 0, 0, NULL, F(default_services),
         "services a new account gets when user add/import names none (comma separated)"},
        {"ctl_random_length", NULL, CFG_INT, "20", 12, 64, NULL, F(random_length),
         "length of passwords made by --random"},
        {"ctl_socket_timeout", NULL, CFG_INT, "5", 1, 60, NULL, F(socket_timeout),
         "seconds to wait for postino-authd's sockets (auth test, cache flush, stats)"},
        {"ctl_import_max_entries", NULL, CFG_INT, "100000", 1, 10000000, NULL, F(import_max),
         "largest number of entries one import may create"},
};
const size_t cli_settings_ndefs = sizeof(cli_settings_defs) / sizeof(cli_settings_defs[0]);

struct cfg_table
cli_settings_table(struct cli_settings *s)
{
	struct cfg_table t = {"postinoctl", cli_settings_defs, cli_settings_ndefs, s};

	return t;
}

size_t
cli_settings_tables(struct cli_ctx *ctx, struct cfg_table tabs[3])
{
	tabs[0] = ldap_settings_table(&ctx->ldap);
	tabs[1] = common_settings_table(&ctx->common);
	tabs[2] = cli_settings_table(&ctx->ctl);
	return 3;
}

char *
cli_people_base_derive(const char *people_base, const char *search_base)
{
	if (people_base != NULL && people_base[0] != '\0')
		return xstrdup(people_base);
	if (search_base == NULL || search_base[0] == '\0')
		return NULL;
	/* A saslauthd.conf often points ldap_search_base at the people branch already. */
	if (strncasecmp(search_base, "ou=people,", 10) == 0 ||
	    strcasecmp(search_base, "ou=people") == 0)
		return xstrdup(search_base);
	return xasprintf("ou=people,%s", search_base);
}

int
cli_settings_load(struct cli_ctx *ctx)
{
	struct cfg_table tabs[3];
	size_t n = cli_settings_tables(ctx, tabs);
	const char *path = ctx->g.config_file != NULL ? ctx->g.config_file : POSTINO_CONFIG_FILE;
	char *err = NULL;

	cfg_defaults(tabs, n);
	/* The default file may be absent (a workstation with -H); a named one may not. */
	if (cfg_load_file(tabs, n, path, ctx->g.config_file == NULL, &err) != PST_OK) {
		cli_err("%s", err != NULL ? err : path);
		xfree(&err);
		return CLI_EXIT_USAGE;
	}
	ctx->people_base = cli_people_base_derive(ctx->ctl.people_base, ctx->ldap.search_base);
	return CLI_EXIT_OK;
}

void
cli_settings_release(struct cli_ctx *ctx)
{
	struct cfg_table tabs[3];
	size_t n = cli_settings_tables(ctx, tabs);

	cfg_release(tabs, n);
	xfree(&ctx->people_base);
}
