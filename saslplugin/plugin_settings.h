/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * plugin_settings.h: the SASL plugin's settings, one typed table.
 *
 * The plugin lives inside other programs (sendmail, Cyrus imapd, Postfix),
 * so it reads no file of its own: every setting is a SASL option of the
 * host application (Sendmail.conf, imapd.conf "sasl_postino_...", ...),
 * prefixed "postino_" because libsasl2's config-file lookup ignores the
 * plugin name. The directory settings are forwarded to lib's ldap_settings
 * so the connection code is the one every postino program uses.
 */
#ifndef POSTINO_PLUGIN_SETTINGS_H
#define POSTINO_PLUGIN_SETTINGS_H

#include <stddef.h>

#include "config.h"
#include "ldap_settings.h"
#include "result.h"

/* How many numbered rules (postino_cert_rule, postino_cert_rule2, ...) exist. */
#define PLUGIN_MAX_RULES 9

/* The per-connection option an application sets to tell us the issuer. */
#define PLUGIN_OPT_PEER_ISSUER "postino_peer_issuer"

struct plugin_settings {
	char *ldap_uri;
	char *ldap_write_servers;
	char *ldap_bind_dn;
	char *ldap_password_file;
	char *ldap_search_base;
	char *ldap_filter;
	long ldap_timeout;
	char *ldap_tls_cacert_file;
	int ldap_start_tls;
	char *ldap_ppolicy_default; /* forwarded to ldap_settings' ldap_ppolicy_default */
	char *cert_rule[PLUGIN_MAX_RULES];
	char *cert_cn_rule[PLUGIN_MAX_RULES];
	char *cert_issuers;
	int cert_subject_lookup;
	int cert_cn_lookup;
	int cert_require_cn;
	int cert_ident; /* enum cert_ident_mode: what the host passes for EXTERNAL */
	int check_service;
	int strip_realm;
	long cache_ttl;
	long cache_size;
};

extern const struct cfg_def plugin_settings_defs[];
extern const size_t plugin_settings_ndefs;

/* plugin_settings_table - a cfg_table bound to s, section "postino (SASL plugin)" */
struct cfg_table plugin_settings_table(struct plugin_settings *s);

/*
 * An option source: returns the value of one option or NULL. The plugin
 * passes a wrapper around libsasl2's getopt; tests pass a table.
 */
typedef const char *plugin_getopt_fn(void *arg, const char *name);

/*
 * plugin_settings_load - defaults, then every option the source knows.
 * PST_PERMFAIL with *err_r (xmalloc'd) on a bad value; the struct then
 * holds defaults plus the values read so far and must still be released.
 */
enum pst_result plugin_settings_load(struct plugin_settings *s, plugin_getopt_fn *get, void *arg,
                                     char **err_r);

/* plugin_settings_configured - 1 when any option that turns the plugin on is set */
int plugin_settings_configured(const struct plugin_settings *s);

/*
 * plugin_settings_ldap - fill *ls (which the caller releases with
 * cfg_release on ldap_settings_table) from the postino_ldap_* settings and
 * check it, which reads the password file. PST_PERMFAIL with *err_r.
 */
enum pst_result plugin_settings_ldap(const struct plugin_settings *s, struct ldap_settings *ls,
                                     char **err_r);

/* plugin_settings_release - free everything the struct holds */
void plugin_settings_release(struct plugin_settings *s);

#endif
