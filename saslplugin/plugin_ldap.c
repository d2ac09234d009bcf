/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * plugin_ldap.c: the lazily opened, per-process directory connection.
 *
 * The connection is never shared across fork(): a child that finds one
 * opened by its parent points the inherited socket at /dev/null before
 * unbinding, so the unbind request (and any TLS close alert) goes nowhere
 * and the parent's session on the same socket is left alone.
 */
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "ldap_conn.h"
#include "ldap_settings.h"
#include "log.h"
#include "plugin_csn.h"
#include "plugin_ldap.h"
#include "xalloc.h"

/* Two entries are enough to tell "one account" from "ambiguous". */
#define PLUGIN_LDAP_MAX_ENTRIES 2

/*
 * One authentication asks the same question more than once: libsasl2 runs
 * the auxprop lookup twice for SCRAM (with and without the secrets) and
 * twice after EXTERNAL's canonicalization. An answer is therefore reused
 * for a repeat of the same filter (asking for no attribute it lacks) within
 * PLUGIN_LDAP_REUSE_MS, and a directory that did not answer is not asked
 * again for PLUGIN_LDAP_DOWN_MS, so one authentication costs at most one
 * time-out and one search per step.
 */
#define PLUGIN_LDAP_REUSE_MS 500
#define PLUGIN_LDAP_DOWN_MS  1000

struct plugin_ldap {
	const struct ldap_settings *ls;
	LDAP *ld;
	pid_t pid; /* the process that opened ld */
	/* the last answer, valid with ld until memo_ms + PLUGIN_LDAP_REUSE_MS */
	char *memo_filter;
	char **memo_attrs;
	LDAPMessage *memo_res;
	LDAP *memo_ld; /* the handle memo_res came on: ld, or pld */
	long long memo_ms;
	/* the directory did not answer: fail fast until then (in process down_pid) */
	long long down_until_ms;
	pid_t down_pid;
	char *down_err;
	/* with ldap_write_servers set apart: the providers (plugin_ldap_fresh.c) */
	LDAP *pld;
	pid_t ppid;
	long long pdown_until_ms;
	pid_t pdown_pid;
	char *csn_base_c, *csn_base_p; /* where each side's contextCSN was found */
};

static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* memo_clear - forget the remembered answer */
static void
memo_clear(struct plugin_ldap *pl)
{
	size_t i;

	if (pl->memo_res != NULL)
		ldap_msgfree(pl->memo_res);
	pl->memo_res = NULL;
	pl->memo_ld = NULL;
	xfree(&pl->memo_filter);
	for (i = 0; pl->memo_attrs != NULL && pl->memo_attrs[i] != NULL; i++)
		xfree(&pl->memo_attrs[i]);
	xfree(&pl->memo_attrs);
}

/* memo_has_attr - was attr among the attributes the remembered search asked for? */
static int
memo_has_attr(const struct plugin_ldap *pl, const char *attr)
{
	size_t i;

	for (i = 0; pl->memo_attrs[i] != NULL; i++)
		if (strcasecmp(pl->memo_attrs[i], attr) == 0)
			return 1;
	return 0;
}

/* memo_fits - may the remembered answer serve this search now? */
static int
memo_fits(const struct plugin_ldap *pl, const char *filter, char **attrs, long long now)
{
	size_t i;

	if (pl->memo_res == NULL || pl->memo_ld == NULL || pl->pid != getpid() ||
	    (pl->memo_ld == pl->pld && pl->ppid != getpid()) ||
	    now - pl->memo_ms > PLUGIN_LDAP_REUSE_MS || strcmp(pl->memo_filter, filter) != 0)
		return 0;
	for (i = 0; attrs != NULL && attrs[i] != NULL; i++)
		if (!memo_has_attr(pl, attrs[i]))
			return 0;
	return attrs != NULL;
}

