/*
 * auth_pipeline.c: the order of the checks, and why.
 *
 *  1. Malformed, empty login, empty password, a login with blanks around
 *     it or control bytes in it (or in the service or realm): refused
 *     before anything else. An empty password must never reach a
 *     simple bind, where it means "anonymous" and succeeds.
 *  2. The credential cache: a hit answers at once. A positive hit also
 *     skips the penalty: the password was right moments ago, so this is the
 *     owner, who should not wait because someone else is guessing.
 *  3. The penalty: an account with recent failures waits in the delay
 *     queue (not in this thread) before its password is checked.
 *  4. The password, by the configured method; then the account policy
 *     and the group restriction.
 *  5. The answer feeds the cache (OK and NO, never TEMPFAIL) and the
 *     penalty table.
 */
#include <string.h>

#include "account_info.h"
#include "auth_cache.h"
#include "auth_ctx.h"
#include "auth_job.h"
#include "auth_penalty.h"
#include "auth_pipeline.h"
#include "auth_respond.h"
#include "authd_conf.h"
#include "authz_policy.h"
#include "clock.h"
#include "delay_queue.h"
#include "flush_guard.h"
#include "ldap_template.h"
#include "secret.h"
#include "stats.h"
#include "xalloc.h"

static void
penalty_params_from(const struct authd_conf *c, struct penalty_params *pp)
{
	pp->free = c->authd.penalty_free;
	pp->max_s = c->authd.penalty_max;
	pp->reset_s = c->authd.penalty_reset;
	pp->pending = c->authd.penalty_pending;
}

/*
 * login_plausible - libsasl2 trims blanks from user names before asking, so
 * a login with surrounding blanks or control bytes did not come from it.
 * The directory would match " alice" to alice (RFC 4518 ignores the
 * blanks) and the mail server would then trust a name it never checked.
 */
static int
login_plausible(const char *login)
{
	size_t i, n = strlen(login);

	if (n == 0 || login[0] == ' ' || login[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)login[i] < 0x20 || login[i] == 0x7f)
			return 0;
	return 1;
}

/* has_control - 1 if s holds a control byte (no service or realm has one) */
static int
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/*
 * penalty_key_for - the penalty record of the account this request selects
 * in the directory: the expanded DN template (fastbind) or search base and
 * filter. Keying on the raw fields instead would let a client name one
 * account under endless realms the filter ignores, each with a fresh count.
 */
