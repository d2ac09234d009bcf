/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * plugin_settings.c: the table of postino_* SASL options and how they
 * reach lib's directory settings.
 *
 * Defaults make an unconfigured plugin inert: without postino_ldap_uri and
 * without any rule, the canonuser plugin behaves exactly like libsasl2's
 * INTERNAL one and the auxprop plugin answers "no such mechanism", because
 * every SASL application on the host loads every plugin.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "plugin_settings.h"
#include "secret.h"
#include "xalloc.h"

/* clang-format off */
#define PS(f) offsetof(struct plugin_settings, f)
#define STR(name, f, def, doc) {name, NULL, CFG_STR, def, 0, 0, NULL, PS(f), doc}
#define INT(name, f, def, lo, hi, doc) {name, NULL, CFG_INT, def, lo, hi, NULL, PS(f), doc}
#define BOOL(name, f, def, doc) {name, NULL, CFG_BOOL, def, 0, 0, NULL, PS(f), doc}
#define RULE(n, k) STR("postino_cert_rule" #n, cert_rule[k], NULL, \
		       "another subject rule, tried in order")
#define CN_RULE(n, k) STR("postino_cert_cn_rule" #n, cert_cn_rule[k], NULL, \
			  "another bare-CN rule, tried in order")
/* clang-format on */

/* The order is enum cert_ident_mode's (lib/cert_ident.h). */
static const char *const cert_ident_choices[] = {"auto", "subject", "cn", NULL};

const struct cfg_def plugin_settings_defs[] = {
        STR("postino_ldap_uri", ldap_uri, NULL,
            "LDAP URIs, space separated, tried in order; unset: no directory lookups"),
        STR("postino_ldap_write_servers", ldap_write_servers, NULL,
            "the providers' LDAP URIs, tried in order: an entry is read there while the "
            "consumer's contextCSN lags theirs; unset: postino_ldap_uri, no check"),
        STR("postino_ldap_bind_dn", ldap_bind_dn, NULL,
            "service DN the plugin binds as (it must read authPassword, never userPassword)"),
        STR("postino_ldap_password_file", ldap_password_file, NULL,
            "file whose first line is the bind DN's password; read at start-up"),
        STR("postino_ldap_search_base", ldap_search_base, NULL, "base DN of every account search"),
        STR("postino_ldap_filter", ldap_filter, "(uid=%u)",
            "account filter; %u the account name (realm stripped per postino_strip_realm), "
            "%U its part before '@', %d after, %s the service, %r the realm"),
        INT("postino_ldap_timeout", ldap_timeout, "5", 1, 300,
            "seconds allowed for a connect and for each search"),
        STR("postino_ldap_tls_cacert_file", ldap_tls_cacert_file, NULL,
            "CA certificates that sign the directory's certificate"),
        BOOL("postino_ldap_start_tls", ldap_start_tls, "no", "StartTLS after connecting"),
        STR("postino_ldap_ppolicy_default", ldap_ppolicy_default, NULL,
            "DN of the password policy of entries without pwdPolicySubentry, as "
            "ldap_ppolicy_default for postino-authd (slapd's ppolicy_default): expiry and timed "
            "locks are judged by it"),
        STR("postino_cert_rule", cert_rule[0], NULL,
            "POSIX extended regex on the normalized RFC 4514 subject; capture 1 is the account"),
        RULE(2, 1),
        RULE(3, 2),
        RULE(4, 3),
        RULE(5, 4),
        RULE(6, 5),
        RULE(7, 6),
        RULE(8, 7),
        RULE(9, 8),
        STR("postino_cert_cn_rule", cert_cn_rule[0], NULL,
            "POSIX extended regex on a bare CN (what Cyrus imapd passes); capture 1 is the "
            "account"),
        CN_RULE(2, 1),
        CN_RULE(3, 2),
        CN_RULE(4, 3),
        CN_RULE(5, 4),
        CN_RULE(6, 5),
        CN_RULE(7, 6),
        CN_RULE(8, 7),
        CN_RULE(9, 8),
        STR("postino_cert_issuers", cert_issuers, NULL,
            "trusted issuer DNs separated by ';'; when set, a certificate whose issuer the "
            "application does not pass in postino_peer_issuer is refused"),
        BOOL("postino_cert_subject_lookup", cert_subject_lookup, "yes",
             "map a subject through the accounts' postinoCertSubject attribute"),
        BOOL("postino_cert_cn_lookup", cert_cn_lookup, "no",
             "map a bare CN through the accounts' cn attribute (exactly one match)"),
        BOOL("postino_cert_require_cn", cert_require_cn, "yes",
             "refuse subjects without a CN (sendmail silently cuts subjects at 255 bytes)"),
        {"postino_cert_ident", NULL, CFG_ENUM, "auto", 0, 0, cert_ident_choices, PS(cert_ident),
         "what the host passes for EXTERNAL: subject (sendmail), cn (Cyrus imapd: a CN that "
         "reads like a DN is still a CN) or auto (a DN is a subject, anything else a CN)"},
        BOOL("postino_check_service", check_service, "yes",
             "a postinoAccount must list the SASL service (smtp, imap, ...) in postinoService"),
        BOOL("postino_strip_realm", strip_realm, "yes",
             "look accounts up without the \"@realm\" libsasl2 appends"),
        INT("postino_cache_ttl", cache_ttl, "0", 0, 3600,
            "seconds a directory answer is reused; 0, the default, makes password changes "
            "immediate"),
        INT("postino_cache_size", cache_size, "256", 1, 65536, "most directory answers kept"),
};

