/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * account_entry.c: the one decoder of an account entry and of the password
 * policy entry that governs it.
 *
 * Every value read from the directory is capped in length and number
 * before it is copied: the directory is trusted to answer, not to be
 * small. The governing password policy comes from account_pwpolicy.c.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

#include "account.h"
#include "account_policy.h"
#include "ldap_conn.h"
#include "secret.h"
#include "xalloc.h"

const char *const acct_attrs[] = {"uid",
                                  "entryUUID",
                                  "objectClass",
                                  ACCT_ATTR_DISABLED,
                                  ACCT_ATTR_SERVICE,
                                  ACCT_ATTR_SUBJECT,
                                  "pwdAccountLockedTime",
                                  "pwdChangedTime",
                                  "pwdGraceUseTime",
                                  "pwdReset",
                                  "pwdPolicySubentry",
                                  NULL};

static int
bv_is(const struct berval *bv, const char *s)
{
	return acct_ascii_caseeq(bv->bv_val, bv->bv_len, s, strlen(s));
}

static int
bv_usable(const struct berval *bv)
{
	return bv->bv_len > 0 && bv->bv_len <= ACCT_VALUE_LEN &&
	       memchr(bv->bv_val, '\0', bv->bv_len) == NULL;
}

/* first_value - the first usable value of attr, or NULL */
static char *
first_value(LDAP *ld, LDAPMessage *e, const char *attr)
{
	struct berval **v = ldap_get_values_len(ld, e, attr);
	char *out = NULL;

	if (v != NULL && v[0] != NULL && bv_usable(v[0]))
		out = xmemdup0(v[0]->bv_val, v[0]->bv_len);
	ldap_value_free_len(v);
	return out;
}

/* all_values - the usable values of attr (lower-cased when fold), NULL when none */
static char **
all_values(LDAP *ld, LDAPMessage *e, const char *attr, int fold)
{
	struct berval **v = ldap_get_values_len(ld, e, attr);
	char **out = NULL;
	size_t k, j, n = 0;

	for (k = 0; v != NULL && v[k] != NULL && n < ACCT_VALUES_MAX; k++) {
		char *s;

		if (!bv_usable(v[k]))
			continue;
		if (out == NULL)
			out = xcalloc(ACCT_VALUES_MAX + 1, sizeof(*out));
		s = xmemdup0(v[k]->bv_val, v[k]->bv_len);
		for (j = 0; fold && s[j] != '\0'; j++)
			if (s[j] >= 'A' && s[j] <= 'Z')
				s[j] = (char)(s[j] - 'A' + 'a');
		out[n++] = s;
	}
	ldap_value_free_len(v);
	return out;
}

static long
count_values(LDAP *ld, LDAPMessage *e, const char *attr)
{
	struct berval **v = ldap_get_values_len(ld, e, attr);
	long n = v != NULL ? (long)ldap_count_values_len(v) : 0;

	ldap_value_free_len(v);
	return n;
}

static time_t
time_value(LDAP *ld, LDAPMessage *e, const char *attr, int *present_r, int *admin_r)
{
	struct berval **v = ldap_get_values_len(ld, e, attr);
	time_t t = 0;

	if (present_r != NULL)
		*present_r = v != NULL && v[0] != NULL;
	if (v != NULL && v[0] != NULL) {
		if (admin_r != NULL)
			*admin_r = bv_is(v[0], ACCT_ADMIN_LOCK);
		t = acct_gentime(v[0]->bv_val, v[0]->bv_len);
		if (t < 0)
			t = 0;
	}
	ldap_value_free_len(v);
	return t;
}

enum pst_result
acct_entry_decode(LDAP *ld, LDAPMessage *e, const struct acct_decode *d, struct acct_entry **out,
                  char **err_r)
{
	struct acct_entry *a;
	struct berval **v;
	char *dn = ldap_get_dn(ld, e);
	const char *pdn;
	size_t k;

	*out = NULL;
	if (dn == NULL || strlen(dn) > 4096) {
		ldap_memfree(dn);
		*err_r = xstrdup("entry without a usable DN");
		return PST_PERMFAIL;
	}
	a = xcalloc(1, sizeof(*a));
	a->dn = xstrdup(dn);
	ldap_memfree(dn);
	a->uid = first_value(ld, e, "uid");
	a->uuid = first_value(ld, e, "entryUUID");
	v = ldap_get_values_len(ld, e, "objectClass");
	for (k = 0; v != NULL && v[k] != NULL; k++)
		if (bv_is(v[k], ACCT_OC))
			a->has_class = 1;
	ldap_value_free_len(v);
	v = ldap_get_values_len(ld, e, ACCT_ATTR_DISABLED);
	/* Any value but FALSE disables: a typo must not open the account. */
	a->disabled = v != NULL && v[0] != NULL && !bv_is(v[0], "FALSE");
	ldap_value_free_len(v);
	a->services = all_values(ld, e, ACCT_ATTR_SERVICE, 1);
	a->subjects = all_values(ld, e, ACCT_ATTR_SUBJECT, 0);
	a->locked_at = time_value(ld, e, "pwdAccountLockedTime", &a->locked, &a->admin_locked);
	a->changed_at = time_value(ld, e, "pwdChangedTime", NULL, NULL);
	a->grace_used = count_values(ld, e, "pwdGraceUseTime");
	v = ldap_get_values_len(ld, e, "pwdReset");
	a->reset = v != NULL && v[0] != NULL && bv_is(v[0], "TRUE");
	ldap_value_free_len(v);
	a->policy_dn = first_value(ld, e, "pwdPolicySubentry");
	pdn = a->policy_dn != NULL ? a->policy_dn : d != NULL ? d->policy_default : NULL;
	if (pdn != NULL && *pdn != '\0' &&
	    acct_pwpolicy_read(d != NULL && d->policy_cached_only ? NULL : ld, pdn,
	                       d != NULL ? d->timeout : 5, &a->pol, err_r) != PST_OK) {
		acct_entry_free(&a);
		return PST_TEMPFAIL;
	}
	if (d != NULL && d->ident_tpl != NULL && d->ident_vars != NULL) {
		struct acct_terms ts;

		acct_ident_terms(d->ident_tpl, d->ident_vars, d->ident_dn, &ts);
		a->ident = acct_ident_match(ld, e, &ts);
		acct_ident_terms_free(&ts);
	}
	*out = a;
	return PST_OK;
}

struct acct_entry *
acct_entry_dup(const struct acct_entry *a)
{
	struct acct_entry *c;

	if (a == NULL)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	*c = *a;
	c->dn = a->dn != NULL ? xstrdup(a->dn) : NULL;
	c->uid = a->uid != NULL ? xstrdup(a->uid) : NULL;
	c->uuid = a->uuid != NULL ? xstrdup(a->uuid) : NULL;
	c->policy_dn = a->policy_dn != NULL ? xstrdup(a->policy_dn) : NULL;
	c->services = xstrvdup(a->services);
	c->subjects = xstrvdup(a->subjects);
	return c;
}

void
acct_entry_free(struct acct_entry **ap)
{
	struct acct_entry *a = *ap;

	*ap = NULL;
	if (a == NULL)
		return;
	xfree(&a->dn);
	xfree(&a->uid);
	xfree(&a->uuid);
	xfree(&a->policy_dn);
	xstrvfree(&a->services);
	xstrvfree(&a->subjects);
	xfree(&a);
}