static void
penalty_key_for(const struct auth_ctx *a, struct penalty_key *k)
{
	const struct ldap_settings *l = &a->conf->ldap;
	struct ldap_template_vars v = {a->login, a->service, a->realm, NULL};
	char *where = NULL, *what = NULL;

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

/* verify - the password, then the account, by the configured method */
static enum pst_result
verify(struct auth_ctx *a)
{
	enum pst_result r;
	const char *reason = NULL;

	switch (a->conf->ldap.auth_method) {
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
	if (r != PST_OK)
		return r;
	if (authz_policy_check(a->conf, a->info, a->login, a->service, &reason) != PST_OK)
		return auth_ctx_fail(a, PST_PERMFAIL, reason, NULL);
	if (a->conf->group_check)
		return auth_group_check(a);
	return PST_OK;
}

enum pipeline_step
auth_pipeline_run(struct authd_runtime *rt, struct ldap_slot *slot, struct auth_job *job)
{
	/* Before the conf: a reload between the two then only skips a store. */
	unsigned epoch = flush_guard_epoch();
	struct authd_conf *conf = authd_conf_get();
	struct auth_outcome out = {PST_PERMFAIL, NULL, NULL, CACHE_OFF};
	struct auth_ctx a;
	struct auth_cache_key ck;
	struct penalty_params pp;
	char *login_at = NULL;
	int use_cache = conf->authd.cache && rt->cache != NULL;
	int use_penalty = conf->authd.penalty && rt->penalty != NULL;

	memset(&a, 0, sizeof(a));
	penalty_params_from(conf, &pp);
	if (job->refused != NULL) {
		stats_inc(ST_BAD_REQUEST);
		out.reason = job->refused;
		goto answer;
	}
	if (job->login[0] == '\0') {
		out.reason = "empty login";
		goto answer;
	}
	if (job->password->len == 0) {
		out.reason = "empty password";
		goto answer;
	}
	if (!login_plausible(job->login)) {
		out.reason = "control character or surrounding blank in login";
		goto answer;
	}
	if (has_control(job->service) || has_control(job->realm)) {
		out.reason = "control character in service or realm";
		goto answer;
	}
	a.conf = conf;
	a.rt = rt;
	a.slot = slot;
	a.pw = job->password;
	a.service = job->service;
	a.realm = job->realm[0] != '\0'              ? job->realm
	          : conf->ldap.default_realm != NULL ? conf->ldap.default_realm
	                                             : "";
	a.login = job->login;
	if (conf->authd.realm_login && job->realm[0] != '\0') {
		login_at = xasprintf("%s@%s", job->login, job->realm);
		a.login = login_at;
		/* The realm is part of the login now: a blank at its end is one too. */
		if (!login_plausible(a.login)) {
			out.reason = "surrounding blank in login@realm";
			goto answer;
		}
	}
	if (use_penalty && !job->penalty_held)
		penalty_key_for(&a, &job->pkey);

	if (use_cache) {
		enum auth_cache_hit hit;

		auth_cache_key(a.login, a.realm, a.service, a.pw, &ck);
		hit = auth_cache_lookup(rt->cache, &ck, clock_now_ms());
		if (hit != AC_MISS) {
			stats_inc(ST_CACHE_HIT);
			out.cache = CACHE_HIT;
			out.result = hit == AC_POSITIVE ? PST_OK : PST_PERMFAIL;
			out.reason = hit == AC_POSITIVE ? NULL : "refused recently (cached)";
			if (hit == AC_POSITIVE && use_penalty)
				auth_penalty_success(rt->penalty, &job->pkey);
			goto answer;
		}
		stats_inc(ST_CACHE_MISS);
		out.cache = CACHE_MISS;
	}

	if (use_penalty && !job->penalty_held) {
		int refuse = 0;
		int64_t delay =
		        auth_penalty_check(rt->penalty, &job->pkey, clock_now_ms(), &pp, &refuse);

		if (refuse) {
			stats_inc(ST_PENALTY_REFUSE);
			out.result = PST_TEMPFAIL;
			out.reason = "too many delayed attempts for this account";
			goto answer;
		}
		if (delay > 0 && rt->delay != NULL &&
		    delay_queue_length(rt->delay) >= (size_t)conf->authd.max_connections / 2) {
			/*
			 * The per-account limit does not bound guesses spread over
			 * many accounts; held connections would then crowd out every
			 * honest client. Half the connection slots stay theirs.
			 */
			auth_penalty_release(rt->penalty, &job->pkey);
			stats_inc(ST_PENALTY_REFUSE);
			out.result = PST_TEMPFAIL;
			out.reason = "too many delayed attempts in all";
			goto answer;
		}
		if (delay > 0) {
			stats_inc(ST_PENALTY_DELAY);
			job->penalty_held = 1;
			job->due_ms = clock_now_ms() + delay;
			secret_wipe(&ck, sizeof(ck));
			xfree(&login_at);
			authd_conf_put(&conf);
			delay_queue_add(rt->delay, job);
			return PIPELINE_DEFERRED;
		}
	}

	a.epoch = epoch;
	out.result = verify(&a);
	out.reason = a.reason;
	out.detail = a.detail;
	a.detail = NULL;

	if (use_cache && out.result != PST_TEMPFAIL) {
		long ttl = out.result == PST_OK ? conf->authd.cache_ttl
		                                : conf->authd.cache_negative_ttl;

		if (ttl > 0) {
			if (flush_guard_store_begin(a.epoch))
				auth_cache_store(rt->cache, &ck, out.result == PST_OK,
				                 clock_now_ms() + ttl * 1000);
			flush_guard_store_end();
		}
	}
	if (use_penalty) {
		if (out.result == PST_OK)
			auth_penalty_success(rt->penalty, &job->pkey);
		else if (out.result == PST_PERMFAIL)
			auth_penalty_failure(
			        rt->penalty, &job->pkey,
			        auth_penalty_pw_digest(a.login, a.realm, a.pw->data, a.pw->len),
			        clock_now_ms(), &pp);
	}

answer:
	if (job->penalty_held && rt->penalty != NULL) {
		auth_penalty_release(rt->penalty, &job->pkey);
		job->penalty_held = 0;
	}
	auth_respond(job, &out, conf);
	secret_wipe(&ck, sizeof(ck));
	account_info_free(&a.info);
	xfree(&a.detail);
	xfree(&login_at);
	auth_job_free(&job);
	authd_conf_put(&conf);
	return PIPELINE_DONE;
}
