/*
 * plugin_ldap.c: the lazily opened, per-process directory connection.
 *
 * The connection is never shared across fork(): a child that finds one
 * opened by its parent points the inherited socket at /dev/null before
 * unbinding, so the unbind request (and any TLS close alert) goes nowhere
 * and the parent's session on the same socket is left alone.
 */
#include <fcntl.h>
#include <sys/time.h>
#include <unistd.h>

#include "ldap_conn.h"
#include "ldap_settings.h"
#include "plugin_ldap.h"
#include "xalloc.h"

/* Two entries are enough to tell "one account" from "ambiguous". */
#define PLUGIN_LDAP_MAX_ENTRIES 2

struct plugin_ldap {
	const struct ldap_settings *ls;
	LDAP *ld;
	pid_t pid; /* the process that opened ld */
};

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

/* search_once - one search on the current connection; *ldrc_r gets libldap's code */
static enum pst_result
search_once(struct plugin_ldap *pl, const char *filter, char **attrs, plugin_ldap_entry_fn *fn,
            void *arg, int *ldrc_r)
{
	struct timeval tv = {pl->ls->timeout, 0};
	LDAPMessage *res = NULL, *e;
	enum pst_result r = PST_OK;
	int rc;

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
		for (e = ldap_first_entry(pl->ld, res); e != NULL && r == PST_OK;
		     e = ldap_next_entry(pl->ld, e))
			r = fn(pl->ld, e, arg);
	} else {
		r = pst_ldap_result(rc);
		if (r == PST_OK)
			r = PST_PERMFAIL;
	}
	if (res != NULL)
		ldap_msgfree(res);
	return r;
}

enum pst_result
plugin_ldap_search(struct plugin_ldap *pl, const char *filter, char **attrs,
                   plugin_ldap_entry_fn *fn, void *arg, char **err_r)
{
	enum pst_result r;
	int fresh, rc, attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		char *cerr = NULL;

		r = ensure_connected(pl, &fresh, &cerr);
		if (r != PST_OK) {
			*err_r = xasprintf("directory unavailable: %s",
			                   cerr ? cerr : "connect failed");
			xfree(&cerr);
			return r;
		}
		r = search_once(pl, filter, attrs, fn, arg, &rc);
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
