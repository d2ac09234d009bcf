/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_group.c: saslauthd's group restriction (ldap_group_dn with
 * ldap_group_attr, or ldap_group_filter), checked with the service
 * identity on the search connection, never as the user (cyrus-sasl #427).
 */
#include <string.h>
#include <sys/time.h>

#include "account_info.h"
#include "auth_ctx.h"
#include "authd_conf.h"
#include "ldap_conn.h"
#include "ldap_pool.h"
#include "ldap_template.h"
#include "xalloc.h"

static const int ldap_scopes[] = {LDAP_SCOPE_SUBTREE, LDAP_SCOPE_ONELEVEL, LDAP_SCOPE_BASE};

struct group_op {
	int by_filter;
	const char *group_dn; /* attr method */
	const char *user_dn;
	const char *base; /* filter method */
	const char *filter;
};

static enum pst_result
group_op_run(LDAP *ld, const struct authd_conf *conf, void *arg, int *rc, char **err_r)
{
	struct group_op *g = arg;
	struct timeval tv = {conf->ldap.timeout, 0};
	LDAPMessage *res = NULL;
	enum pst_result r;
	char *attrs[] = {"1.1", NULL};

	if (!g->by_filter) {
		struct berval bv;

		bv.bv_val = (char *)g->user_dn;
		bv.bv_len = strlen(g->user_dn);
		*rc = ldap_compare_ext_s(ld, g->group_dn, conf->ldap.group_attr, &bv, NULL, NULL);
		if (*rc == LDAP_COMPARE_TRUE)
			return PST_OK;
		if (*rc == LDAP_COMPARE_FALSE || *rc == LDAP_NO_SUCH_OBJECT ||
		    *rc == LDAP_NO_SUCH_ATTRIBUTE || *rc == LDAP_UNDEFINED_TYPE)
			return PST_PERMFAIL;
	} else {
		*rc = ldap_search_ext_s(ld, g->base, ldap_scopes[conf->ldap.group_scope], g->filter,
		                        attrs, 1, NULL, NULL, &tv, 1, &res);
		if (*rc == LDAP_SUCCESS || *rc == LDAP_SIZELIMIT_EXCEEDED) {
			int n = ldap_count_entries(ld, res);

			ldap_msgfree(res);
			return n > 0 ? PST_OK : PST_PERMFAIL;
		}
		ldap_msgfree(res);
		if (*rc == LDAP_NO_SUCH_OBJECT)
			return PST_PERMFAIL;
	}
	r = pst_ldap_result(*rc);
	if (r == PST_OK)
		r = PST_TEMPFAIL;
	*err_r = xasprintf("group check: %s", ldap_err2string(*rc));
	return r;
}

enum pst_result
auth_group_check(struct auth_ctx *a)
{
	const struct ldap_settings *l = &a->conf->ldap;
	struct ldap_template_vars v = {a->login, a->service, a->realm, a->info->dn};
	struct group_op g;
	char *gdn = NULL, *base = NULL, *filter = NULL, *err = NULL;
	enum pst_result r;
	int rc;

	memset(&g, 0, sizeof(g));
	g.user_dn = a->info->dn;
	g.by_filter = l->group_match_method == LS_GROUP_FILTER || l->group_dn == NULL ||
	              *l->group_dn == '\0';
	if (g.by_filter) {
		const char *b = l->group_search_base != NULL
		                        ? l->group_search_base
		                        : (l->search_base ? l->search_base : "");

		if (ldap_template_expand(b, &v, LDAP_TPL_DN, &base, &err) != PST_OK ||
		    ldap_template_expand(l->group_filter, &v, LDAP_TPL_FILTER, &filter, &err) !=
		            PST_OK) {
			xfree(&base);
			return auth_ctx_fail(a, PST_PERMFAIL, "group template too long", err);
		}
		g.base = base;
		g.filter = filter;
	} else {
		if (ldap_template_expand(l->group_dn, &v, LDAP_TPL_DN, &gdn, &err) != PST_OK)
			return auth_ctx_fail(a, PST_PERMFAIL, "group template too long", err);
		g.group_dn = gdn;
	}
	r = ldap_slot_run(a->slot, a->conf, LDAP_KIND_SEARCH, group_op_run, &g, &rc, &err);
	xfree(&gdn);
	xfree(&base);
	xfree(&filter);
	if (r == PST_TEMPFAIL)
		return auth_ctx_fail(a, r, "directory unavailable", err);
	if (r != PST_OK)
		return auth_ctx_fail(a, r, "not a member of the required group", err);
	xfree(&err);
	return PST_OK;
}
