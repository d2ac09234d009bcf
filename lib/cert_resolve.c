/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cert_resolve.c: the certificate mapping flow (see cert_resolve.h).
 */
#include <string.h>

#include "account.h"
#include "cert_resolve.h"
#include "cert_rules.h"
#include "xalloc.h"

/* by_directory - the stored subject or CN; PST_PERMFAIL with no *why_r means "no entry" */
static enum pst_result
by_directory(const struct cert_resolver *cr, enum cert_kind kind, const char *id, char **name_r,
             char **why_r)
{
	enum pst_result r;

	if (cr->find == NULL)
		return PST_PERMFAIL;
	r = cr->find(cr->find_arg, kind == CERT_DN ? CERT_FIND_SUBJECT : CERT_FIND_CN, id, name_r,
	             why_r);
	if (r == PST_TEMPFAIL && *why_r == NULL)
		*why_r = xstrdup("directory lookup failed");
	return r;
}

/* by_rules - apply the rules; with a directory, the name must be one allowed account */
static enum pst_result
by_rules(const struct cert_resolver *cr, enum cert_kind kind, const char *id, char **name_r,
         char **why_r)
{
	const struct cert_rules *rules = kind == CERT_DN ? cr->subject_rules : cr->cn_rules;
	enum pst_result r;
	char *name = NULL;

	if (cert_rules_match(rules, id, &name) != PST_OK)
		return PST_PERMFAIL;
	if (!account_uid_valid(name)) {
		*why_r = xasprintf("rule produced an invalid account name");
		xfree(&name);
		return PST_PERMFAIL;
	}
	if (cr->find == NULL) {
		*name_r = name;
		return PST_OK;
	}
	r = cr->find(cr->find_arg, CERT_FIND_NAME, name, name_r, why_r);
	if (r == PST_PERMFAIL && *why_r == NULL)
		*why_r = xasprintf("rule names account %s, which does not exist", name);
	if (r == PST_TEMPFAIL && *why_r == NULL)
		*why_r = xstrdup("directory lookup failed");
	xfree(&name);
	return r;
}

enum pst_result
cert_resolve(const struct cert_resolver *cr, const char *in, size_t len, const char *issuer,
             char **name_r, char **why_r)
{
	enum cert_kind kind;
	enum pst_result r;
	const char *why;
	char *id = NULL;

	*name_r = NULL;
	*why_r = NULL;
	if (cert_ident_parse_as(cr->mode, in, len, &kind, &id, &why) != PST_OK) {
		*why_r = xstrdup(why);
		return PST_PERMFAIL;
	}
	if (kind == CERT_DN && cr->require_cn && !cert_dn_has_cn(id)) {
		*why_r = xasprintf("certificate subject has no CN (possibly truncated)");
		xfree(&id);
		return PST_PERMFAIL;
	}
	if (cr->issuers != NULL && cert_issuer_trusted(cr->issuers, issuer) != PST_OK) {
		*why_r = xstrdup(issuer == NULL ? "certificate issuer unknown (the application "
		                                  "does not pass postino_peer_issuer)"
		                                : "certificate issuer not trusted");
		xfree(&id);
		return PST_PERMFAIL;
	}
	r = by_directory(cr, kind, id, name_r, why_r);
	if (r == PST_PERMFAIL && *why_r == NULL)
		r = by_rules(cr, kind, id, name_r, why_r);
	if (r == PST_PERMFAIL && *why_r == NULL)
		*why_r = xasprintf("no account is mapped to this certificate");
	xfree(&id);
	return r;
}
