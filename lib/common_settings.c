/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * common_settings.c: the table of settings shared by every program that
 * are not about the directory: authd's socket paths and logging
 * (level, destination and syslog facility).
 */
#include <stddef.h>

#include "common_settings.h"
#include "log.h"

#define CS(f) offsetof(struct common_settings, f)

const struct cfg_def common_settings_defs[] = {
        {"mux_socket", NULL, CFG_STR, "/var/run/saslauthd/mux", 0, 0, NULL, CS(mux_socket),
         "saslauthd protocol socket (libsasl2's saslauthd_path), including /mux"},
        {"control_socket", NULL, CFG_STR, "/run/postino/control", 0, 0, NULL, CS(control_socket),
         "postino-authd control socket (stats, flush, reload); its directory is the service "
         "user's (postino.tmpfiles)"},
        {"log_level", NULL, CFG_STR, "info", 0, 0, NULL, CS(log_level),
         "least severe level logged: debug, info, warn or error"},
        {"log_stderr", NULL, CFG_BOOL, "no", 0, 0, NULL, CS(log_stderr),
         "log to stderr instead of syslog"},
        {"log_facility", NULL, CFG_ENUM, "auth", 0, 0, log_facility_names, CS(log_facility),
         "syslog facility: auth (as saslauthd), authpriv, daemon, mail, user or local0..local7"},
};

const size_t common_settings_ndefs = sizeof(common_settings_defs) / sizeof(common_settings_defs[0]);

struct cfg_table
common_settings_table(struct common_settings *s)
{
	struct cfg_table t = {"common", common_settings_defs, common_settings_ndefs, s};

	return t;
}