/* memo_keep - remember res (now owned) as the answer to filter/attrs */
static void
memo_keep(struct plugin_ldap *pl, LDAP *ld, const char *filter, char **attrs, LDAPMessage *res,
          long long now)
{
	size_t n = 0, i;

	memo_clear(pl);
	while (attrs != NULL && attrs[n] != NULL)
		n++;
	pl->memo_attrs = xcalloc(n + 1, sizeof(*pl->memo_attrs));
	for (i = 0; i < n; i++)
		pl->memo_attrs[i] = xstrdup(attrs[i]);
	pl->memo_filter = xstrdup(filter);
	pl->memo_res = res;
	pl->memo_ld = ld;
	pl->memo_ms = now;
}

struct plugin_ldap *
plugin_ldap_new(const struct ldap_settings *ls)
{
	struct plugin_ldap *pl = xcalloc(1, sizeof(*pl));

	pl->ls = ls;
	return pl;
}

/* drop_inherited - forget a connection another process opened */
static void
drop_inherited(LDAP **ldp)
{
	int fd = -1, null;

	if (ldap_get_option(*ldp, LDAP_OPT_DESC, &fd) == LDAP_OPT_SUCCESS && fd >= 0) {
		null = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (null >= 0) {
			dup2(null, fd);
			close(null);
		}
	}
	ldap_conn_close(ldp);
}

/* close_own - close *ldp, opened by process owner */
static void
close_own(LDAP **ldp, pid_t owner)
{
	if (*ldp == NULL)
		return;
	if (owner != getpid())
		drop_inherited(ldp);
	else
		ldap_conn_close(ldp);
}

/* disconnect - close our consumer connection, whoever opened it */
static void
disconnect(struct plugin_ldap *pl)
{
	memo_clear(pl);
	close_own(&pl->ld, pl->pid);
}

/* pdisconnect - close our provider connection, whoever opened it */
static void
pdisconnect(struct plugin_ldap *pl)
{
	if (pl->memo_ld != NULL && pl->memo_ld == pl->pld)
		memo_clear(pl);
	close_own(&pl->pld, pl->ppid);
}

void
plugin_ldap_free(struct plugin_ldap **plp)
{
	if (*plp == NULL)
		return;
	disconnect(*plp);
	pdisconnect(*plp);
	xfree(&(*plp)->down_err);
	xfree(&(*plp)->csn_base_c);
	xfree(&(*plp)->csn_base_p);
	xfree(plp);
}

/* ensure_connected - PST_OK with pl->ld bound; *fresh_r says whether it was just opened */
static enum pst_result
ensure_connected(struct plugin_ldap *pl, int *fresh_r, char **err_r)
{
	enum pst_result r;

	*fresh_r = 0;
	if (pl->ld != NULL && pl->pid != getpid())
		disconnect(pl);
	if (pl->ld != NULL)
		return PST_OK;
	r = ldap_conn_connect(pl->ls, &pl->ld, err_r);
	if (r != PST_OK) {
		ldap_conn_close(&pl->ld);
		/* Bad service credentials are the operator's problem, not the user's. */
		return PST_TEMPFAIL;
	}
	pl->pid = getpid();
	*fresh_r = 1;
	return PST_OK;
}

/* walk - call fn for every entry of res until one does not return PST_OK */
static enum pst_result
walk(LDAP *ld, LDAPMessage *res, plugin_ldap_entry_fn *fn, void *arg)
{
	enum pst_result r = PST_OK;
	LDAPMessage *e;

	for (e = ldap_first_entry(ld, res); e != NULL && r == PST_OK; e = ldap_next_entry(ld, e))
		r = fn(ld, e, arg);
	return r;
}

/*
 * search_once - one search on ld; *ldrc_r gets libldap's code. A complete
 * answer is kept in *res_r for reuse.
 */
