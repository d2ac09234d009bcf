/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_user_policy.c: what lib's account policy says about an account, for
 * "user show" and "user list": its state and the verdict of every way in (authd, SCRAM,
 * EXTERNAL, PLAIN through auxprop, a self-service change, relaying by
 * certificate through postino-socketmap with the service "relay"). postinoctl
 * decides nothing itself: the entry is read with the one decoder and each
 * path asks acct_decide, so what an administrator sees is what the mail
 * servers do.
 */
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "account.h"
#include "account_policy.h"
#include "cli.h"
#include "cli_output.h"
#include "cli_user_policy.h"
#include "xalloc.h"

/* The options every postinoctl view decides with: no particular service, no grace. */
static const struct acct_opts view_opts = {1, 0, 0};

struct acct_entry *
cli_user_decode_msg(struct cli_ctx *ctx, LDAPMessage *e)
{
	struct acct_decode d = {ctx->ldap.ppolicy_default, ctx->ldap.timeout, NULL, NULL, 0, 0};
	struct acct_entry *a = NULL;
	char *err = NULL;

	if (acct_entry_decode(ctx->ld, e, &d, &a, &err) != PST_OK)
		a = NULL;
	xfree(&err);
	return a;
}

struct acct_entry *
cli_user_decode(struct cli_ctx *ctx, const char *dn)
{
	struct timeval tv = {ctx->ldap.timeout > 0 ? ctx->ldap.timeout : 5, 0};
	struct acct_entry *a = NULL;
	LDAPMessage *res = NULL, *e;

	if (ctx->ld != NULL &&
	    ldap_search_ext_s(ctx->ld, dn, LDAP_SCOPE_BASE, "(objectClass=*)", (char **)acct_attrs,
	                      0, NULL, NULL, &tv, 1, &res) == LDAP_SUCCESS &&
	    (e = ldap_first_entry(ctx->ld, res)) != NULL)
		a = cli_user_decode_msg(ctx, e);
	ldap_msgfree(res);
	return a;
}

const char *
cli_user_state(const struct acct_entry *a)
{
	if (a == NULL)
		return NULL;
	return acct_state_name(acct_state_of(a, &view_opts, NULL, time(NULL), NULL));
}

void
cli_user_policy(const struct acct_entry *a, const char *service, struct out_rec *rec)
{
	char *v[ACCT_PATH_COUNT];
	time_t now = time(NULL);
	long grace = 0;
	enum acct_state st;
	size_t n = 0;

	if (a == NULL) {
		out_str(rec, "policy_state", NULL);
		return;
	}
	st = acct_state_of(a, &view_opts, service, now, &grace);
	out_str(rec, "policy_state", acct_state_name(st));
	if (a->pol.known && a->pol.max_age > 0 && a->changed_at > 0) {
		time_t until = a->changed_at + (time_t)a->pol.max_age;
		struct tm tm;
		char stamp[32];

		if (gmtime_r(&until, &tm) != NULL &&
		    strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%SZ", &tm) > 0)
			out_str(rec, "password_expires", stamp);
	}
	if (st == ACCT_ST_EXPIRED_GRACE)
		out_int(rec, "grace_logins_left", grace);
	for (int p = 0; p < ACCT_PATH_COUNT; p++) {
		const char *why = NULL;
		/* Relaying is a service of its own, never implied by the others. */
		const char *svc = p == ACCT_PATH_RELAY ? ACCT_SERVICE_RELAY : service;
		enum pst_result r =
		        acct_decide(a, &view_opts, svc, (enum acct_path)p, now, NULL, &why);

		v[n++] = xasprintf("%s=%s", acct_path_name((enum acct_path)p),
		                   r == PST_OK                       ? "allow"
		                   : acct_table[st][p] == ACCT_GRACE ? "grace-only"
		                                                     : "refuse");
	}
	out_list(rec, "logins", v, n);
	for (size_t i = 0; i < n; i++)
		xfree(&v[i]);
}
