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
	struct acct_decode d = {conf->ldap.ppolicy_default, conf->ldap.timeout, as->ident_tpl,
	                        as->ident_vars, as->ident_dn};
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

enum pst_result
account_search_op(LDAP *ld, const struct authd_conf *conf, void *arg, int *rc, char **err_r)
{
	struct account_search *as = arg;
	const char *attrs[32];
	struct acct_terms ts;
	LDAPMessage *res = NULL, *e;
	struct timeval tv = {conf->ldap.timeout, 0};
	enum pst_result r;
	size_t na = 0;
	int n;

	account_info_free(&as->info);
	as->found = 0;
	while (acct_attrs[na] != NULL) {
		attrs[na] = acct_attrs[na];
		na++;
	}
	if (as->fetch)
		attrs[na++] = conf->ldap.password_attr;
	memset(&ts, 0, sizeof(ts));
	if (as->ident_tpl != NULL && as->ident_vars != NULL)
		acct_ident_terms(as->ident_tpl, as->ident_vars, as->ident_dn, &ts);
	acct_ident_attrs(&ts, attrs, &na, sizeof(attrs) / sizeof(attrs[0]) - 1);
	/* Size limit 2: enough to tell "one" from "more than one". */
	*rc = ldap_search_ext_s(ld, as->base, as->scope, as->filter, (char **)attrs, 0, NULL, NULL,
	                        &tv, 2, &res);
	if (*rc == LDAP_SIZELIMIT_EXCEEDED) {
		as->found = 2;
		ldap_msgfree(res);
		acct_ident_terms_free(&ts);
		return PST_PERMFAIL;
	}
	if (*rc == LDAP_NO_SUCH_OBJECT) {
		/* The search base itself is missing: no account can be there. */
		ldap_msgfree(res);
		acct_ident_terms_free(&ts);
		return PST_PERMFAIL;
	}
	if (*rc != LDAP_SUCCESS) {
		r = pst_ldap_result(*rc);
		if (r == PST_OK)
			r = PST_TEMPFAIL;
		*err_r = xasprintf("search: %s", ldap_err2string(*rc));
		ldap_msgfree(res);
		acct_ident_terms_free(&ts);
		return r;
	}
	n = ldap_count_entries(ld, res);
	if (n != 1) {
		as->found = n > 1 ? 2 : 0;
		ldap_msgfree(res);
		acct_ident_terms_free(&ts);
		return PST_PERMFAIL;
	}
	e = ldap_first_entry(ld, res);
	r = info_from_entry(ld, e, conf, as, &as->info, err_r);
	if (r == PST_OK)
		as->found = 1;
	ldap_msgfree(res);
	acct_ident_terms_free(&ts);
	return r;
}