static enum pst_result
search_once(struct plugin_ldap *pl, LDAP *ld, const char *filter, char **attrs,
            plugin_ldap_entry_fn *fn, void *arg, int *ldrc_r, LDAPMessage **res_r)
{
	struct timeval tv = {pl->ls->timeout, 0};
	LDAPMessage *res = NULL;
	enum pst_result r = PST_OK;
	int rc;

	*res_r = NULL;
	rc = ldap_search_ext_s(ld, pl->ls->search_base, LDAP_SCOPE_SUBTREE, filter, attrs, 0, NULL,
	                       NULL, &tv, PLUGIN_LDAP_MAX_ENTRIES, &res);
	*ldrc_r = rc;
	/*
	 * A size limit hit with all the entries asked for still tells "two or
	 * more"; with fewer (the server's own limit is lower) it cannot tell
	 * one account from several, which must not pass for one.
	 */
	if (rc == LDAP_SIZELIMIT_EXCEEDED && ldap_count_entries(ld, res) < PLUGIN_LDAP_MAX_ENTRIES)
		r = PST_PERMFAIL;
	else if (rc == LDAP_SUCCESS || rc == LDAP_SIZELIMIT_EXCEEDED) {
		r = walk(ld, res, fn, arg);
		*res_r = res;
		return r;
	} else {
		r = pst_ldap_result(rc);
		if (r == PST_OK)
			r = PST_PERMFAIL;
	}
	if (res != NULL)
		ldap_msgfree(res);
	return r;
}

/* went_down - note that the directory did not answer; returns PST_TEMPFAIL */
static enum pst_result
went_down(struct plugin_ldap *pl, const char *err)
{
	pl->down_until_ms = mono_ms() + PLUGIN_LDAP_DOWN_MS;
	pl->down_pid = getpid();
	xfree(&pl->down_err);
	pl->down_err = xstrdup(err);
	return PST_TEMPFAIL;
}

/* search_fresh - the search itself, with one retry on a stale connection */
static enum pst_result
search_fresh(struct plugin_ldap *pl, const char *filter, char **attrs, plugin_ldap_entry_fn *fn,
             void *arg, char **err_r)
{
	enum pst_result r;
	int fresh, rc, attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		LDAPMessage *res = NULL;
		char *cerr = NULL;

		r = ensure_connected(pl, &fresh, &cerr);
		if (r != PST_OK) {
			*err_r = xasprintf("directory unavailable: %s",
			                   cerr ? cerr : "connect failed");
			xfree(&cerr);
			return r;
		}
		r = search_once(pl, pl->ld, filter, attrs, fn, arg, &rc, &res);
		if (res != NULL) {
			if (r == PST_OK)
				memo_keep(pl, pl->ld, filter, attrs, res, mono_ms());
			else
				ldap_msgfree(res);
		}
		if (r != PST_TEMPFAIL || rc == LDAP_SUCCESS || rc == LDAP_SIZELIMIT_EXCEEDED) {
			/* Every refusal says why: callers read "no reason" as "no entry". */
			if (r == PST_PERMFAIL)
				*err_r = xasprintf("search refused: %s",
				                   rc == LDAP_SIZELIMIT_EXCEEDED
				                           ? "size limit below 2 entries"
				                           : ldap_err2string(rc));
			return r;
		}
		disconnect(pl);
		/*
		 * A server that restarted or dropped an idle connection shows as
		 * "server down" on the old one: try once more, afresh. A time-out
		 * is not retried, so a hung directory costs one time-out, not two.
		 */
		if (fresh || (rc != LDAP_SERVER_DOWN && rc != LDAP_CONNECT_ERROR)) {
			*err_r = xasprintf("directory unavailable: %s", ldap_err2string(rc));
			return PST_TEMPFAIL;
		}
	}
	*err_r = xasprintf("directory unavailable: %s", ldap_err2string(rc));
	return PST_TEMPFAIL;
}

/*
 * Read your writes across replicas. With ldap_write_servers set apart
 * from the read servers, every directory question first reads the
 * providers' contextCSN, then the consumer's (two base searches), and
 * asks a provider instead when the consumer lacks a provider change.
 * Nothing of this is cached: a change finished before the login began is
 * in the providers' contextCSN when it is read, and the consumer's read
 * after it must cover it, or the entry comes from a provider.
 */

