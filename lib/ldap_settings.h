/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldap_settings.h: the directory settings every postino program shares.
 *
 * Names and defaults follow saslauthd.conf's ldap_* keys so an existing
 * saslauthd.conf works unchanged; postino's own additions are marked in the
 * table's documentation.
 */
#ifndef POSTINO_LDAP_SETTINGS_H
#define POSTINO_LDAP_SETTINGS_H

#include "config.h"

enum ldap_scope_choice { LS_SCOPE_SUB, LS_SCOPE_ONE, LS_SCOPE_BASE };
enum ldap_method_choice { LS_METHOD_BIND, LS_METHOD_CUSTOM, LS_METHOD_FASTBIND, LS_METHOD_FETCH };
enum ldap_deref_choice { LS_DEREF_NEVER, LS_DEREF_SEARCH, LS_DEREF_FIND, LS_DEREF_ALWAYS };
enum ldap_tristate { LS_UNSET, LS_YES, LS_NO };
enum ldap_group_method { LS_GROUP_ATTR, LS_GROUP_FILTER };
enum ldap_pw_store { LS_PWSTORE_LOCAL, LS_PWSTORE_DIRECTORY };

struct ldap_settings {
	char *servers;           /* ldap_servers: space/comma separated URIs */
	char *write_servers;     /* ldap_write_servers (postino): the providers */
	char *bind_dn;           /* ldap_bind_dn */
	struct secret *password; /* ldap_password (alias ldap_bind_pw) */
	char *password_file;     /* ldap_password_file (postino) */
	long version;            /* ldap_version */
	char *search_base;       /* ldap_search_base */
	char *filter;            /* ldap_filter; the DN template for fastbind */
	int scope;               /* ldap_scope: enum ldap_scope_choice */
	int auth_method;         /* ldap_auth_method: enum ldap_method_choice */
	char *password_attr;     /* ldap_password_attr */
	char *ppolicy_default;   /* ldap_ppolicy_default (postino) */
	char *default_realm;     /* ldap_default_realm (alias ldap_default_domain) */
	long timeout;            /* ldap_timeout: connect and operation, seconds */
	long time_limit;         /* ldap_time_limit: server-side search limit */
	long size_limit;         /* ldap_size_limit */
	int deref;               /* ldap_deref: enum ldap_deref_choice */
	int referrals;           /* ldap_referrals */
	int restart;             /* ldap_restart */
	int start_tls;           /* ldap_start_tls */
	int tls_check_peer;      /* ldap_tls_check_peer: enum ldap_tristate */
	char *tls_cacert_file;   /* ldap_tls_cacert_file */
	char *tls_cacert_dir;    /* ldap_tls_cacert_dir */
	char *tls_cert;          /* ldap_tls_cert */
	char *tls_key;           /* ldap_tls_key */
	char *tls_ciphers;       /* ldap_tls_ciphers */
	int use_sasl;            /* ldap_use_sasl */
	char *sasl_id;           /* ldap_id (alias ldap_sasl_authc_id) */
	char *sasl_authz_id;     /* ldap_authz_id (alias ldap_sasl_authz_id) */
	char *sasl_mech;         /* ldap_mech (alias ldap_sasl_mech) */
	char *sasl_realm;        /* ldap_realm (alias ldap_sasl_realm) */
	char *sasl_secprops;     /* ldap_sasl_secprops */
	char *group_dn;          /* ldap_group_dn */
	char *group_attr;        /* ldap_group_attr */
	int group_match_method;  /* ldap_group_match_method: enum ldap_group_method */
	char *group_filter;      /* ldap_group_filter */
	char *group_search_base; /* ldap_group_search_base */
	int group_scope;         /* ldap_group_scope: enum ldap_scope_choice */
	long debug;              /* ldap_debug */
	long failback_interval;  /* ldap_failback_interval (postino), seconds */
	int password_scheme;     /* password_scheme (postino): enum pw_scheme */
	long scram_iterations;   /* scram_iterations (postino) */
	int password_store;      /* password_store (postino): enum ldap_pw_store */
};

extern const struct cfg_def ldap_settings_defs[];
extern const size_t ldap_settings_ndefs;

/* ldap_settings_table - a cfg_table bound to s, section "ldap" */
struct cfg_table ldap_settings_table(struct ldap_settings *s);

/*
 * ldap_settings_check - call once after loading: reads ldap_password_file
 * into password (unless ldap_password is set), refuses a bind DN without a
 * password and StartTLS on ldaps://, and forces version 3 where saslauthd
 * does. PST_PERMFAIL with *err_r (xmalloc'd) on a problem.
 */
enum pst_result ldap_settings_check(struct ldap_settings *s, char **err_r);

/*
 * ldap_settings_writers - the URIs that take writes: ldap_write_servers,
 * or ldap_servers when that is unset (one directory, or one set of peers).
 */
const char *ldap_settings_writers(const struct ldap_settings *s);
/*
 * ldap_settings_use_writers - for programs that only write (pwchange):
 * make ldap_servers the writable servers, so every connection they open
 * goes to a provider.
 */
void ldap_settings_use_writers(struct ldap_settings *s);

#endif
