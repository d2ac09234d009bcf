/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_bind.c: checking a password by binding as the user (bind and
 * fastbind modes).
 *
 * Every check is a real bind on the bind connection: a connection that is
 * still bound as the same user is never taken as proof of the password
 * (saslauthd's fastbind did that, and kept old passwords working and logins
 * succeeding with the directory down, cyrus-sasl #550). A refused bind
 * leaves the connection usable for the next user, so wrong passwords cost
 * no reconnects.
 */
#include <string.h>

#include "account_info.h"
#include "auth_ctx.h"
#include "authd_conf.h"
#include "clock.h"
#include "dn_cache.h"
#include "ldap_conn.h"
#include "ldap_pool.h"
#include "ldap_template.h"
#include "xalloc.h"

struct user_bind {
	const char *dn;
	const struct secret *pw;
	struct ppolicy_info pp;
};

static enum pst_result
user_bind_op(LDAP *ld, const struct authd_conf *conf, void *arg, int *rc, char **err_r)
{
	struct user_bind *ub = arg;
	LDAPControl **ctrls = NULL;
	enum pst_result r;

	r = ldap_conn_bind(ld, ub->dn, ub->pw, conf->ldap.timeout, rc, &ctrls);
	ppolicy_parse(ld, ctrls, &ub->pp);
	if (ctrls != NULL)
		ldap_controls_free(ctrls);
	if (r == PST_TEMPFAIL)
		*err_r = xasprintf("user bind: %s", ldap_err2string(*rc));
	return r;
}

/*
 * auth_bind_judge - turn the bind's result and its ppolicy control into the
 * answer. A successful bind can still mean "no": an expired password on a
 * grace login, or a password that must be changed after a reset (slapd then
 * allows nothing but the change, and a mail client cannot make it).
 */
enum pst_result
auth_bind_judge(struct auth_ctx *a, enum pst_result r, int rc, const struct ppolicy_info *pp)
{
	a->pp = *pp;
	if (r == PST_TEMPFAIL)
		return r;
	if (r == PST_OK) {
		switch (pp->state) {
		case PPOLICY_NONE:
			break;
		case PPOLICY_EXPIRED:
		case PPOLICY_LOCKED:
		case PPOLICY_MUST_CHANGE:
			return auth_ctx_fail(a, PST_PERMFAIL, ppolicy_state_text(pp->state), NULL);
		default:
			break;
		}
		if (pp->grace >= 0 && !a->conf->authd.ppolicy_grace_ok)
			return auth_ctx_fail(a, PST_PERMFAIL,
			                     "password expired (a grace login was used)",
			                     xasprintf("%d grace logins left", pp->grace));
		return PST_OK;
	}
	if (pp->state != PPOLICY_NONE)
		return auth_ctx_fail(a, r, ppolicy_state_text(pp->state), NULL);
	if (rc == LDAP_INVALID_CREDENTIALS)
		return auth_ctx_fail(a, r, "invalid credentials", NULL);
	return auth_ctx_fail(a, r, "bind refused", xstrdup(ldap_err2string(rc)));
}

static enum pst_result
bind_as(struct auth_ctx *a, const char *dn, int *rc_r)
{
	struct user_bind ub;
	char *err = NULL;
	enum pst_result r;

	memset(&ub, 0, sizeof(ub));
	ub.dn = dn;
	ub.pw = a->pw;
	ub.pp.expire_in = -1;
	ub.pp.grace = -1;
	r = ldap_slot_run(a->slot, a->conf, LDAP_KIND_BIND, user_bind_op, &ub, rc_r, &err);
	if (r == PST_TEMPFAIL)
		return auth_ctx_fail(a, r, "directory unavailable", err);
	xfree(&err);
	return auth_bind_judge(a, r, *rc_r, &ub.pp);
}

enum pst_result
auth_bind_verify(struct auth_ctx *a)
{
	enum pst_result r;
	int attempt, rc = LDAP_OTHER;

	for (attempt = 0; attempt < 2; attempt++) {
		int from_cache = 0;

		if (attempt == 0 && a->account_known && a->info != NULL) {
			/* Found before the penalty (auth_pipeline.c's identify step). */
			from_cache = a->account_cached;
		} else {
			r = auth_lookup_account(a, 0, attempt == 0, &from_cache);
			if (r != PST_OK)
				return r;
		}
		r = bind_as(a, a->info->dn, &rc);
		if (r == PST_PERMFAIL &&
		    (rc == LDAP_NO_SUCH_OBJECT || rc == LDAP_INVALID_DN_SYNTAX)) {
			/* The entry moved or went away: forget it, search again once. */
			dn_cache_drop(a->rt->dns, a->login, a->realm,
			              a->conf->dn_key_service ? a->service : NULL);
			if (from_cache)
				continue;
		}
		break;
	}
	return r;
}

enum pst_result
auth_fastbind_verify(struct auth_ctx *a)
{
	struct ldap_template_vars v = {a->login, a->service, a->realm, NULL};
	char *dn = NULL, *err = NULL;
	enum pst_result r;
	int rc = LDAP_OTHER;

	if (ldap_template_expand(a->conf->ldap.filter, &v, LDAP_TPL_DN, &dn, &err) != PST_OK)
		return auth_ctx_fail(a, PST_PERMFAIL, "login too long for the DN template", err);
	account_info_free(&a->info);
	a->info = xcalloc(1, sizeof(*a->info));
	a->info->dn = dn;
	r = bind_as(a, dn, &rc);
	if (r != PST_OK)
		return r;
	if (a->conf->authd.check_policy || a->conf->authd.require_account)
		return auth_read_policy(a);
	return PST_OK;
}

/*
 * The DN of the unknown-login bind: under the search base, with an RDN no
 * entry has. The bind fails with invalidCredentials, as a wrong password
 * does, after the same round trip.
 */
#define UNKNOWN_RDN "cn=postino-no-such-account"

char *
auth_unknown_dn(const struct authd_conf *conf)
{
	const char *base = conf->ldap.search_base;

	return base != NULL && *base != '\0' && strchr(base, '%') == NULL
	               ? xasprintf("%s,%s", UNKNOWN_RDN, base)
	               : xstrdup(UNKNOWN_RDN);
}

void
auth_unknown_bind(struct auth_ctx *a)
{
	char *dn = auth_unknown_dn(a->conf);
	struct user_bind ub;
	char *err = NULL;
	int rc = LDAP_OTHER;

	memset(&ub, 0, sizeof(ub));
	ub.dn = dn;
	ub.pw = a->pw;
	ub.pp.expire_in = -1;
	ub.pp.grace = -1;
	(void)ldap_slot_run(a->slot, a->conf, LDAP_KIND_BIND, user_bind_op, &ub, &rc, &err);
	xfree(&err);
	xfree(&dn);
}