/* replicated - are the providers other servers than the consumers? */
static int
replicated(const struct plugin_ldap *pl)
{
	const char *w = ldap_settings_writers(pl->ls);

	return pl->ls->servers != NULL && w != NULL && strcmp(w, pl->ls->servers) != 0;
}

/* pconnect - a bound connection to the first provider that answers, in order */
static enum pst_result
pconnect(struct plugin_ldap *pl, char **err_r)
{
	int n = 0, i;
	char **uris = ldap_uri_list(ldap_settings_writers(pl->ls), &n);
	enum pst_result r = PST_TEMPFAIL;

	if (pl->pld != NULL && pl->ppid != getpid())
		pdisconnect(pl);
	for (i = 0; pl->pld == NULL && i < n; i++) {
		xfree(err_r);
		r = ldap_conn_open(pl->ls, uris[i], &pl->pld, err_r);
		if (r == PST_OK)
			r = ldap_conn_bind_service(pl->pld, pl->ls, err_r);
		if (r != PST_OK)
			ldap_conn_close(&pl->pld);
		else
			pl->ppid = getpid();
	}
	ldap_uri_list_free(&uris);
	if (pl->pld == NULL && *err_r == NULL)
		*err_r = xasprintf("no provider in ldap_write_servers");
	return pl->pld != NULL ? PST_OK : PST_TEMPFAIL;
}

/*
 * pdo - run one base-scope contextCSN read (res == NULL) or one account
 * search on a provider, failing over to the next provider once when the
 * connection broke. PST_TEMPFAIL when no provider answered: the providers
 * are then not asked again for PLUGIN_LDAP_DOWN_MS.
 */
static enum pst_result
pdo(struct plugin_ldap *pl, struct plugin_csns *csns, const char *filter, char **attrs,
    plugin_ldap_entry_fn *fn, void *arg, LDAPMessage **res_r, char **err_r)
{
	enum pst_result r = PST_TEMPFAIL;
	int attempt, rc = LDAP_SERVER_DOWN, had;

	if (pl->pdown_pid == getpid() && mono_ms() < pl->pdown_until_ms) {
		*err_r = xasprintf("providers did not answer (not retried for %d ms)",
		                   PLUGIN_LDAP_DOWN_MS);
		return PST_TEMPFAIL;
	}
	for (attempt = 0; attempt < 2; attempt++) {
		had = pl->pld != NULL && pl->ppid == getpid();
		if (pconnect(pl, err_r) != PST_OK)
			break;
		if (csns != NULL) {
			if (pl->csn_base_p == NULL)
				pl->csn_base_p = xstrdup(pl->ls->search_base);
			r = plugin_csn_read(pl->pld, &pl->csn_base_p, pl->ls->timeout, csns, &rc);
		} else
			r = search_once(pl, pl->pld, filter, attrs, fn, arg, &rc, res_r);
		if (r != PST_TEMPFAIL || rc == LDAP_SUCCESS)
			return r;
		pdisconnect(pl);
		xfree(err_r);
		*err_r = xasprintf("provider unavailable: %s", ldap_err2string(rc));
		/* As search_fresh: only a broken old connection is tried again. */
		if (!had || (rc != LDAP_SERVER_DOWN && rc != LDAP_CONNECT_ERROR))
			break;
	}
	pl->pdown_until_ms = mono_ms() + PLUGIN_LDAP_DOWN_MS;
	pl->pdown_pid = getpid();
	return PST_TEMPFAIL;
}

