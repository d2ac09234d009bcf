/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * authd_settings.h: postino-authd's own settings (authd_* keys), beside the
 * shared ldap_* and common tables.
 */
#ifndef AUTHD_SETTINGS_H
#define AUTHD_SETTINGS_H

#include "config.h"

enum authd_tempfail_reply { AUTHD_TEMPFAIL_CLOSE = 0, AUTHD_TEMPFAIL_NO };
enum authd_sync_mode { AUTHD_SYNC_AUTO = 0, AUTHD_SYNC_OFF };

struct authd_settings {
	int cache;               /* authd_cache: credential cache on (-c) */
	long cache_ttl;          /* authd_cache_ttl: positive TTL, s (-t) */
	long cache_negative_ttl; /* authd_cache_negative_ttl: s */
	long cache_size;         /* authd_cache_size: entries */
	long dn_cache_ttl;       /* authd_dn_cache_ttl: DN + account policy, s */
	long dn_cache_size;      /* authd_dn_cache_size: entries */
	int tempfail_reply;      /* authd_tempfail_reply: enum authd_tempfail_reply */
	int log_success;         /* authd_log_success: OK answers at info, not debug */
	long socket_mode;        /* authd_socket_mode */
	char *socket_group;      /* authd_socket_group; unset: the directory's group */
	long control_mode;       /* authd_control_mode */
	char *control_group;     /* authd_control_group */
	char *user;              /* authd_user: run as; empty: stay */
	long read_timeout_ms;    /* authd_read_timeout_ms */
	long field5_wait_ms;     /* authd_field5_wait_ms */
	long threads;            /* authd_threads: LDAP worker threads */
	long max_connections;    /* authd_max_connections */
	long bind_connections;   /* authd_bind_connections: event-driven bind pool */
	int realm_login;         /* authd_realm_login: -r */
	int require_account;     /* authd_require_account */
	int check_policy;        /* authd_check_policy */
	int penalty;             /* authd_penalty */
	long penalty_free;       /* authd_penalty_free: failures without delay */
	long penalty_max;        /* authd_penalty_max: cap, s */
	long penalty_reset;      /* authd_penalty_reset: quiet period, s */
	long penalty_size;       /* authd_penalty_size: accounts tracked */
	long penalty_pending;    /* authd_penalty_pending: delayed requests per account */
	int ppolicy_grace_ok;    /* authd_ppolicy_grace: allow grace logins */
	int sync;                /* authd_sync: enum authd_sync_mode */
	char *sync_base;         /* authd_sync_base; unset: ldap_search_base */
	char *sync_servers;      /* authd_sync_servers; unset: ldap_write_servers */
	long sync_stale_s;       /* authd_sync_stale_s: trust without a live stream, s */
	char *metrics_listen;    /* authd_metrics_listen: /path or loopback ADDR:PORT */
};

extern const struct cfg_def authd_settings_defs[];
extern const size_t authd_settings_ndefs;

/* authd_settings_table - a cfg_table bound to s, section "authd" */
struct cfg_table authd_settings_table(struct authd_settings *s);

#endif
