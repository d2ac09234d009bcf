/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * account_info.c: searching for an account and reading its entry.
 *
 * The entry is decoded by lib's account policy (account_entry.c), the
 * one decoder every postino program shares; only the password values of
 * fetch mode are read here. Every value is length-capped before it is
 * copied: the directory is trusted to answer, not to be small.
 */
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "account.h"
#include "account_info.h"
#include "account_policy.h"
#include "authd_conf.h"
#include "ldap_conn.h"
#include "secret.h"
#include "xalloc.h"

void
account_info_free(struct account_info **ip)
{
	struct account_info *i = *ip;
	size_t k;

	*ip = NULL;
	if (i == NULL)
		return;
	xfree(&i->dn);
	acct_entry_free(&i->acct);
	for (k = 0; k < i->npw; k++)
		secret_free(&i->pw_values[k]);
	xfree(&i->pw_values);
	xfree(&i);
}

struct account_info *
account_info_dup_policy(const struct account_info *i)
{
	struct account_info *c = xcalloc(1, sizeof(*c));

	c->dn = xstrdup(i->dn);
	c->acct = acct_entry_dup(i->acct);
	return c;
}

static enum pst_result
read_passwords(LDAP *ld, LDAPMessage *e, const char *password_attr, struct account_info *i,
               char **err_r)
{
	struct berval **v = ldap_get_values_len(ld, e, password_attr);
	size_t k;

	for (k = 0; v != NULL && v[k] != NULL; k++) {
		if (k >= ACCOUNT_PWVALUES_MAX || v[k]->bv_len > ACCOUNT_PWVALUE_LEN) {
			ldap_value_free_len(v);
			*err_r = xasprintf("%s: too many or too long values", password_attr);
			return PST_PERMFAIL;
		}
	}
	if (k > 0) {
		i->pw_values = xcalloc(k, sizeof(*i->pw_values));
		for (i->npw = 0; i->npw < k; i->npw++)
			i->pw_values[i->npw] = secret_new(v[i->npw]->bv_val, v[i->npw]->bv_len);
	}
	ldap_value_free_len(v);
	return PST_OK;
}

/* info_from_entry - the entry through lib's decoder, plus the password values in fetch mode */
static enum pst_result
info_from_entry(LDAP *ld, LDAPMessage *e, const struct authd_conf *conf,
                const struct account_search *as, struct account_info **out, char **err_r)
{
	struct acct_decode d = {conf->ldap.ppolicy_default,
	                        conf->ldap.timeout,
	                        as->ident_tpl,
	                        as->ident_vars,
	                        as->ident_dn,
	                        as->no_block};
	struct account_info *i = xcalloc(1, sizeof(*i));
	enum pst_result r;

	*out = NULL;
	r = acct_entry_decode(ld, e, &d, &i->acct, err_r);
	if (r == PST_OK) {
		i->dn = xstrdup(i->acct->dn);
		if (as->fetch)
			r = read_passwords(ld, e, conf->ldap.password_attr, i, err_r);
	}
	if (r != PST_OK) {
		account_info_free(&i);
		return r;
	}
	*out = i;
	return PST_OK;
}

void
account_search_attrs(const struct authd_conf *conf, const struct account_search *as,
                     const char **attrs, size_t max, struct acct_terms *ts)
{
	size_t na = 0;

	while (acct_attrs[na] != NULL && na + 2 < max) {
		attrs[na] = acct_attrs[na];
		na++;
	}
	if (as->fetch)
		attrs[na++] = conf->ldap.password_attr;
	memset(ts, 0, sizeof(*ts));
	if (as->ident_tpl != NULL && as->ident_vars != NULL)
		acct_ident_terms(as->ident_tpl, as->ident_vars, as->ident_dn, ts);
	acct_ident_attrs(ts, attrs, &na, max - 1);
}

enum pst_result
account_search_judge(LDAP *ld, const struct authd_conf *conf, struct account_search *as, int rc,
                     int n, LDAPMessage *e, char **err_r)
{
	enum pst_result r;

	account_info_free(&as->info);
	as->found = 0;
	if (rc == LDAP_SIZELIMIT_EXCEEDED) {
		as->found = 2;
		return PST_PERMFAIL;
	}
	/* The search base itself is missing: no account can be there. */
	if (rc == LDAP_NO_SUCH_OBJECT)
		return PST_PERMFAIL;
	if (rc != LDAP_SUCCESS) {
		r = pst_ldap_result(rc);
		if (r == PST_OK)
			r = PST_TEMPFAIL;
		*err_r = xasprintf("search: %s", ldap_err2string(rc));
		return r;
	}
	if (n != 1 || e == NULL) {
		as->found = n > 1 ? 2 : 0;
		return PST_PERMFAIL;
	}
	r = info_from_entry(ld, e, conf, as, &as->info, err_r);
	if (r == PST_OK)
		as->found = 1;
	return r;
}

enum pst_result
account_search_op(LDAP *ld, const struct authd_conf *conf, void *arg, int *rc, char **err_r)
{
	struct account_search *as = arg;
	const char *attrs[ACCOUNT_SEARCH_ATTRS];
	struct acct_terms ts;
	LDAPMessage *res = NULL;
	struct timeval tv = {conf->ldap.timeout, 0};
	enum pst_result r;
	int n;

	account_search_attrs(conf, as, attrs, ACCOUNT_SEARCH_ATTRS, &ts);
	/* Size limit 2: enough to tell "one" from "more than one". */
	*rc = ldap_search_ext_s(ld, as->base, as->scope, as->filter, (char **)attrs, 0, NULL, NULL,
	                        &tv, 2, &res);
	acct_ident_terms_free(&ts);
	n = *rc == LDAP_SUCCESS ? ldap_count_entries(ld, res) : 0;
	r = account_search_judge(ld, conf, as, *rc, n, n > 0 ? ldap_first_entry(ld, res) : NULL,
	                         err_r);
	ldap_msgfree(res);
	return r;
}
