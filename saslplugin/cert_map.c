/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cert_map.c: mapping a certificate identity to an account name: lib's
 * cert_resolve() with the plugin's settings, and a finder that looks
 * accounts up through the plugin's cache and connection.
 */
#include <string.h>

#include "account.h"
#include "cert_ident.h"
#include "cert_map.h"
#include "cert_resolve.h"
#include "plugin.h"
#include "plugin_account.h"
#include "xalloc.h"

struct finder {
	struct plugin_ctx *ctx;
	const char *service;
};

/* check_match - turn a directory answer into an account name or a refusal */
static enum pst_result
check_match(struct plugin_ctx *ctx, struct account_match *m, const char *service, char **name_r,
            char **why_r)
{
	const char *why;

	if (m->n > 1) {
		*why_r = xasprintf("certificate maps to more than one account");
		return PST_PERMFAIL;
	}
	const char *uid = m->acct[0].e->uid;

	if (uid == NULL || !account_uid_valid(uid)) {
		*why_r = xasprintf("mapped entry has no usable uid");
		return PST_PERMFAIL;
	}
	if (account_allowed(ctx, &m->acct[0], service, ACCT_PATH_EXTERNAL, NULL, &why) != PST_OK) {
		*why_r = xasprintf("account %s: %s", uid, why);
		return PST_PERMFAIL;
	}
	*name_r = xstrdup(uid);
	return PST_OK;
}

/* find - cert_find_fn over the plugin's account lookups */
static enum pst_result
find(void *arg, enum cert_find how, const char *key, char **uid_r, char **why_r)
{
	struct finder *f = arg;
	struct plugin_ctx *ctx = f->ctx;
	struct account_match m;
	enum pst_result r;
	char *err = NULL;

	if ((how == CERT_FIND_SUBJECT && !ctx->set.cert_subject_lookup) ||
	    (how == CERT_FIND_CN && !ctx->set.cert_cn_lookup))
		return PST_PERMFAIL;
	if (how == CERT_FIND_SUBJECT)
		r = account_by_subject(ctx, key, &m, &err);
	else if (how == CERT_FIND_CN)
		r = account_by_cn(ctx, key, &m, &err);
	else
		r = account_by_name(ctx, key, f->service, NULL, 0, &m, &err);
	if (r != PST_OK) {
		/* A failed lookup refuses; it must never read as "no entry, try the rules". */
		*why_r = err != NULL ? err : xstrdup("directory lookup failed");
		return r == PST_TEMPFAIL ? PST_TEMPFAIL : PST_PERMFAIL;
	}
	if (m.n > 0)
		r = check_match(ctx, &m, f->service, uid_r, why_r);
	else
		r = PST_PERMFAIL;
	account_match_clear(&m);
	return r;
}

enum pst_result
cert_map(struct plugin_ctx *ctx, const char *in, size_t len, const char *issuer,
         const char *service, char **name_r, char **why_r)
{
	struct finder f = {ctx, service};
	struct cert_resolver cr;

	memset(&cr, 0, sizeof(cr));
	cr.mode = (enum cert_ident_mode)ctx->set.cert_ident;
	cr.require_cn = ctx->set.cert_require_cn;
	cr.issuers = ctx->issuers;
	cr.subject_rules = ctx->subject_rules;
	cr.cn_rules = ctx->cn_rules;
	cr.find = ctx->have_ldap ? find : NULL;
	cr.find_arg = &f;
	return cert_resolve(&cr, in, len, issuer, name_r, why_r);
}
