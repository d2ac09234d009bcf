/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_pipeline.c: the order of the checks, and why.
 *
 *  1. screen: malformed, empty login, empty password, a login with blanks
 *     around it or control bytes in it (or in the service or realm):
 *     refused before anything else.
 *  2. cache: a hit answers at once, on the I/O thread (auth_pipeline_front),
 *     with no hand-off to a worker. With the bind pool on, a miss in bind
 *     mode or fastbind goes through steps 3 to 7 on the I/O thread too,
 *     its search (DN-cache miss, fastbind's policy) on the search
 *     connection and its bind on the pool, in flight while no thread
 *     waits; anything else, and anything the directory did not answer
 *     there, goes to a worker. A positive hit also skips the
 * penalty: the password was right moments ago, so this is the owner, who should not wait because
 * someone else is guessing.
 *  3. identify (bind mode): the account's entry, from the DN cache or a
 *     search, so that the penalty is keyed by the entry and not by the
 *     client's spelling of its name.
 *  4. penalty: an account with recent failures waits in the delay queue
 *     (a timer; no worker and no LDAP connection is held) before its
 *     password is checked.
 *  5. verify: the password, by the configured method; then the account
 *     policy and the group restriction. An unknown login costs a bind too.
 *  6. record: the answer feeds the cache (OK and NO, never TEMPFAIL), keyed
 *     by the entry for flushes, and the penalty table.
 *  7. answer: reply, log, count.
 */
#include <ldap.h>
#include <string.h>

#include "account_ident.h"
#include "account_info.h"
#include "auth_cache.h"
#include "auth_ctx.h"
#include "auth_job.h"
#include "auth_penalty.h"
#include "auth_pipeline.h"
#include "auth_respond.h"
#include "authd_conf.h"
#include "authz_policy.h"
#include "bind_pool.h"
#include "clock.h"
#include "delay_queue.h"
#include "dn_cache.h"
#include "evict.h"
#include "flush_guard.h"
#include "ldap_template.h"
#include "pipeline_decide.h"
#include "replica_route.h"
#include "secret.h"
#include "stats.h"
#include "work_queue.h"
#include "xalloc.h"

/* One request on its way through the steps. */
struct pipeline {
	struct authd_runtime *rt;
	struct auth_job *job;
	struct authd_conf *conf;
	struct auth_ctx a;
	struct auth_outcome out;
	struct penalty_params pp;
	char *login_at;
	char *bind_dn;              /* the DN the bind pool binds as */
	struct auth_search *search; /* the I/O thread's search in flight */
	int use_cache, use_penalty;
};

static void
pipeline_init(struct pipeline *p, struct authd_runtime *rt, struct ldap_slot *slot,
              struct auth_job *job)
{
	struct authd_conf *c;

	memset(p, 0, sizeof(*p));
	/* Before the conf: a reload between the two then only skips a store. */
	p->a.epoch = flush_guard_epoch();
	p->conf = c = authd_conf_get();
	p->rt = rt;
	p->job = job;
	p->out.result = PST_PERMFAIL;
	p->out.cache = CACHE_OFF;
	p->use_cache = c->authd.cache && rt->cache != NULL;
	p->use_penalty = c->authd.penalty && rt->penalty != NULL;
	p->pp.free = c->authd.penalty_free;
	p->pp.max_s = c->authd.penalty_max;
	p->pp.reset_s = c->authd.penalty_reset;
	p->pp.pending = c->authd.penalty_pending;
	p->a.conf = c;
	p->a.rt = rt;
	p->a.slot = slot;
}

/* step_screen - refusals that need no directory; sets up the context. 0: refused */
static int
step_screen(struct pipeline *p)
{
	struct auth_job *job = p->job;
	const struct authd_conf *c = p->conf;

	p->out.reason = pipeline_screen(job->refused, job->login, job->password->len, job->service,
	                                job->realm);
	if (p->out.reason != NULL) {
		if (job->refused != NULL)
			stats_inc(ST_BAD_REQUEST);
		return 0;
	}
	p->a.pw = job->password;
	p->a.service = job->service;
	p->a.realm = job->realm[0] != '\0'           ? job->realm
	             : c->ldap.default_realm != NULL ? c->ldap.default_realm
	                                             : "";
	p->a.login = job->login;
	if (c->authd.realm_login && job->realm[0] != '\0') {
		p->login_at = xasprintf("%s@%s", job->login, job->realm);
		p->a.login = p->login_at;
		/* The realm is part of the login now: a blank at its end is one too. */
		if (!pipeline_login_plausible(p->a.login)) {
			p->out.reason = "surrounding blank in login@realm";
			return 0;
		}
	}
	return 1;
}

/* step_cache - answer from the credential cache; 1 when answered */
static int
step_cache(struct pipeline *p)
{
	struct auth_job *job = p->job;
	enum auth_cache_hit hit;

	int64_t now = clock_now_ms();

	if (!p->use_cache)
		return 0;
	if (!job->screened)
		auth_cache_key(p->a.login, p->a.realm, p->a.service, p->a.pw, &job->ck);
	/* The change stream is not live: what is cached may be stale; ask the directory. */
	hit = authd_cache_trusted(now) ? auth_cache_lookup(p->rt->cache, &job->ck, now) : AC_MISS;
	if (hit == AC_MISS) {
		stats_inc(ST_CACHE_MISS);
		p->out.cache = CACHE_MISS;
		return 0;
	}
	stats_inc(ST_CACHE_HIT);
	p->out.cache = CACHE_HIT;
	p->out.result = pipeline_hit_result(hit, &p->out.reason);
	/*
	 * A positive hit does not touch the penalty: the penalty is keyed by
	 * the entry, which a hit does not know; the next checked login resets
	 * the count anyway.
	 */
	return 1;
}

/*
 * penalty_key_for - the penalty record of the account: the entry's
 * identity once known; otherwise what selects it in the directory (the
 * expanded DN template, or search base and filter), so that a realm the
 * filter ignores cannot start a fresh count.
 */
static void
penalty_key_for(const struct auth_ctx *a, struct penalty_key *k)
{
	const struct ldap_settings *l = &a->conf->ldap;
	struct ldap_template_vars v = {a->login, a->service, a->realm, NULL};
	char *where = NULL, *what = NULL;

	if (a->account_known && a->info != NULL) {
		unsigned char id[16];

		account_ident_digest(a->info->dn, a->login, id);
		auth_penalty_key_digest(id, k);
		return;
	}
	if (l->auth_method == LS_METHOD_FASTBIND) {
		if (ldap_template_expand(l->filter, &v, LDAP_TPL_DN, &where, NULL) == PST_OK) {
			auth_penalty_key(where, "", k);
			xfree(&where);
			return;
		}
	} else if (ldap_template_expand(l->search_base != NULL ? l->search_base : "", &v,
	                                LDAP_TPL_DN, &where, NULL) == PST_OK &&
	           ldap_template_expand(l->filter, &v, LDAP_TPL_FILTER, &what, NULL) == PST_OK) {
		auth_penalty_key(where, what, k);
		xfree(&where);
		xfree(&what);
		return;
	}
	/* Too long to expand: the request fails before any bind anyway. */
	xfree(&where);
	auth_penalty_key(a->login, a->realm, k);
}

/*
 * step_identify - bind mode: find the entry before the penalty. 0 when the
 * directory failed (the answer is set); an unknown login goes on, to cost
 * what a known one costs.
 */
static int
step_identify(struct pipeline *p)
{
	struct auth_ctx *a = &p->a;
	enum pst_result r;
	int cached = 0;

	if (p->conf->ldap.auth_method != LS_METHOD_BIND)
		return 1;
	r = auth_lookup_account(a, 0, 1, &cached);
	if (r == PST_OK) {
		a->account_known = 1;
		a->account_cached = cached;
		return 1;
	}
	if (r == PST_PERMFAIL && a->reason != NULL && strcmp(a->reason, "no such user") == 0) {
		a->no_account = 1;
		return 1;
	}
	p->out.result = r;
	p->out.reason = a->reason;
	p->out.detail = a->detail;
	a->detail = NULL;
	return 0;
}

enum penalty_step { PS_GO = 0, PS_DEFERRED, PS_ANSWERED };

/* step_penalty - wait, refuse, or go on */
static enum penalty_step
step_penalty(struct pipeline *p)
{
	struct auth_job *job = p->job;
	int refuse = 0;
	int64_t delay;

	if (!p->use_penalty || job->penalty_held)
		return PS_GO;
	penalty_key_for(&p->a, &job->pkey);
	delay = auth_penalty_check(p->rt->penalty, &job->pkey, clock_now_ms(), &p->pp, &refuse);
	switch (pipeline_penalty_action(
	        delay, p->rt->delay != NULL ? delay_queue_length(p->rt->delay) : (size_t)-1,
	        p->conf->authd.max_connections)) {
	case PA_NOW:
		return PS_GO;
	case PA_REFUSE_ALL:
		auth_penalty_release(p->rt->penalty, &job->pkey);
		stats_inc(ST_PENALTY_REFUSE);
		p->out.result = PST_TEMPFAIL;
		p->out.reason = "too many delayed attempts in all";
		return PS_ANSWERED;
	case PA_DELAY:
		break;
	}
	stats_inc(ST_PENALTY_DELAY);
	job->penalty_held = 1;
	job->due_ms = clock_now_ms() + delay;
	delay_queue_add(p->rt->delay, job);
	return PS_DEFERRED;
}

/* step_verify - the password, then the account, by the configured method */
static void
step_verify(struct pipeline *p)
{
	struct auth_ctx *a = &p->a;
	enum pst_result r;
	const char *reason = NULL;

	if (a->no_account) {
		auth_unknown_bind(a);
		r = auth_ctx_fail(a, PST_PERMFAIL, "no such user", NULL);
	} else {
		switch (p->conf->ldap.auth_method) {
		case LS_METHOD_FASTBIND:
			r = auth_fastbind_verify(a);
			break;
		case LS_METHOD_CUSTOM:
		case LS_METHOD_FETCH:
			r = auth_fetch_verify(a);
			break;
		default:
			r = auth_bind_verify(a);
			break;
		}
		if (r == PST_OK &&
		    authz_policy_check(p->conf, a->info, a->login, a->service, &reason) != PST_OK)
			r = auth_ctx_fail(a, PST_PERMFAIL, reason, NULL);
		else if (r == PST_OK && p->conf->group_check)
			r = auth_group_check(a);
	}
	p->out.result = r;
	p->out.reason = a->reason;
	p->out.detail = a->detail;
	a->detail = NULL;
}

/* step_record - the cache (keyed by the entry for flushes) and the penalty */
static void
step_record(struct pipeline *p)
{
	struct auth_job *job = p->job;
	struct auth_ctx *a = &p->a;
	enum pst_result r = p->out.result;
	long ttl =
	        pipeline_cache_ttl(r, p->conf->authd.cache_ttl, p->conf->authd.cache_negative_ttl);

	if (p->use_cache && ttl > 0) {
		account_ident_digest(a->info != NULL ? a->info->dn : NULL, a->login, job->ck.user);
		if (flush_guard_store_begin(a->epoch))
			auth_cache_store(p->rt->cache, &job->ck, r == PST_OK,
			                 clock_now_ms() + ttl * 1000);
		flush_guard_store_end();
	}
	if (!p->use_penalty)
		return;
	if (r == PST_OK)
		auth_penalty_success(p->rt->penalty, &job->pkey);
	else if (r == PST_PERMFAIL)
		auth_penalty_failure(
		        p->rt->penalty, &job->pkey,
		        auth_penalty_pw_digest(a->login, a->realm, a->pw->data, a->pw->len),
		        clock_now_ms(), &p->pp);
}

/* step_answer - reply, give back the penalty slot, free everything */
static enum pipeline_step
step_answer(struct pipeline *p)
{
	struct auth_job *job = p->job;

	if (job->penalty_held && p->rt->penalty != NULL) {
		auth_penalty_release(p->rt->penalty, &job->pkey);
		job->penalty_held = 0;
	}
	auth_respond(job, &p->out, p->conf);
	return PIPELINE_DONE;
}

/* pipeline_done - free what the steps built; the job unless it was deferred */
static void
pipeline_done(struct pipeline *p, enum pipeline_step s)
{
	account_info_free(&p->a.info);
	xfree(&p->a.detail);
	xfree(&p->out.detail);
	xfree(&p->login_at);
	xfree(&p->bind_dn);
	if (p->search != NULL) {
		auth_search_free(p->search);
		xfree(&p->search);
	}
	if (s == PIPELINE_DONE)
		auth_job_free(&p->job);
	authd_conf_put(&p->conf);
}

/* What the I/O thread still needs before the bind (async_prepare). */
enum async_need {
	AN_WORKERS = 0, /* nothing: this request is the workers' */
	AN_BIND,        /* everything is known: the bind */
	AN_SEARCH,      /* bind mode: the entry, by a search */
	AN_POLICY,      /* fastbind: the account's policy, by a read of its entry */
};

/*
 * async_prepare - what the bind needs: the DN (the template in fastbind,
 * the DN cache or a search in bind mode) and, for fastbind's policy
 * checks, the policy (cached, or read). Group restrictions, fetch mode
 * and a just-changed account (its consumer may not have it yet: a
 * provider, via the workers) stay the workers'.
 */
static enum async_need
async_prepare(struct pipeline *p)
{
	const struct authd_conf *c = p->conf;
	struct auth_ctx *a = &p->a;
	struct ldap_template_vars v = {a->login, a->service, a->realm, NULL};
	char *dn = NULL;

	if (p->rt->binds == NULL || c->group_check || replica_route_marked(a))
		return AN_WORKERS;
	if (c->ldap.auth_method == LS_METHOD_BIND)
		return auth_lookup_cached(a) ? AN_BIND : AN_SEARCH;
	if (c->ldap.auth_method != LS_METHOD_FASTBIND ||
	    ldap_template_expand(c->ldap.filter, &v, LDAP_TPL_DN, &dn, NULL) != PST_OK)
		return AN_WORKERS;
	a->info = xcalloc(1, sizeof(*a->info));
	a->info->dn = dn;
	if (c->authd.check_policy || c->authd.require_account)
		return auth_policy_cached(a) ? AN_BIND : AN_POLICY;
	return AN_BIND;
}

/*
 * bind_went_stale - bind mode: the cached DN is gone (the entry moved or
 * was deleted): forget it; the workers' path searches again, as
 * auth_bind_verify does.
 */
static int
bind_went_stale(struct pipeline *p, const struct bind_outcome *o)
{
	struct auth_ctx *a = &p->a;

	if (p->conf->ldap.auth_method != LS_METHOD_BIND || a->no_account || o->r != PST_PERMFAIL ||
	    (o->rc != LDAP_NO_SUCH_OBJECT && o->rc != LDAP_INVALID_DN_SYNTAX))
		return 0;
	dn_cache_drop(p->rt->dns, a->login, a->realm, p->conf->dn_key_service ? a->service : NULL);
	return 1;
}

/*
 * pipeline_to_workers - no answer from the directory on the I/O thread:
 * the workers' path from its start, with its retry and failover. Frees p.
 */
static void
pipeline_to_workers(struct pipeline *p, enum stat_counter why)
{
	stats_inc(why);
	p->job->io_thread = 0;
	work_queue_push(p->rt->queue, p->job);
	pipeline_done(p, PIPELINE_CONTINUE);
	xfree(&p);
}

/* pipeline_bound - the bind pool's answer, on the I/O thread: steps 5 to 7 */
static void
pipeline_bound(void *arg, const struct bind_outcome *o)
{
	struct pipeline *p = arg;
	struct auth_ctx *a = &p->a;
	const char *reason = NULL;
	enum pst_result r;

	if (o->fallback || bind_went_stale(p, o)) {
		pipeline_to_workers(p, ST_POOL_FALLBACKS);
		return;
	}
	stats_inc(ST_POOL_BINDS);
	if (a->no_account) {
		r = auth_ctx_fail(a, PST_PERMFAIL, "no such user", NULL);
	} else {
		r = auth_bind_judge(a, o->r, o->rc, &o->pp);
		if (r == PST_OK &&
		    authz_policy_check(p->conf, a->info, a->login, a->service, &reason) != PST_OK)
			r = auth_ctx_fail(a, PST_PERMFAIL, reason, NULL);
	}
	p->out.result = r;
	p->out.reason = a->reason;
	p->out.detail = a->detail;
	a->detail = NULL;
	step_record(p);
	pipeline_done(p, step_answer(p));
	xfree(&p);
}

/* async_bind - the penalty, then the bind on the pool */
static enum pipeline_step
async_bind(struct pipeline *p)
{
	struct pipeline *held;
	enum penalty_step ps;

	/* A delayed job comes back on a worker. */
	p->job->io_thread = 0;
	ps = step_penalty(p);
	if (ps == PS_DEFERRED)
		return PIPELINE_DEFERRED;
	p->job->io_thread = 1;
	if (ps == PS_ANSWERED)
		return step_answer(p);
	p->bind_dn = p->a.no_account ? auth_unknown_dn(p->conf) : xstrdup(p->a.info->dn);
	held = xmalloc(sizeof(*held));
	*held = *p;
	if (bind_pool_submit(p->rt->binds, p->conf, held->bind_dn, p->a.pw, pipeline_bound, held) !=
	    0) {
		stats_inc(ST_POOL_FALLBACKS);
		xfree(&held);
		return PIPELINE_CONTINUE;
	}
	return PIPELINE_ASYNC;
}

/*
 * pipeline_searched - the search connection's answer, on the I/O thread:
 * judged as on a worker (auth_search_end), then as step_identify goes on:
 * an unknown login binds too; an ambiguous or refused one is answered.
 */
static void
pipeline_searched(void *arg, struct search_outcome *o)
{
	struct pipeline *p = arg;
	struct auth_ctx *a = &p->a;
	enum pipeline_step s;
	enum pst_result r;
	int policy = p->search->policy;

	if (o->fallback) {
		pipeline_to_workers(p, ST_SEARCH_FALLBACK);
		return;
	}
	r = auth_search_end(a, p->search, o->r, o->err);
	o->err = NULL;
	xfree(&p->search);
	if (r == PST_TEMPFAIL) {
		pipeline_to_workers(p, ST_SEARCH_FALLBACK);
		return;
	}
	if (r == PST_OK && !policy) {
		a->account_known = 1;
	} else if (r == PST_PERMFAIL && strcmp(a->reason, "no such user") == 0) {
		a->no_account = 1;
	} else if (r != PST_OK) {
		p->out.result = r;
		p->out.reason = a->reason;
		p->out.detail = a->detail;
		a->detail = NULL;
		pipeline_done(p, step_answer(p));
		xfree(&p);
		return;
	}
	s = async_bind(p);
	if (s == PIPELINE_CONTINUE) {
		p->job->io_thread = 0;
		work_queue_push(p->rt->queue, p->job);
	}
	/* PIPELINE_ASYNC: the bind pool's callback owns what p held now. */
	if (s != PIPELINE_ASYNC)
		pipeline_done(p, s);
	xfree(&p);
}

/* async_search - send the search for the entry or its policy; the rest in pipeline_searched */
static enum pipeline_step
async_search(struct pipeline *p, enum async_need need)
{
	struct pipeline *held;

	p->search = xcalloc(1, sizeof(*p->search));
	if (need == AN_POLICY) {
		auth_policy_begin(&p->a, p->search);
	} else if (auth_search_begin(&p->a, 0, p->search) != PST_OK) {
		/* Too long a login: the workers' path answers it. */
		xfree(&p->search);
		return PIPELINE_CONTINUE;
	}
	/* The I/O thread never waits: a password policy entry only from its cache. */
	p->search->as.no_block = 1;
	held = xmalloc(sizeof(*held));
	*held = *p;
	if (search_pool_submit(p->rt->binds, p->conf, &held->search->as, pipeline_searched, held) !=
	    0) {
		stats_inc(ST_SEARCH_FALLBACK);
		xfree(&held);
		return PIPELINE_CONTINUE;
	}
	return PIPELINE_ASYNC;
}

/* step_async - the I/O thread's way: a search if needed, the penalty, the bind on the pool */
static enum pipeline_step
step_async(struct pipeline *p)
{
	enum async_need need = async_prepare(p);

	if (need == AN_WORKERS)
		return PIPELINE_CONTINUE;
	if (need != AN_BIND)
		return async_search(p, need);
	return async_bind(p);
}

enum pipeline_step
auth_pipeline_front(struct authd_runtime *rt, struct auth_job *job)
{
	struct pipeline p;
	enum pipeline_step s;

	pipeline_init(&p, rt, NULL, job);
	if (!step_screen(&p) || step_cache(&p)) {
		s = step_answer(&p);
	} else {
		job->screened = p.use_cache;
		s = step_async(&p);
		/* The pool's callback owns what p held now. */
		if (s == PIPELINE_ASYNC)
			return s;
	}
	pipeline_done(&p, s);
	return s;
}

enum pipeline_step
auth_pipeline_run(struct authd_runtime *rt, struct ldap_slot *slot, struct auth_job *job)
{
	struct pipeline p;
	enum pipeline_step s = PIPELINE_DONE;

	pipeline_init(&p, rt, slot, job);
	if (!step_screen(&p))
		goto answer;
	/* Screened on the I/O thread: the cache missed moments ago. */
	if (!job->screened || job->penalty_held) {
		if (step_cache(&p))
			goto answer;
	} else {
		/* Counted there. */
		p.out.cache = CACHE_MISS;
	}
	/* A just-changed account the consumer does not have yet: ask a provider. */
	replica_route_pick(&p.a);
	if (!step_identify(&p))
		goto answer;
	switch (step_penalty(&p)) {
	case PS_DEFERRED:
		s = PIPELINE_DEFERRED;
		goto out;
	case PS_ANSWERED:
		goto answer;
	case PS_GO:
		break;
	}
	step_verify(&p);
	step_record(&p);
answer:
	s = step_answer(&p);
out:
	pipeline_done(&p, s);
	return s;
}