/* consumer_csns - the consumer's contextCSN; PST_TEMPFAIL marks it down */
static enum pst_result
consumer_csns(struct plugin_ldap *pl, struct plugin_csns *csns, char **err_r)
{
	enum pst_result r;
	int fresh, rc, attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		char *cerr = NULL;

		if (ensure_connected(pl, &fresh, &cerr) != PST_OK) {
			*err_r = xasprintf("directory unavailable: %s",
			                   cerr ? cerr : "connect failed");
			xfree(&cerr);
			return went_down(pl, *err_r);
		}
		if (pl->csn_base_c == NULL)
			pl->csn_base_c = xstrdup(pl->ls->search_base);
		r = plugin_csn_read(pl->ld, &pl->csn_base_c, pl->ls->timeout, csns, &rc);
		if (r == PST_OK)
			return r;
		disconnect(pl);
		if (fresh || (rc != LDAP_SERVER_DOWN && rc != LDAP_CONNECT_ERROR))
			break;
	}
	*err_r = xasprintf("directory unavailable: %s", ldap_err2string(rc));
	return went_down(pl, *err_r);
}

/*
 * lagging - 1: read this entry at a provider; 0: the consumer will do
 * (it has every provider change, or no provider answered: logged);
 * -1: the consumer did not answer (*err_r says why)
 */
static int
lagging(struct plugin_ldap *pl, char **err_r)
{
	struct plugin_csns prov, cons;
	char *perr = NULL;
	LDAPMessage *none = NULL; /* a contextCSN read keeps no result */
	/* One line per PLUGIN_LDAP_DOWN_MS, not one per question, while providers are down. */
	int quiet = pl->pdown_pid == getpid() && mono_ms() < pl->pdown_until_ms;

	if (pdo(pl, &prov, NULL, NULL, NULL, NULL, &none, &perr) != PST_OK) {
		if (!quiet)
			log_warn("postino: reading at the consumer, freshness unknown: %s",
			         perr != NULL ? perr : "providers unavailable");
		xfree(&perr);
		return 0;
	}
	if (consumer_csns(pl, &cons, err_r) != PST_OK)
		return -1;
	return plugin_csn_lags(&cons, &prov);
}

/* provider_search - the account search at a provider; PST_TEMPFAIL: none answered */
static enum pst_result
provider_search(struct plugin_ldap *pl, const char *filter, char **attrs, plugin_ldap_entry_fn *fn,
                void *arg, char **err_r)
{
	LDAPMessage *res = NULL;
	enum pst_result r = pdo(pl, NULL, filter, attrs, fn, arg, &res, err_r);

	if (res != NULL) {
		if (r == PST_OK)
			memo_keep(pl, pl->pld, filter, attrs, res, mono_ms());
		else
			ldap_msgfree(res);
	}
	if (r == PST_PERMFAIL && *err_r == NULL)
		*err_r = xasprintf("search refused at the provider");
	return r;
}

enum pst_result
plugin_ldap_search(struct plugin_ldap *pl, const char *filter, char **attrs,
                   plugin_ldap_entry_fn *fn, void *arg, char **err_r)
{
	long long now = mono_ms();
	enum pst_result r;
	int lag;

	if (pl->down_pid == getpid() && now < pl->down_until_ms) {
		*err_r = xasprintf("%s (not retried for %d ms)", pl->down_err, PLUGIN_LDAP_DOWN_MS);
		return PST_TEMPFAIL;
	}
	if (memo_fits(pl, filter, attrs, now))
		return walk(pl->memo_ld, pl->memo_res, fn, arg);
	memo_clear(pl);
	if (replicated(pl)) {
		lag = lagging(pl, err_r);
		if (lag < 0)
			return PST_TEMPFAIL;
		if (lag > 0) {
			r = provider_search(pl, filter, attrs, fn, arg, err_r);
			if (r != PST_TEMPFAIL)
				return r;
			log_warn("postino: the consumer lags and no provider answered; "
			         "reading at the consumer: %s",
			         *err_r != NULL ? *err_r : "providers unavailable");
			xfree(err_r);
		}
	}
	r = search_fresh(pl, filter, attrs, fn, arg, err_r);
	if (r == PST_TEMPFAIL)
		went_down(pl, *err_r != NULL ? *err_r : "directory unavailable");
	return r;
}
