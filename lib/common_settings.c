/*
 * common_settings.c: the table of settings shared by every program that
 * are not about the directory: authd's socket paths and logging.
 */
#include <stddef.h>

#include "common_settings.h"

#define CS(f) offsetof(struct common_settings, f)

const struct cfg_def common_settings_defs[] = {
        {"mux_socket", NULL, CFG_STR, "/var/run/saslauthd/mux", 0, 0, NULL, CS(mux_socket),
         "saslauthd protocol socket (libsasl2's saslauthd_path), including /mux"},
        {"control_socket", NULL, CFG_STR, "/var/run/saslauthd/postino-control", 0, 0, NULL,
         CS(control_socket), "postino-authd control socket (stats, flush, reload)"},
        {"log_level", NULL, CFG_STR, "info", 0, 0, NULL, CS(log_level),
         "least severe level logged: debug, info, warn or error"},
        {"log_stderr", NULL, CFG_BOOL, "no", 0, 0, NULL, CS(log_stderr),
         "log to stderr instead of syslog"},
};

const size_t common_settings_ndefs = sizeof(common_settings_defs) / sizeof(common_settings_defs[0]);

struct cfg_table
common_settings_table(struct common_settings *s)
{
	struct cfg_table t = {"common", common_settings_defs, common_settings_ndefs, s};

	return t;
}
