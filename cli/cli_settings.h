/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_settings.h: postinoctl's own settings (the ctl_* keys) and loading
 * the shared config file into all of postinoctl's tables.
 */
#ifndef POSTINO_CLI_SETTINGS_H
#define POSTINO_CLI_SETTINGS_H

#include <stddef.h>

#include "config.h"

struct cli_ctx;
struct cli_settings;

extern const struct cfg_def cli_settings_defs[];
extern const size_t cli_settings_ndefs;
struct cfg_table cli_settings_table(struct cli_settings *s);

/* cli_settings_tables - the ldap, common and ctl tables bound to ctx; returns 3 */
size_t cli_settings_tables(struct cli_ctx *ctx, struct cfg_table tabs[3]);

/*
 * cli_settings_load - defaults, then the config file (-C, or the default
 * file, which may be missing), then the people base. Returns a cli_exit code.
 */
int cli_settings_load(struct cli_ctx *ctx);
void cli_settings_release(struct cli_ctx *ctx);

/*
 * cli_people_base_derive - ctl_people_base if set; else ldap_search_base
 * when its first RDN already is ou=people; else "ou=people," + search base.
 * NULL when neither is set.
 */
char *cli_people_base_derive(const char *people_base, const char *search_base);

#endif
