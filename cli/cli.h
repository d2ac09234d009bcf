/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli.h: what every postinoctl command shares: the exit codes, the run-time
 * context (settings, output mode, the directory connection) and the shape of
 * a command table entry.
 */
#ifndef POSTINO_CLI_H
#define POSTINO_CLI_H

#include <ldap.h>
#include <stdio.h>

#include "common_settings.h"
#include "ldap_settings.h"
#include "result.h"

/* Exit codes are part of the interface: scripts branch on them. */
enum cli_exit {
	CLI_EXIT_OK = 0,          /* done */
	CLI_EXIT_REFUSED = 1,     /* refused or not found */
	CLI_EXIT_USAGE = 2,       /* bad command line or configuration */
	CLI_EXIT_UNAVAILABLE = 3, /* the directory (or authd) could not be reached */
};

/* Settings of postinoctl's own table (ctl_* keys). */
struct cli_settings {
	char *uri;              /* ctl_uri */
	char *bind_dn;          /* ctl_bind_dn */
	char *password_file;    /* ctl_password_file */
	char *people_base;      /* ctl_people_base */
	char *default_services; /* ctl_default_services */
	long random_length;     /* ctl_random_length */
	long socket_timeout;    /* ctl_socket_timeout, seconds */
	long import_max;        /* ctl_import_max_entries */
};

/* Options given on the command line that override the config file. */
struct cli_global {
	const char *config_file; /* -C */
	const char *uri;         /* -H */
	const char *bind_dn;     /* -D */
	const char *pw_file;     /* -y */
	int json;                /* --json */
	int verbose;             /* -v */
};

struct cli_ctx {
	struct cli_global g;
	struct ldap_settings ldap;
	struct common_settings common;
	struct cli_settings ctl;
	char *people_base; /* resolved: ctl_people_base or derived from ldap_search_base */
	LDAP *ld;          /* NULL until a command that needs the directory connects */
	int last_rc;       /* result code of the last directory operation */
	char *uri_used;    /* the URI the connection went to, for messages */
	FILE *out;         /* results: stdout */
};

/* cli_exit_from - the exit code for a three-way result */
int cli_exit_from(enum pst_result r);

/* cli_err - "postinoctl: <message>" on stderr */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* cli_warn - "postinoctl: warning: <message>" on stderr */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * cli_fail - report a failed command and return its exit code. In --json
 * mode the same reason is also printed on stdout as {"ok":false,...}, so a
 * script always gets one JSON document.
 */
int cli_fail(struct cli_ctx *ctx, int code, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

#endif
