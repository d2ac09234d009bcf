/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_lookup.c: finding an account's entry: by search (bind and fetch
 * modes) or at a known DN (fastbind), with the DN cache in front.
 */
#include <string.h>

#include "account_info.h"
#include "auth_ctx.h"
#include "authd_conf.h"
#include "clock.h"
#include "dn_cache.h"
#include "flush_guard.h"
#include "ldap_pool.h"
#include "ldap_template.h"
#include "stats.h"
#include "xalloc.h"

static const int ldap_scopes[] = {LDAP_SCOPE_SUBTREE, LDAP_SCOPE_ONELEVEL, LDAP_SCOPE_BASE};

enum pst_result
auth_ctx_fail(struct auth_ctx *a, enum pst_result r, const char *reason, char *detail)
{
	a->reason = reason;
	xfree(&a->detail);
	a->detail = detail;
	return r;
}

static const char *
cache_service(const struct auth_ctx *a)
{
	return a->conf->dn_key_service ? a->service : NULL;
}

/*
 * dn_cache_store - remember the account's DN and policy attributes, unless
 * a flush or reload happened since this request asked the directory: the
 * entry read before "flush alice" may hold the state the flush was meant to
 * forget (a disabled flag, a withdrawn service).
 */
static void
dn_cache_store(struct auth_ctx *a)
{
	if (flush_guard_store_begin(a->epoch))
		dn_cache_put(a->rt->dns, a->login, a->realm, cache_service(a), a->info,
		             clock_now_ms() + a->conf->authd.dn_cache_ttl * 1000);
	flush_guard_store_end();
}

int
auth_lookup_cached(struct auth_ctx *a)
{
	account_info_free(&a->info);
	if (a->conf->authd.dn_cache_ttl <= 0)
		return 0;
	a->info = dn_cache_get(a->rt->dns, a->login, a->realm, cache_service(a), clock_now_ms());
	if (a->info == NULL)
		return 0;
	stats_inc(ST_DN_CACHE_HIT);
	if (a->info->dn[0] == '\0') {
		account_info_free(&a->info);
		a->no_account = 1;
	} else {
		a->account_known = 1;
		a->account_cached = 1;
	}
	return 1;
}

enum pst_result
auth_search_begin(struct auth_ctx *a, int fetch, struct auth_search *s)
{
	const struct ldap_settings *l = &a->conf->ldap;
	char *err = NULL;

	memset(s, 0, sizeof(*s));
	s->v.login = a->login;
	s->v.service = a->service;
	s->v.realm = a->realm;
	s->fetch = fetch;
	if (!fetch)
		stats_inc(ST_DN_CACHE_MISS);
	if (ldap_template_expand(l->search_base != NULL ? l->search_base : "", &s->v, LDAP_TPL_DN,
	                         &s->base, &err) != PST_OK ||
	    ldap_template_expand(l->filter, &s->v, LDAP_TPL_FILTER, &s->filter, &err) != PST_OK) {
		auth_search_free(s);
		return auth_ctx_fail(a, PST_PERMFAIL, "login too long for the search", err);
	}
	s->as.base = s->base;
	s->as.scope = ldap_scopes[l->scope >= 0 && l->scope <= 2 ? l->scope : 0];
	s->as.filter = s->filter;
	s->as.fetch = fetch;
	s->as.ident_tpl = l->filter;
	s->as.ident_vars = &s->v;
	return PST_OK;
}

void
auth_policy_begin(struct auth_ctx *a, struct auth_search *s)
{
	memset(s, 0, sizeof(*s));
	s->v.login = a->login;
	s->v.service = a->service;
	s->v.realm = a->realm;
	s->policy = 1;
	stats_inc(ST_DN_CACHE_MISS);
	s->as.base = a->info->dn;
	s->as.scope = LDAP_SCOPE_BASE;
	s->as.filter = "(objectClass=*)";
	s->as.ident_tpl = a->conf->ldap.filter; /* the DN template the bind used */
	s->as.ident_dn = 1;
	s->as.ident_vars = &s->v;
}

void
auth_search_free(struct auth_search *s)
{
	account_info_free(&s->as.info);
	xfree(&s->base);
	xfree(&s->filter);
}

