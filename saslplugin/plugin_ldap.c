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
	long long memo_ms;
	/* the directory did not answer: fail fast until then (in process down_pid) */
	long long down_until_ms;
	pid_t down_pid;
	char *down_err;
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

	if (pl->memo_res == NULL || pl->ld == NULL || pl->pid != getpid() ||
	    now - pl->memo_ms > PLUGIN_LDAP_REUSE_MS || strcmp(pl->memo_filter, filter) != 0)
		return 0;
	for (i = 0; attrs != NULL && attrs[i] != NULL; i++)
		if (!memo_has_attr(pl, attrs[i]))
			return 0;
	return attrs != NULL;
}

/* memo_keep - remember res (now owned) as the answer to filter/attrs */
static void
memo_keep(struct plugin_ldap *pl, const char *filter, char **attrs, LDAPMessage *res, long long now)
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
drop_inherited(struct plugin_ldap *pl)
{
	int fd = -1, null;

	if (ldap_get_option(pl->ld, LDAP_OPT_DESC, &fd) == LDAP_OPT_SUCCESS && fd >= 0) {
		null = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (null >= 0) {
			dup2(null, fd);
			close(null);
		}
	}
	ldap_conn_close(&pl->ld);
}

/* disconnect - close our connection, whoever opened it */
static void
disconnect(struct plugin_ldap *pl)
{
	memo_clear(pl);
	if (pl->ld == NULL)
		return;
	if (pl->pid != getpid())
		drop_inherited(pl);
	else
		ldap_conn_close(&pl->ld);
}

void
plugin_ldap_free(struct plugin_ldap **plp)
{
	if (*plp == NULL)
		return;
	disconnect(*plp);
	xfree(&(*plp)->down_err);
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
walk(struct plugin_ldap *pl, LDAPMessage *res, plugin_ldap_entry_fn *fn, void *arg)
{
	enum pst_result r = PST_OK;
	LDAPMessage *e;

	for (e = ldap_first_entry(pl->ld, res); e != NULL && r == PST_OK;
	     e = ldap_next_entry(pl->ld, e))
		r = fn(pl->ld, e, arg);
	return r;
}

/*
 * search_once - one search on the current connection; *ldrc_r gets
 * libldap's code. A complete answer is kept in *res_r for reuse.
 */
static enum pst_result
search_once(struct plugin_ldap *pl, const char *filter, char **attrs, plugin_ldap_entry_fn *fn,
            void *arg, int *ldrc_r, LDAPMessage **res_r)
{
	struct timeval tv = {pl->ls->timeout, 0};
	LDAPMessage *res = NULL;
	enum pst_result r = PST_OK;
	int rc;

	*res_r = NULL;
	rc = ldap_search_ext_s(pl->ld, pl->ls->search_base, LDAP_SCOPE_SUBTREE, filter, attrs, 0,
	                       NULL, NULL, &tv, PLUGIN_LDAP_MAX_ENTRIES, &res);
	*ldrc_r = rc;
	/*
	 * A size limit hit with all the entries asked for still tells "two or
	 * more"; with fewer (the server's own limit is lower) it cannot tell
	 * one account from several, which must not pass for one.
	 */
	if (rc == LDAP_SIZELIMIT_EXCEEDED &&
	    ldap_count_entries(pl->ld, res) < PLUGIN_LDAP_MAX_ENTRIES)
		r = PST_PERMFAIL;
	else if (rc == LDAP_SUCCESS || rc == LDAP_SIZELIMIT_EXCEEDED) {
		r = walk(pl, res, fn, arg);
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
		r = search_once(pl, filter, attrs, fn, arg, &rc, &res);
		if (res != NULL) {
			if (r == PST_OK)
				memo_keep(pl, filter, attrs, res, mono_ms());
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

enum pst_result
plugin_ldap_search(struct plugin_ldap *pl, const char *filter, char **attrs,
                   plugin_ldap_entry_fn *fn, void *arg, char **err_r)
{
	long long now = mono_ms();
	enum pst_result r;

	if (pl->down_pid == getpid() && now < pl->down_until_ms) {
		*err_r = xasprintf("%s (not retried for %d ms)", pl->down_err, PLUGIN_LDAP_DOWN_MS);
		return PST_TEMPFAIL;
	}
	if (memo_fits(pl, filter, attrs, now))
		return walk(pl, pl->memo_res, fn, arg);
	memo_clear(pl);
	r = search_fresh(pl, filter, attrs, fn, arg, err_r);
	if (r == PST_TEMPFAIL)
		went_down(pl, *err_r != NULL ? *err_r : "directory unavailable");
	return r;
}
