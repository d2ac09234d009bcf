/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldap_settings.c: the table of ldap_* settings.
 *
 * Every key saslauthd.conf knows is here under its saslauthd name and
 * alias, with saslauthd's default, so an existing saslauthd.conf works
 * unchanged. Deliberate differences: ldap_size_limit defaults to 2 so a
 * search can tell "one entry" from "duplicates"; ldap_tls_check_peer is a
 * tri-state (unset leaves libldap's TLS_REQCERT in charge); ldap_auth_method
 * also takes "fetch" (the same as custom: read the hash, verify locally).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ldap_settings.h"
#include "pw_scheme.h"
#include "scram.h"
#include "secret.h"
#include "xalloc.h"

static const char *const ls_scopes[] = {"sub", "one", "base", NULL};
static const char *const ls_methods[] = {"bind", "custom", "fastbind", "fetch", NULL};
static const char *const ls_derefs[] = {"never", "search", "find", "always", NULL};
static const char *const ls_tristate[] = {"unset", "yes", "no", NULL};
static const char *const ls_group_methods[] = {"attr", "filter", NULL};
static const char *const ls_pw_stores[] = {"local", "directory", NULL};

#define LS(f) offsetof(struct ldap_settings, f)
#define STR(name, alias, def, f, doc)                                                              \
	{                                                                                          \
		name, alias, CFG_STR, def, 0, 0, NULL, LS(f), doc                                  \
	}
#define INT(name, def, lo, hi, f, doc)                                                             \
	{                                                                                          \
		name, NULL, CFG_INT, def, lo, hi, NULL, LS(f), doc                                 \
	}
#define BOOL(name, def, f, doc)                                                                    \
	{                                                                                          \
		name, NULL, CFG_BOOL, def, 0, 0, NULL, LS(f), doc                                  \
	}
#define ENUM(name, def, ch, f, doc)                                                                \
	{                                                                                          \
		name, NULL, CFG_ENUM, def, 0, 0, ch, LS(f), doc                                    \
	}

const struct cfg_def ldap_settings_defs[] = {
        STR("ldap_servers", NULL, "ldap://localhost/", servers,
            "LDAP URIs (ldap://, ldaps://, ldapi://), space or comma separated, tried in order"),
        STR("ldap_write_servers", NULL, NULL, write_servers,
            "LDAP URIs of the writable servers (providers), tried in order: pwchange and "
            "postinoctl use only these, authd reads just-changed accounts there; unset: "
            "ldap_servers (postino)"),
        STR("ldap_bind_dn", NULL, NULL, bind_dn,
            "service DN for searches; unset: anonymous, or SASL EXTERNAL over ldapi://"),
        {"ldap_password", "ldap_bind_pw", CFG_SECRET, NULL, 0, 0, NULL, LS(password),
         "password of ldap_bind_dn (prefer ldap_password_file)"},
        STR("ldap_password_file", NULL, NULL, password_file,
            "file whose first line is the ldap_bind_dn password (postino)"),
        INT("ldap_version", "3", 2, 3, version,
            "LDAP protocol version; 3 is forced with TLS or SASL"),
        STR("ldap_search_base", NULL, NULL, search_base,
            "base DN of the account search; tokens %u %U %d %r %1-%9 are expanded"),
        STR("ldap_filter", NULL, "(uid=%u)", filter,
            "account search filter; for fastbind the DN template, e.g. uid=%u,ou=people,..."),
        ENUM("ldap_scope", "sub", ls_scopes, scope, "scope of the account search"),
        ENUM("ldap_auth_method", "bind", ls_methods, auth_method,
             "bind: search then bind as the user; fastbind: bind to the templated DN; "
             "custom/fetch: read the hash and verify locally"),
        STR("ldap_password_attr", NULL, "userPassword", password_attr,
            "attribute read by custom/fetch"),
        STR("ldap_ppolicy_default", NULL, NULL, ppolicy_default,
            "DN of the password policy of entries without pwdPolicySubentry (slapd's "
            "ppolicy_default), read to judge expiry and timed locks (postino)"),
        STR("ldap_default_realm", "ldap_default_domain", NULL, default_realm,
            "realm used when the request has none"),
        INT("ldap_timeout", "5", 1, 3600, timeout,
            "seconds allowed for a TCP connect and for each LDAP operation"),
        INT("ldap_time_limit", "5", 0, 3600, time_limit,
            "server-side search time limit, seconds (0: none)"),
        INT("ldap_size_limit", "2", 0, 1000000, size_limit,
            "search size limit; 2 lets duplicates be detected (saslauthd: 1)"),
        ENUM("ldap_deref", "never", ls_derefs, deref, "alias dereferencing"),
        BOOL("ldap_referrals", "no", referrals, "chase referrals (anonymously)"),
        BOOL("ldap_restart", "yes", restart, "restart system calls interrupted by signals"),
        BOOL("ldap_start_tls", "no", start_tls,
             "issue StartTLS after connecting (not with ldaps://)"),
        ENUM("ldap_tls_check_peer", "unset", ls_tristate, tls_check_peer,
             "verify the server certificate: yes (demand), no (never), unset (ldap.conf "
             "TLS_REQCERT)"),
        STR("ldap_tls_cacert_file", NULL, NULL, tls_cacert_file, "CA certificates file"),
        STR("ldap_tls_cacert_dir", NULL, NULL, tls_cacert_dir, "CA certificates directory"),
        STR("ldap_tls_cert", NULL, NULL, tls_cert, "client certificate file"),
        STR("ldap_tls_key", NULL, NULL, tls_key, "client private key file"),
        STR("ldap_tls_ciphers", NULL, NULL, tls_ciphers, "TLS cipher suite string"),
        BOOL("ldap_use_sasl", "no", use_sasl,
             "bind as the service with SASL EXTERNAL (ldapi:// or ldap_tls_cert)"),
        STR("ldap_id", "ldap_sasl_authc_id", NULL, sasl_id,
            "SASL authentication id (kept for saslauthd.conf; unused)"),
        STR("ldap_authz_id", "ldap_sasl_authz_id", NULL, sasl_authz_id,
            "SASL proxy authorization id (kept for saslauthd.conf; unused)"),
        STR("ldap_mech", "ldap_sasl_mech", NULL, sasl_mech,
            "SASL mechanism of the service bind; only EXTERNAL is supported"),
        STR("ldap_realm", "ldap_sasl_realm", NULL, sasl_realm,
            "SASL realm (kept for saslauthd.conf; unused)"),
        STR("ldap_sasl_secprops", NULL, NULL, sasl_secprops,
            "SASL security properties (kept for saslauthd.conf; unused)"),
        STR("ldap_group_dn", NULL, NULL, group_dn,
            "group the user must belong to (attr method); tokens expanded"),
        STR("ldap_group_attr", NULL, "uniqueMember", group_attr,
            "group attribute compared with the user DN"),
        ENUM("ldap_group_match_method", "attr", ls_group_methods, group_match_method,
             "attr: compare ldap_group_attr; filter: search ldap_group_filter"),
        STR("ldap_group_filter", NULL, NULL, group_filter,
            "filter that must match at least one entry (filter method); %D is the user DN"),
        STR("ldap_group_search_base", NULL, NULL, group_search_base,
            "base of the group filter search (default: ldap_search_base)"),
        ENUM("ldap_group_scope", "sub", ls_scopes, group_scope, "scope of the group filter search"),
        INT("ldap_debug", "0", 0, 65535, debug, "libldap debug level (to stderr)"),
        INT("ldap_failback_interval", "60", 0, 86400, failback_interval,
            "seconds before a failed earlier URI is tried again (postino)"),
        ENUM("password_scheme", "crypt-sha512", pw_scheme_names, password_scheme,
             "hash for new userPassword values with password_store local (postino)"),
        ENUM("password_store", "local", ls_pw_stores, password_store,
             "who hashes a new userPassword: local (password_scheme, one modify) or directory "
             "(RFC 3062 Password Modify, so ppolicy can judge its quality; then the SCRAM "
             "values) (postino)"),
        INT("scram_iterations", "4096", SCRAM_MIN_ITER, SCRAM_MAX_ITER, scram_iterations,
            "PBKDF2 iterations for new SCRAM secrets (postino)"),
};

const size_t ldap_settings_ndefs = sizeof(ldap_settings_defs) / sizeof(ldap_settings_defs[0]);

struct cfg_table
ldap_settings_table(struct ldap_settings *s)
{
	struct cfg_table t = {"ldap", ldap_settings_defs, ldap_settings_ndefs, s};

	return t;
}

enum pst_result
ldap_settings_check(struct ldap_settings *s, char **err_r)
{
	if (s->password_file != NULL && s->password == NULL) {
		s->password = secret_read_file(s->password_file, err_r);
		if (s->password == NULL)
			return PST_PERMFAIL;
	}
	if (s->bind_dn != NULL && *s->bind_dn != '\0' && !s->use_sasl &&
	    (s->password == NULL || s->password->len == 0)) {
		/* An empty simple bind is anonymous: refuse rather than guess. */
		*err_r = xasprintf("ldap_bind_dn is set but ldap_password(_file) is not");
		return PST_PERMFAIL;
	}
	if (s->start_tls && s->servers != NULL && strstr(s->servers, "ldaps://") != NULL) {
		*err_r = xasprintf("ldap_start_tls cannot be used with ldaps:// URIs");
		return PST_PERMFAIL;
	}
	if (s->start_tls || s->use_sasl)
		s->version = 3;
	return PST_OK;
}

const char *
ldap_settings_writers(const struct ldap_settings *s)
{
	return s->write_servers != NULL && *s->write_servers != '\0' ? s->write_servers
	                                                             : s->servers;
}

void
ldap_settings_use_writers(struct ldap_settings *s)
{
	char *w;

	if (s->write_servers == NULL || *s->write_servers == '\0')
		return;
	w = xstrdup(s->write_servers);
	xfree(&s->servers);
	s->servers = w;
}
