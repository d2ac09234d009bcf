/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_fetch.c: checking a password against the stored hash (fetch and
 * custom modes): the service account reads ldap_password_attr and the hash
 * is verified here, in constant time, by lib/pw_scheme.
 *
 * The directory's password policy never sees these checks, so what it
 * would enforce at bind time (locks, pwdReset, expiry with the policy's
 * pwdMaxAge) is judged from the entry by lib's account policy, which the
 * pipeline asks after this.
 */
#include "account_info.h"
#include "auth_ctx.h"
#include "pw_scheme.h"
#include "secret.h"
#include "xalloc.h"

enum pst_result
auth_fetch_verify(struct auth_ctx *a)
{
	enum pst_result r, verdict = PST_PERMFAIL;
	int cached = 0;
	size_t i;

	r = auth_lookup_account(a, 1, 0, &cached);
	if (r != PST_OK)
		return r;
	if (a->info->npw == 0)
		return auth_ctx_fail(a, PST_PERMFAIL, "no password readable in the entry", NULL);
	/*
	 * Try every value, even after a match, so the time taken does not
	 * depend on which value matched.
	 */
	for (i = 0; i < a->info->npw; i++) {
		const struct secret *v = a->info->pw_values[i];

		r = pw_verify(v->data, v->len, a->pw);
		if (r == PST_OK)
			verdict = PST_OK;
		else if (r == PST_TEMPFAIL && verdict != PST_OK)
			verdict = PST_TEMPFAIL;
	}
	if (verdict == PST_TEMPFAIL)
		return auth_ctx_fail(a, verdict, "password verification failed internally", NULL);
	if (verdict != PST_OK)
		return auth_ctx_fail(a, verdict, "invalid credentials", NULL);
	/* Locks, pwdReset and expiry: lib's account policy, asked by the pipeline next. */
	return PST_OK;
}