const size_t plugin_settings_ndefs = sizeof(plugin_settings_defs) / sizeof(plugin_settings_defs[0]);

struct cfg_table
plugin_settings_table(struct plugin_settings *s)
{
	struct cfg_table t = {"postino (SASL plugin)", plugin_settings_defs, plugin_settings_ndefs,
	                      s};

	return t;
}

enum pst_result
plugin_settings_load(struct plugin_settings *s, plugin_getopt_fn *get, void *arg, char **err_r)
{
	struct cfg_table t = plugin_settings_table(s);
	size_t i;

	memset(s, 0, sizeof(*s));
	cfg_defaults(&t, 1);
	for (i = 0; i < plugin_settings_ndefs; i++) {
		const char *name = plugin_settings_defs[i].name;
		const char *v = get(arg, name);

		if (v == NULL)
			continue;
		if (cfg_set(&t, 1, name, v, err_r) != PST_OK)
			return PST_PERMFAIL;
	}
	return PST_OK;
}

int
plugin_settings_configured(const struct plugin_settings *s)
{
	size_t i;

	if (s->ldap_uri != NULL && *s->ldap_uri != '\0')
		return 1;
	for (i = 0; i < PLUGIN_MAX_RULES; i++)
		if (s->cert_rule[i] != NULL || s->cert_cn_rule[i] != NULL)
			return 1;
	return 0;
}

/* ls_set - forward one value to lib's table; unset values keep lib's default */
static enum pst_result
ls_set(const struct cfg_table *lt, const char *key, const char *v, char **err_r)
{
	if (v == NULL)
		return PST_OK;
	return cfg_set(lt, 1, key, v, err_r);
}

enum pst_result
plugin_settings_ldap(const struct plugin_settings *s, struct ldap_settings *ls, char **err_r)
{
	struct cfg_table lt;
	char num[32];

	memset(ls, 0, sizeof(*ls));
	lt = ldap_settings_table(ls);
	cfg_defaults(&lt, 1);
	snprintf(num, sizeof(num), "%ld", s->ldap_timeout);
	if (ls_set(&lt, "ldap_servers", s->ldap_uri, err_r) != PST_OK ||
	    ls_set(&lt, "ldap_write_servers", s->ldap_write_servers, err_r) != PST_OK ||
	    ls_set(&lt, "ldap_bind_dn", s->ldap_bind_dn, err_r) != PST_OK ||
	    ls_set(&lt, "ldap_password_file", s->ldap_password_file, err_r) != PST_OK ||
	    ls_set(&lt, "ldap_search_base", s->ldap_search_base, err_r) != PST_OK ||
	    ls_set(&lt, "ldap_filter", s->ldap_filter, err_r) != PST_OK ||
	    ls_set(&lt, "ldap_timeout", num, err_r) != PST_OK ||
	    ls_set(&lt, "ldap_time_limit", num, err_r) != PST_OK ||
	    ls_set(&lt, "ldap_tls_cacert_file", s->ldap_tls_cacert_file, err_r) != PST_OK ||
	    ls_set(&lt, "ldap_start_tls", s->ldap_start_tls ? "yes" : "no", err_r) != PST_OK ||
	    ls_set(&lt, "ldap_ppolicy_default", s->ldap_ppolicy_default, err_r) != PST_OK)
		return PST_PERMFAIL;
	if (ls->search_base == NULL || *ls->search_base == '\0') {
		*err_r = xasprintf("postino_ldap_search_base must be set with postino_ldap_uri");
		return PST_PERMFAIL;
	}
	/* Two entries are enough to tell "one account" from "ambiguous". */
	ls->size_limit = 2;
	return ldap_settings_check(ls, err_r);
}

void
plugin_settings_release(struct plugin_settings *s)
{
	struct cfg_table t = plugin_settings_table(s);

	cfg_release(&t, 1);
}
