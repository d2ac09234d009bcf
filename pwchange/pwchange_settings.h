/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pwchange_settings.h: postino-pwchange's own settings (pwchange_* keys in
 * the shared config file). The directory settings come from the ldap table
 * and the authd control socket from the common table.
 */
#ifndef POSTINO_PWCHANGE_SETTINGS_H
#define POSTINO_PWCHANGE_SETTINGS_H

#include "config.h"

struct pwchange_settings {
	char *listen;          /* pwchange_listen */
	long port;             /* pwchange_port */
	char *cert;            /* pwchange_cert */
	char *key;             /* pwchange_key */
	char *tls_priorities;  /* pwchange_tls_priorities */
	char *user;            /* pwchange_user */
	char *title;           /* pwchange_title */
	char *filter;          /* pwchange_filter */
	long min_length;       /* pwchange_min_length */
	long max_length;       /* pwchange_max_length */
	long min_classes;      /* pwchange_min_classes */
	char *denylist;        /* pwchange_denylist */
	long rate_ip_max;      /* pwchange_rate_ip_max */
	long rate_user_max;    /* pwchange_rate_user_max */
	long rate_window;      /* pwchange_rate_window */
	long rate_slots;       /* pwchange_rate_slots */
	long max_body;         /* pwchange_max_body */
	long max_connections;  /* pwchange_max_connections */
	long threads;          /* pwchange_threads */
	long max_per_ip;       /* pwchange_max_per_ip */
	long conn_timeout;     /* pwchange_conn_timeout */
	long req_deadline;     /* pwchange_request_deadline */
	long spare_conns;      /* pwchange_spare_connections */
	long per_net;          /* pwchange_max_per_network */
	int tls;               /* pwchange_tls */
	long sock_mode;        /* pwchange_socket_mode */
	char *proxies;         /* pwchange_trusted_proxies */
	long conn_memory;      /* pwchange_conn_memory */
	long hsts_max_age;     /* pwchange_hsts_max_age */
	long flush_timeout;    /* pwchange_flush_timeout, milliseconds */
	char *audit_file;      /* pwchange_audit_file */
	char *csrf_key_file;   /* pwchange_csrf_key_file */
	char *expired_dn;      /* pwchange_expired_dn */
	char *expired_pw_file; /* pwchange_expired_password_file */
	char *dir_policy;      /* pwchange_directory_policy */
	char *metrics_listen;  /* pwchange_metrics_listen: /path or loopback ADDR:PORT */
};

extern const struct cfg_def pwchange_settings_defs[];
extern const size_t pwchange_settings_ndefs;

/* pwchange_settings_table - a cfg_table bound to s, section "pwchange" */
struct cfg_table pwchange_settings_table(struct pwchange_settings *s);

#endif
