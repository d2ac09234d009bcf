/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sm_lookup.c: the socketmap's answers (see sm_lookup.h).
 *
 * Every value from the key reaches the directory only through RFC 4515
 * escaping (ldap_escape_filter, ldap_template), and every search must find
 * exactly one account, so a key with filter or DN metacharacters can match
 * at most its own entry.
 */
#include <string.h>
#include <time.h>

#include "account.h"
#include "cert_ident.h"
#include "cert_resolve.h"
#include "ldap_escape.h"
#include "ldap_settings.h"
#include "ldap_template.h"
#include "account_policy.h"
#include "sm_dir.h"
#include "sm_keys.h"
#include "sm_lookup.h"
#include "sm_settings.h"
#include "xalloc.h"

struct finder {
	const struct sm_ctx *c;
	struct sm_dir *d;
};

const char *
sm_answer_word(enum sm_answer a)
{
	switch (a) {
	case SM_OK:
		return "OK";
	case SM_NOTFOUND:
		return "NOTFOUND";
	case SM_TEMP:
		return "TEMP";
	default:
		return "PERM";
	}
}

/*
 * judge - one account from a search: the same contract as cert_find_fn.
 * The decision is lib's account policy, path relay: a postinoAccount with
 * socketmap_service among its services, in good standing.
 */
static enum pst_result
judge(const struct sm_ctx *c, struct sm_found *f, char **uid_r, char **why_r)
{
	const struct acct_opts o = {1, 1, 0}; /* check_service, require_class, no grace */
	const struct acct_entry *a = f->acct[0];
	const char *why = NULL;

	if (f->n == 0)
		return PST_PERMFAIL;
	if (f->n > 1) {
		*why_r = xstrdup("certificate maps to more than one account");
		return PST_PERMFAIL;
	}
	if (a == NULL || a->uid == NULL || !account_uid_valid(a->uid)) {
		*why_r = xstrdup("mapped entry has no usable uid");
		return PST_PERMFAIL;
	}
	if (acct_decide(a, &o, c->set->service, ACCT_PATH_RELAY, time(NULL), NULL, &why) !=
	    PST_OK) {
		*why_r = xasprintf("account %s: %s", a->uid, why);
		return PST_PERMFAIL;
	}
	*uid_r = xstrdup(a->uid);
	return PST_OK;
}

/* search_judge - search filter and judge what it finds */
static enum pst_result
search_judge(const struct sm_ctx *c, struct sm_dir *d, const char *filter,
             const struct sm_ident *id, char **uid_r, char **why_r)
{
	struct sm_found f;
	enum pst_result r = sm_dir_find(d, filter, id, &f, why_r);

	if (r == PST_OK)
		r = judge(c, &f, uid_r, why_r);
	sm_found_clear(&f);
	return r;
}

/* find - cert_find_fn over the directory: stored subjects and rule-made names */
static enum pst_result
find(void *arg, enum cert_find how, const char *key, char **uid_r, char **why_r)
{
	struct finder *fi = arg;
	struct ldap_template_vars v = {key, NULL, NULL, NULL};
	struct sm_ident id = {NULL, &v}, *idp = NULL;
	enum pst_result r;
	char *esc, *filter = NULL;

	if (how == CERT_FIND_SUBJECT) {
		esc = ldap_escape_filter(key, strlen(key));
		filter = xasprintf("(&(objectClass=" ACCT_OC ")(" ACCT_ATTR_SUBJECT "=%s))", esc);
		xfree(&esc);
	} else if (how == CERT_FIND_NAME) {
		const char *tpl = fi->c->ls->filter != NULL ? fi->c->ls->filter : "(uid=%u)";

		if (ldap_template_expand(tpl, &v, LDAP_TPL_FILTER, &filter, NULL) != PST_OK) {
			*why_r = xstrdup("account filter too long");
			return PST_PERMFAIL;
		}
		id.tpl = tpl; /* a rule-made name must be the account's own uid */
		idp = &id;
	} else {
		return PST_PERMFAIL; /* sendmail hands over whole subjects, never bare CNs */
	}
	r = search_judge(fi->c, fi->d, filter, idp, uid_r, why_r);
	xfree(&filter);
	return r;
}

static enum sm_answer
issuer(const struct sm_ctx *c, const struct sm_key *k, char **text_r, char **note_r)
{
	char *is;
	enum pst_result r;

	if (c->issuers == NULL || memchr(k->arg, '\0', k->arglen) != NULL) {
		*note_r = xstrdup("issuer not trusted");
		return SM_NOTFOUND;
	}
	is = xmemdup0(k->arg, k->arglen);
	r = cert_issuer_trusted(c->issuers, is);
	xfree(&is);
	if (r != PST_OK) {
		*note_r = xstrdup("issuer not trusted");
		return SM_NOTFOUND;
	}
	*text_r = xstrdup(c->set->issuer_answer);
	*note_r = xstrdup("issuer trusted");
	return SM_OK;
}

/* verdict - a mapping result as an answer */
static enum sm_answer
verdict(enum pst_result r, const char *value, char *uid, char *why, char **text_r, char **note_r)
{
	if (r == PST_OK) {
		*text_r = xstrdup(value);
		*note_r = xasprintf("account=%s", uid);
		xfree(&uid);
		return SM_OK;
	}
	*note_r = why != NULL ? why : xstrdup("no account");
	if (r == PST_TEMPFAIL) {
		*text_r = xstrdup("directory unavailable");
		return SM_TEMP;
	}
	return SM_NOTFOUND;
}

static enum sm_answer
subject(const struct sm_ctx *c, struct sm_dir *d, const struct sm_key *k, char **text_r,
        char **note_r)
{
	struct finder fi = {c, d};
	struct cert_resolver cr;
	char *uid = NULL, *why = NULL;
	enum pst_result r;

	memset(&cr, 0, sizeof(cr));
	cr.mode = CERT_IDENT_SUBJECT;
	cr.require_cn = c->set->require_cn;
	cr.subject_rules = c->rules;
	cr.find = find;
	cr.find_arg = &fi;
	r = cert_resolve(&cr, k->arg, k->arglen, NULL, &uid, &why);
	return verdict(r, c->set->subject_answer, uid, why, text_r, note_r);
}

static enum sm_answer
fingerprint(const struct sm_ctx *c, struct sm_dir *d, const struct sm_key *k, char **text_r,
            char **note_r)
{
	char *filter, *uid = NULL, *why = NULL, *esc;
	enum pst_result r;

	esc = ldap_escape_filter(k->fingerprint, strlen(k->fingerprint));
	filter = xasprintf("(&(objectClass=" ACCT_OC ")(" ACCT_ATTR_FINGERPRINT "=%s))", esc);
	xfree(&esc);
	r = search_judge(c, d, filter, NULL, &uid, &why);
	xfree(&filter);
	return verdict(r, c->set->fingerprint_answer, uid, why, text_r, note_r);
}

enum sm_answer
sm_lookup(const struct sm_ctx *c, struct sm_dir *d, const char *key, size_t len, char **text_r,
          char **note_r)
{
	struct sm_key k;

	*text_r = NULL;
	*note_r = NULL;
	sm_key_classify(key, len, &k);
	switch (k.kind) {
	case SM_KEY_ISSUER:
		return issuer(c, &k, text_r, note_r);
	case SM_KEY_SUBJECT:
		return subject(c, d, &k, text_r, note_r);
	case SM_KEY_FINGERPRINT:
		return fingerprint(c, d, &k, text_r, note_r);
	default:
		return SM_NOTFOUND;
	}
}
