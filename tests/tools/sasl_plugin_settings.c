/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sasl_plugin_settings: print libpostino.so's settings from the one table
 * that defines them (saslplugin/plugin_settings.c). The plugin has no
 * program of its own to carry --print-defaults, so this tool does it.
 *
 * Usage: sasl_plugin_settings [-m]
 *   without -m  every setting as "# doc" then "key: default", a valid
 *               Sendmail.conf fragment (unset settings commented out)
 *   -m          a Markdown table, as in doc/sasl-plugin.md
 */
#include <stdio.h>
#include <string.h>

#include "../../saslplugin/plugin_settings.h"
#include "config.h"

int
main(int argc, char **argv)
{
	struct plugin_settings s = {0};
	struct cfg_table t = plugin_settings_table(&s);

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "-m") != 0)) {
		fprintf(stderr, "usage: sasl_plugin_settings [-m]\n");
		return 2;
	}
	if (argc == 2)
		cfg_print_doc(stdout, &t, 1);
	else
		cfg_print_defaults(stdout, &t, 1);
	return 0;
}
