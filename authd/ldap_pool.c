/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldap_pool.c: opening, keeping and replacing a worker's LDAP connections.
 */
#include <stdlib.h>

#include "authd_conf.h"
#include "clock.h"
#include "ldap_conn.h"
#include "ldap_pool.h"
#include "ldap_servers.h"
#include "log.h"
#include "stats.h"
#include "xalloc.h"

/* Attempts per operation: the first, and one on a fresh connection. */
#define ATTEMPTS 2

void
ldap_slot_init(struct ldap_slot *s, struct ldap_servers *servers)
{
	int k;

	for (k = 0; k < 2; k++) {
		s->link[k].ld = NULL;
		s->link[k].server = -1;
	}
	s->servers = servers;
}

static void
link_close(struct ldap_link *l)
{
	ldap_conn_close(&l->ld);
	l->server = -1;
	l->fresh = 0;
}

void
ldap_slot_close(struct ldap_slot *s)
{
	link_close(&s->link[LDAP_KIND_SEARCH]);
	link_close(&s->link[LDAP_KIND_BIND]);
}

/*
 * link_open - connect to the first server that may be tried, binding as the
 * service for a search connection. Every server that fails is reported, so
 * the next pick moves on.
 */
static enum pst_result
link_open(struct ldap_slot *s, struct ldap_link *l, const struct authd_conf *conf,
          enum ldap_kind kind, char **err_r)
{
	int tries;

	for (tries = 0; tries < conf->nuris + 1; tries++) {
		char *uri = NULL, *err = NULL;
		unsigned epoch;
		int idx = ldap_servers_pick(s->servers, clock_now_ms(), &uri, &epoch);
		enum pst_result r;
		LDAP *ld = NULL;

		if (idx < 0) {
			if (*err_r == NULL)
				*err_r = xstrdup("no directory server may be tried now "
				                 "(all failed recently)");
			return PST_TEMPFAIL;
		}
		r = ldap_conn_open(&conf->ldap, uri, &ld, &err);
		if (r == PST_OK && kind == LDAP_KIND_SEARCH)
			r = ldap_conn_bind_service(ld, &conf->ldap, &err);
		if (r == PST_OK) {
			l->ld = ld;
			l->server = idx;
			l->epoch = epoch;
			l->gen = conf->generation;
			/* A search connection has answered its service bind already. */
			l->fresh = kind == LDAP_KIND_BIND;
			if (!l->fresh)
				ldap_servers_report(s->servers, epoch, idx, 1, clock_now_ms());
			xfree(&uri);
			return PST_OK;
		}
		ldap_conn_close(&ld);
		stats_inc(ST_LDAP_ERRORS);
		ldap_servers_count(s->servers, epoch, idx, 1);
		if (r == PST_PERMFAIL && kind == LDAP_KIND_SEARCH) {
			/*
			 * A refused service bind (wrong password, bad URI) is a
			 * configuration error that failover cannot fix, but it is
			 * still "try later" for the client, never "wrong password".
			 */
			ldap_servers_report(s->servers, epoch, idx, 1, clock_now_ms());
			log_error("%s", err != NULL ? err : uri);
			xfree(err_r);
			*err_r = err;
			xfree(&uri);
			return PST_TEMPFAIL;
		}
		ldap_servers_report(s->servers, epoch, idx, 0, clock_now_ms());
		log_warn("directory server %s failed: %s", uri,
		         err != NULL ? err : "unknown error");
		xfree(err_r);
		*err_r = err;
		xfree(&uri);
	}
	return PST_TEMPFAIL;
}

enum pst_result
ldap_slot_run(struct ldap_slot *s, const struct authd_conf *conf, enum ldap_kind kind,
              ldap_op_fn op, void *arg, int *ldap_rc_r, char **err_r)
{
	struct ldap_link *l = &s->link[kind];
	enum pst_result r = PST_TEMPFAIL;
	int attempt;

	*ldap_rc_r = LDAP_OTHER;
	for (attempt = 0; attempt < ATTEMPTS; attempt++) {
		int rc = LDAP_OTHER;
		char *err = NULL;

		if (l->ld != NULL &&
		    (l->gen != conf->generation ||
		     !ldap_servers_keep(s->servers, l->epoch, l->server, clock_now_ms())))
			link_close(l);
		if (l->ld == NULL && link_open(s, l, conf, kind, err_r) != PST_OK) {
			*ldap_rc_r = LDAP_SERVER_DOWN;
			return PST_TEMPFAIL;
		}
		r = op(l->ld, conf, arg, &rc, &err);
		*ldap_rc_r = rc;
		ldap_servers_count(s->servers, l->epoch, l->server, r == PST_TEMPFAIL);
		if (r != PST_TEMPFAIL) {
			if (l->fresh)
				ldap_servers_report(s->servers, l->epoch, l->server, 1,
				                    clock_now_ms());
			l->fresh = 0;
			xfree(&err);
			return r;
		}
		stats_inc(ST_LDAP_ERRORS);
		log_warn("LDAP %s operation failed: %s",
		         kind == LDAP_KIND_SEARCH ? "search" : "bind",
		         err != NULL ? err : ldap_err2string(rc));
		xfree(err_r);
		*err_r = err != NULL ? err : xstrdup(ldap_err2string(rc));
		/*
		 * The connection is in an unknown state (an abandoned
		 * operation, a dead socket): never reuse it.
		 */
		if (pst_ldap_server_failure(rc, l->fresh))
			ldap_servers_report(s->servers, l->epoch, l->server, 0, clock_now_ms());
		link_close(l);
	}
	return r;
}
