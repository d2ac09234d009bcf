/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * common_settings.h: settings more than one program needs that are not
 * about the directory: where authd's sockets are (authd listens there,
 * pwchange and postinoctl connect there) and how to log.
 */
#ifndef POSTINO_COMMON_SETTINGS_H
#define POSTINO_COMMON_SETTINGS_H

#include "config.h"

struct common_settings {
	char *mux_socket;     /* mux_socket: the saslauthd socket path (".../mux") */
	char *control_socket; /* control_socket: authd's control socket path */
	char *log_level;      /* log_level: debug|info|warn|error */
	int log_stderr;       /* log_stderr: log to stderr instead of syslog */
	int log_facility;     /* log_facility: index into log_facility_names */
};

extern const struct cfg_def common_settings_defs[];
extern const size_t common_settings_ndefs;
struct cfg_table common_settings_table(struct common_settings *s);

/* The default config file all postino programs read. */
#define POSTINO_CONFIG_FILE "/etc/postino/postino.conf"

#endif
