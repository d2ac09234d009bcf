/*
 * cert_map.c: mapping a certificate identity to an account name.
 */
#include <string.h>

#include "account.h"
#include "cert_ident.h"
#include "cert_map.h"
#include "cert_rules.h"
#include "plugin.h"
#include "plugin_account.h"
#include "xalloc.h"

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

/* by_directory - look the identity up by attribute; PST_PERMFAIL with no *why_r means "no entry" */
static enum pst_result
by_directory(struct plugin_ctx *ctx, enum cert_kind kind, const char *id, const char *service,
             char **name_r, char **why_r)
{
	struct account_match m;
	enum pst_result r;
	char *err = NULL;

	if (!ctx->have_ldap || (kind == CERT_DN && !ctx->set.cert_subject_lookup) ||
	    (kind == CERT_CN && !ctx->set.cert_cn_lookup))
		return PST_PERMFAIL;
	if (kind == CERT_DN)
		r = account_by_subject(ctx, id, &m, &err);
	else
		r = account_by_cn(ctx, id, &m, &err);
	if (r != PST_OK) {
		/* A failed lookup refuses; it must never read as "no entry, try the rules". */
		*why_r = err != NULL ? err : xstrdup("directory lookup failed");
		return r == PST_TEMPFAIL ? PST_TEMPFAIL : PST_PERMFAIL;
	}
	if (m.n > 0)
		r = check_match(ctx, &m, service, name_r, why_r);
	else
		r = PST_PERMFAIL;
	account_match_clear(&m);
	return r;
}

/* by_rules - apply the rules; with a directory, the name must be one allowed account */
static enum pst_result
by_rules(struct plugin_ctx *ctx, enum cert_kind kind, const char *id, const char *service,
         char **name_r, char **why_r)
{
	const struct cert_rules *rules = kind == CERT_DN ? ctx->subject_rules : ctx->cn_rules;
	struct account_match m;
	enum pst_result r;
	char *name = NULL, *err = NULL;

	if (cert_rules_match(rules, id, &name) != PST_OK)
		return PST_PERMFAIL;
	if (!account_uid_valid(name)) {
		*why_r = xasprintf("rule produced an invalid account name");
		xfree(&name);
		return PST_PERMFAIL;
	}
	if (!ctx->have_ldap) {
		*name_r = name;
		return PST_OK;
	}
	r = account_by_name(ctx, name, service, NULL, 0, &m, &err);
	if (r != PST_OK) {
		*why_r = err != NULL ? err : xstrdup("directory lookup failed");
		xfree(&name);
		return r == PST_TEMPFAIL ? PST_TEMPFAIL : PST_PERMFAIL;
	}
	if (m.n == 0) {
		*why_r = xasprintf("rule names account %s, which does not exist", name);
		r = PST_PERMFAIL;
	} else {
		r = check_match(ctx, &m, service, name_r, why_r);
	}
	account_match_clear(&m);
	xfree(&name);
	return r;
}

enum pst_result
cert_map(struct plugin_ctx *ctx, const char *in, size_t len, const char *issuer,
         const char *service, char **name_r, char **why_r)
{
	enum cert_kind kind;
	enum pst_result r;
	const char *why;
	char *id = NULL;

	*name_r = NULL;
	*why_r = NULL;
	if (cert_ident_parse(in, len, &kind, &id, &why) != PST_OK) {
		*why_r = xstrdup(why);
		return PST_PERMFAIL;
	}
	if (kind == CERT_DN && ctx->set.cert_require_cn && !cert_dn_has_cn(id)) {
		*why_r = xasprintf("certificate subject has no CN (possibly truncated)");
		xfree(&id);
		return PST_PERMFAIL;
	}
	if (ctx->issuers != NULL && cert_issuer_trusted(ctx->issuers, issuer) != PST_OK) {
		*why_r = xstrdup(issuer == NULL ? "certificate issuer unknown (the application "
		                                  "does not pass postino_peer_issuer)"
		                                : "certificate issuer not trusted");
		xfree(&id);
		return PST_PERMFAIL;
	}
	r = by_directory(ctx, kind, id, service, name_r, why_r);
	if (r == PST_PERMFAIL && *why_r == NULL)
		r = by_rules(ctx, kind, id, service, name_r, why_r);
	if (r == PST_PERMFAIL && *why_r == NULL)
		*why_r = xasprintf("no account is mapped to this certificate");
	xfree(&id);
	return r;
}
