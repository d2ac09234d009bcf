/*
 * account_info.c: searching for an account and reading its entry.
 *
 * Every value read from the directory is length-capped before it is
 * copied: the directory is trusted to answer, not to be small.
 */
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "account.h"
#include "account_info.h"
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
	if (i->services != NULL) {
		for (k = 0; i->services[k] != NULL; k++)
			xfree(&i->services[k]);
		xfree(&i->services);
	}
	for (k = 0; k < i->npw; k++)
		secret_free(&i->pw_values[k]);
	xfree(&i->pw_values);
	xfree(&i);
}

struct account_info *
account_info_dup_policy(const struct account_info *i)
{
	struct account_info *c = xcalloc(1, sizeof(*c));
	size_t k, n = 0;

	c->dn = xstrdup(i->dn);
	c->has_account = i->has_account;
	c->disabled = i->disabled;
	if (i->services != NULL) {
		while (i->services[n] != NULL)
			n++;
		c->services = xcalloc(n + 1, sizeof(*c->services));
		for (k = 0; k < n; k++)
			c->services[k] = xstrdup(i->services[k]);
	}
	return c;
}

static int
bv_is(const struct berval *bv, const char *s)
{
	size_t n = strlen(s);

	return bv->bv_len == n && strncasecmp(bv->bv_val, s, n) == 0;
}

static void
read_policy_values(LDAP *ld, LDAPMessage *e, struct account_info *i)
{
	struct berval **v;
	size_t k, n = 0;

	v = ldap_get_values_len(ld, e, "objectClass");
	for (k = 0; v != NULL && v[k] != NULL; k++)
		if (bv_is(v[k], ACCT_OC))
			i->has_account = 1;
	ldap_value_free_len(v);
	v = ldap_get_values_len(ld, e, ACCT_ATTR_DISABLED);
	/* Any value but FALSE disables: a typo must not open the account. */
	if (v != NULL && v[0] != NULL && !bv_is(v[0], "FALSE"))
		i->disabled = 1;
	ldap_value_free_len(v);
	v = ldap_get_values_len(ld, e, ACCT_ATTR_SERVICE);
	if (v != NULL) {
		i->services = xcalloc(ACCOUNT_SERVICES_MAX + 1, sizeof(*i->services));
		for (k = 0; v[k] != NULL && n < ACCOUNT_SERVICES_MAX; k++) {
			size_t j, len = v[k]->bv_len;
			char *s;

			if (len == 0 || len > ACCOUNT_SERVICE_LEN)
				continue;
			s = xmemdup0(v[k]->bv_val, len);
			for (j = 0; j < len; j++)
				if (s[j] >= 'A' && s[j] <= 'Z')
					s[j] = (char)(s[j] - 'A' + 'a');
			i->services[n++] = s;
		}
	}
	ldap_value_free_len(v);
}

static enum pst_result
read_fetch_values(LDAP *ld, LDAPMessage *e, const char *password_attr, struct account_info *i,
                  char **err_r)
{
	struct berval **v;
	size_t k;

	v = ldap_get_values_len(ld, e, "pwdAccountLockedTime");
	if (v != NULL && v[0] != NULL)
		i->locked = 1;
	ldap_value_free_len(v);
	v = ldap_get_values_len(ld, e, "pwdReset");
	if (v != NULL && v[0] != NULL && bv_is(v[0], "TRUE"))
		i->reset = 1;
	ldap_value_free_len(v);
	v = ldap_get_values_len(ld, e, password_attr);
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

enum pst_result
account_info_from_entry(LDAP *ld, LDAPMessage *e, const char *password_attr,
                        struct account_info **out, char **err_r)
{
	struct account_info *i;
	char *dn = ldap_get_dn(ld, e);

	*out = NULL;
	if (dn == NULL || strlen(dn) > ACCOUNT_DN_MAX) {
		ldap_memfree(dn);
		*err_r = xstrdup("entry without a usable DN");
		return PST_PERMFAIL;
	}
	i = xcalloc(1, sizeof(*i));
	i->dn = xstrdup(dn);
	ldap_memfree(dn);
	read_policy_values(ld, e, i);
	if (password_attr != NULL && read_fetch_values(ld, e, password_attr, i, err_r) != PST_OK) {
		account_info_free(&i);
		return PST_PERMFAIL;
	}
	*out = i;
	return PST_OK;
}

enum pst_result
account_search_op(LDAP *ld, const struct authd_conf *conf, void *arg, int *rc, char **err_r)
{
	struct account_search *as = arg;
	const char *attrs[] = {"objectClass",
	                       ACCT_ATTR_DISABLED,
	                       ACCT_ATTR_SERVICE,
	                       "pwdAccountLockedTime",
	                       "pwdReset",
	                       NULL,
	                       NULL};
	LDAPMessage *res = NULL, *e;
	struct timeval tv = {conf->ldap.timeout, 0};
	enum pst_result r;
	int n;

	account_info_free(&as->info);
	as->found = 0;
	if (as->fetch)
		attrs[5] = conf->ldap.password_attr;
	else
		attrs[3] = NULL; /* bind mode: ppolicy speaks through the bind's control */
	/* Size limit 2: enough to tell "one" from "more than one". */
	*rc = ldap_search_ext_s(ld, as->base, as->scope, as->filter, (char **)attrs, 0, NULL, NULL,
	                        &tv, 2, &res);
	if (*rc == LDAP_SIZELIMIT_EXCEEDED) {
		as->found = 2;
		ldap_msgfree(res);
		return PST_PERMFAIL;
	}
	if (*rc == LDAP_NO_SUCH_OBJECT) {
		/* The search base itself is missing: no account can be there. */
		ldap_msgfree(res);
		return PST_PERMFAIL;
	}
	if (*rc != LDAP_SUCCESS) {
		r = pst_ldap_result(*rc);
		if (r == PST_OK)
			r = PST_TEMPFAIL;
		*err_r = xasprintf("search: %s", ldap_err2string(*rc));
		ldap_msgfree(res);
		return r;
	}
	n = ldap_count_entries(ld, res);
	if (n != 1) {
		as->found = n > 1 ? 2 : 0;
		ldap_msgfree(res);
		return PST_PERMFAIL;
	}
	e = ldap_first_entry(ld, res);
	r = account_info_from_entry(ld, e, as->fetch ? conf->ldap.password_attr : NULL, &as->info,
	                            err_r);
	if (r == PST_OK)
		as->found = 1;
	ldap_msgfree(res);
	return r;
}
