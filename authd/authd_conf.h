/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * authd_conf.h: one loaded configuration (ldap, common and authd tables
 * plus what is derived from them), shared by reference count so SIGHUP can
 * install a new one while requests still finish on the old.
 */
#ifndef AUTHD_CONF_H
#define AUTHD_CONF_H

#include <stdatomic.h>

#include "authd_settings.h"
#include "common_settings.h"
#include "ldap_settings.h"
#include "opts.h"
#include "result.h"

struct authd_conf {
	struct ldap_settings ldap;
	struct common_settings common;
	struct authd_settings authd;
	char **uris; /* ldap_servers split */
	int nuris;
	int log_level;       /* enum log_level */
	int dn_key_service;  /* the search depends on %s, so the DN cache keys on it */
	int group_check;     /* ldap_group_dn or ldap_group_filter set */
	unsigned generation; /* bumped on every load: LDAP connections follow it */
	atomic_int refs;
};

#define AUTHD_CONF_NTABS 3
/* authd_conf_tables - the three tables bound to c */
void authd_conf_tables(struct authd_conf *c, struct cfg_table tabs[AUTHD_CONF_NTABS]);

/*
 * authd_conf_load - read -C then -O (later files win), apply the flags,
 * validate. PST_PERMFAIL with *err_r on any error; nothing is installed.
 */
enum pst_result authd_conf_load(const struct authd_opts *o, struct authd_conf **out, char **err_r);
/* authd_conf_defaults - a conf with only defaults (for --print-defaults and tests) */
struct authd_conf *authd_conf_defaults(void);

/* authd_conf_install - make c current (takes over the caller's reference) */
void authd_conf_install(struct authd_conf *c);
/* authd_conf_get - the current conf with a new reference */
struct authd_conf *authd_conf_get(void);
/* authd_conf_put - drop a reference, free at zero; sets *cp to NULL */
void authd_conf_put(struct authd_conf **cp);
/* authd_conf_shutdown - drop the current conf (at exit) */
void authd_conf_shutdown(void);

#endif
