/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sm_settings.h: postino-socketmap's own settings (socketmap_* keys),
 * beside the shared ldap_* and common tables in the same file.
 */
#ifndef SM_SETTINGS_H
#define SM_SETTINGS_H

#include "config.h"

/* How many numbered rules (socketmap_cert_rule, socketmap_cert_rule2, ...) exist. */
#define SM_MAX_RULES 3

struct sm_settings {
	char *socket;                  /* socketmap_socket */
	long socket_mode;              /* socketmap_socket_mode */
	char *socket_group;            /* socketmap_socket_group */
	char *user;                    /* socketmap_user */
	char *issuers;                 /* socketmap_issuers: ';'-separated DNs */
	char *issuer_answer;           /* socketmap_issuer_answer */
	char *subject_answer;          /* socketmap_subject_answer */
	char *fingerprint_answer;      /* socketmap_fingerprint_answer */
	char *service;                 /* socketmap_service */
	int require_cn;                /* socketmap_require_cn */
	char *cert_rule[SM_MAX_RULES]; /* socketmap_cert_rule, 2, 3 */
	long max_request;              /* socketmap_max_request: bytes */
	long read_timeout_ms;          /* socketmap_read_timeout_ms */
	long idle_timeout;             /* socketmap_idle_timeout: s */
	long max_connections;          /* socketmap_max_connections */
};

extern const struct cfg_def sm_settings_defs[];
extern const size_t sm_settings_ndefs;

/* sm_settings_table - a cfg_table bound to s, section "socketmap" */
struct cfg_table sm_settings_table(struct sm_settings *s);

#endif
