/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mansettings.c: a build tool that prints the settings sections of the
 * manual pages from the very tables the programs parse their files with,
 * so that postino.conf(5) and postino-sasl(5) cannot drift from the code.
 *
 * Usage: mansettings TABLE...   (common ldap authd pwchange ctl plugin socketmap)
 */
#include <stdio.h>
#include <string.h>

#include "authd_settings.h"
#include "cli_settings.h"
#include "common_settings.h"
#include "config.h"
#include "ldap_settings.h"
#include "plugin_settings.h"
#include "pwchange_settings.h"
#include "sm_settings.h"

int
main(int argc, char **argv)
{
	const struct cfg_table all[] = {
	        {"common", common_settings_defs, common_settings_ndefs, NULL},
	        {"ldap", ldap_settings_defs, ldap_settings_ndefs, NULL},
	        {"authd", authd_settings_defs, authd_settings_ndefs, NULL},
	        {"pwchange", pwchange_settings_defs, pwchange_settings_ndefs, NULL},
	        {"ctl", cli_settings_defs, cli_settings_ndefs, NULL},
	        {"plugin", plugin_settings_defs, plugin_settings_ndefs, NULL},
	        {"socketmap", sm_settings_defs, sm_settings_ndefs, NULL},
	};
	size_t i;

	for (int a = 1; a < argc; a++) {
		for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
			if (strcmp(argv[a], all[i].section) == 0)
				break;
		if (i == sizeof(all) / sizeof(all[0])) {
			fprintf(stderr, "mansettings: no table %s\n", argv[a]);
			return 2;
		}
		cfg_print_man(stdout, &all[i], 1);
	}
	return 0;
}
