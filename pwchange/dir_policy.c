/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dir_policy.c: reading a ppolicy pwdPolicy entry and turning it into
 * sentences for the page.
 *
 * Read at start-up and on SIGHUP, never per request: the rules change
 * rarely, and a page view must not cost a directory search.
 */
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "dir_policy.h"
#include "ldap_conn.h"
#include "ldap_settings.h"
#include "messages.h"
#include "xalloc.h"

/* number - the entry's attr as a non-negative number, or 0 */
static long
number(LDAP *ld, LDAPMessage *e, const char *attr)
{
	struct berval **v = ldap_get_values_len(ld, e, attr);
	long n = 0;

	if (v != NULL && v[0] != NULL && v[0]->bv_len > 0 && v[0]->bv_len < 12) {
		char buf[12], *end;

		memcpy(buf, v[0]->bv_val, v[0]->bv_len);
		buf[v[0]->bv_len] = '\0';
		n = strtol(buf, &end, 10);
		if (*end != '\0' || n < 0)
			n = 0;
	}
	ldap_value_free_len(v);
	return n;
}

enum pst_result
dir_policy_read(const struct ldap_settings *ls, const char *dn, struct dir_policy *dp, char **err_r)
{
	char *attrs[] = {"pwdMinLength", "pwdInHistory", "pwdMinAge", "pwdCheckQuality", NULL};
	struct timeval tv = {ls->timeout, 0};
	LDAPMessage *msg = NULL, *e;
	LDAP *ld = NULL;
	enum pst_result r;
	int rc;

	memset(dp, 0, sizeof(*dp));
	r = ldap_conn_connect(ls, &ld, err_r);
	if (r != PST_OK)
		return r;
	rc = ldap_search_ext_s(ld, dn, LDAP_SCOPE_BASE, "(objectClass=pwdPolicy)", attrs, 0, NULL,
	                       NULL, &tv, 1, &msg);
	r = pst_ldap_result(rc);
	if (r == PST_OK && (e = ldap_first_entry(ld, msg)) != NULL) {
		dp->min_length = number(ld, e, "pwdMinLength");
		dp->in_history = number(ld, e, "pwdInHistory");
		dp->min_age = number(ld, e, "pwdMinAge");
		dp->check_quality = number(ld, e, "pwdCheckQuality");
	} else {
		*err_r = xasprintf("%s: %s", dn,
		                   r == PST_OK ? "not a readable pwdPolicy entry"
		                               : ldap_err2string(rc));
		if (r == PST_OK)
			r = PST_PERMFAIL;
	}
	if (msg != NULL)
		ldap_msgfree(msg);
	ldap_conn_close(&ld);
	return r;
}

void
dir_policy_rules_add(const struct dir_policy *dp, enum lang l, char ***rulesp)
{
	char *add[4];
	size_t n = 0, have = 0;

	if (dp->min_length > 0)
		add[n++] = msg_format(l, MSG_DIR_RULE_MIN_LENGTH, dp->min_length, 0);
	if (dp->in_history > 0)
		add[n++] = msg_format(l, MSG_DIR_RULE_HISTORY, dp->in_history, 0);
	if (dp->min_age > 0)
		add[n++] = msg_format(l, MSG_DIR_RULE_MIN_AGE, (dp->min_age + 59) / 60, 0);
	if (dp->check_quality > 0)
		add[n++] = msg_format(l, MSG_DIR_RULE_QUALITY, 0, 0);
	while (*rulesp != NULL && (*rulesp)[have] != NULL)
		have++;
	*rulesp = xreallocarray(*rulesp, have + n + 1, sizeof(**rulesp));
	memcpy(*rulesp + have, add, n * sizeof(*add));
	(*rulesp)[have + n] = NULL;
}

long
dir_policy_min_length(const struct dir_policy *dp)
{
	return dp != NULL ? dp->min_length : 0;
}