/* policy_end - auth_search_end for fastbind's policy read */
static enum pst_result
policy_end(struct auth_ctx *a, struct auth_search *s, enum pst_result r, char *err)
{
	if (r == PST_OK) {
		account_info_free(&a->info);
		a->info = s->as.info;
		s->as.info = NULL;
		if (a->conf->authd.dn_cache_ttl > 0)
			dn_cache_store(a);
		xfree(&err);
		return PST_OK;
	}
	if (r == PST_TEMPFAIL)
		return auth_ctx_fail(a, r, "directory unavailable", err);
	/*
	 * The user could bind, so the entry exists: the service identity just
	 * cannot see it. Without the policy the answer would be a guess, and
	 * a guess must not be OK.
	 */
	return auth_ctx_fail(a, PST_TEMPFAIL,
	                     "account policy not readable with the service identity", err);
}

enum pst_result
auth_search_end(struct auth_ctx *a, struct auth_search *s, enum pst_result r, char *err)
{
	int keep = !s->fetch && a->conf->authd.dn_cache_ttl > 0;

	if (s->policy) {
		r = policy_end(a, s, r, err);
		auth_search_free(s);
		return r;
	}
	if (r == PST_OK) {
		account_info_free(&a->info);
		a->info = s->as.info;
		s->as.info = NULL;
		if (keep)
			dn_cache_store(a);
		xfree(&err);
		auth_search_free(s);
		return PST_OK;
	}
	if (r == PST_TEMPFAIL)
		r = auth_ctx_fail(a, r, "directory unavailable", err);
	else if (s->as.found == 2)
		r = auth_ctx_fail(a, r, "more than one entry matches", err);
	else if (err != NULL)
		r = auth_ctx_fail(a, r, "account search refused", err);
	else
		r = auth_ctx_fail(a, r, "no such user", NULL);
	if (keep && r == PST_PERMFAIL && s->as.found == 0 && err == NULL) {
		/*
		 * Remember that there is no such entry (an empty DN), so that the
		 * next attempt skips the search as a known login does: timing
		 * must not tell which logins exist. A flush of the login, or a
		 * change stream's eviction of a new entry's uid, drops it.
		 */
		struct account_info none;

		memset(&none, 0, sizeof(none));
		none.dn = (char *)"";
		account_info_free(&a->info);
		a->info = &none;
		dn_cache_store(a);
		a->info = NULL;
	}
	auth_search_free(s);
	return r;
}

enum pst_result
auth_lookup_account(struct auth_ctx *a, int fetch, int use_cache, int *cached_r)
{
	struct auth_search s;
	enum pst_result r;
	char *err = NULL;
	int rc;

	*cached_r = 0;
	account_info_free(&a->info);
	if (use_cache && !fetch && a->conf->authd.dn_cache_ttl > 0) {
		a->info = dn_cache_get(a->rt->dns, a->login, a->realm, cache_service(a),
		                       clock_now_ms());
		if (a->info != NULL) {
			stats_inc(ST_DN_CACHE_HIT);
			*cached_r = 1;
			if (a->info->dn[0] != '\0')
				return PST_OK;
			/* Remembered as unknown: costs what a known login's lookup costs. */
			account_info_free(&a->info);
			return auth_ctx_fail(a, PST_PERMFAIL, "no such user", NULL);
		}
	}
	if (auth_search_begin(a, fetch, &s) != PST_OK)
		return PST_PERMFAIL;
	r = ldap_slot_run(a->slot, a->conf, LDAP_KIND_SEARCH, account_search_op, &s.as, &rc, &err);
	return auth_search_end(a, &s, r, err);
}

int
auth_policy_cached(struct auth_ctx *a)
{
	struct account_info *known;

	if (a->conf->authd.dn_cache_ttl <= 0)
		return 0;
	known = dn_cache_get(a->rt->dns, a->login, a->realm, cache_service(a), clock_now_ms());
	if (known != NULL && strcmp(known->dn, a->info->dn) == 0) {
		stats_inc(ST_DN_CACHE_HIT);
		account_info_free(&a->info);
		a->info = known;
		return 1;
	}
	account_info_free(&known);
	return 0;
}

/* The base-object read of a known DN, for fastbind's policy check. */
enum pst_result
auth_read_policy(struct auth_ctx *a)
{
	struct auth_search s;
	enum pst_result r;
	char *err = NULL;
	int rc;

	if (auth_policy_cached(a))
		return PST_OK;
	auth_policy_begin(a, &s);
	r = ldap_slot_run(a->slot, a->conf, LDAP_KIND_SEARCH, account_search_op, &s.as, &rc, &err);
	return auth_search_end(a, &s, r, err);
}
