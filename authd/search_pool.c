/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * search_pool.c: account searches on the I/O thread (see bind_pool.h).
 *
 * A search connection is bound as the service account by the opener
 * (bind_open.c) and then carries up to SEARCH_INFLIGHT searches at once:
 * each is sent with ldap_search_ext, and when the socket is readable every
 * message libldap has is taken with ldap_result(LDAP_RES_ANY,
 * LDAP_MSG_ONE, zero time-out) and given to its search by message id.
 * The search's entries are counted, the first kept, and its result is
 * judged by account_search_judge, the workers' own decision.
 *
 * Anything that is not an answer (a dead connection, a time-out, an error
 * of the server's, a referral) hands the search back with `fallback` set;
 * a time-out or a dead connection hands back every search on it.
 */
#include <string.h>
#include <sys/time.h>

#include "account_info.h"
#include "account_policy.h"
#include "authd_conf.h"
#include "bind_pool_int.h"
#include "clock.h"
#include "ldap_conn.h"
#include "ldap_servers.h"
#include "log.h"
#include "stats.h"
#include "xalloc.h"

/* Searches in flight on one connection; more go to the workers. */
#define SEARCH_INFLIGHT 64

static int64_t
search_deadline(const struct authd_conf *conf)
{
	return clock_now_ms() + (conf->ldap.timeout > 0 ? conf->ldap.timeout : 5) * 1000;
}

/* op_done - answer op (already unlinked) and free it */
static void
op_done(struct search_op *op, struct search_outcome *o)
{
	if (op->first != NULL)
		ldap_msgfree(op->first);
	op->done(op->arg, o);
	xfree(&o->err);
	xfree(&op);
}

static void
op_fallback(struct search_op *op)
{
	struct search_outcome o;

	memset(&o, 0, sizeof(o));
	o.fallback = 1;
	o.r = PST_TEMPFAIL;
	op_done(op, &o);
}

void
search_conn_drop(struct bind_conn *c)
{
	struct search_op *op = c->ops;

	c->ops = NULL;
	c->nops = 0;
	while (op != NULL) {
		struct search_op *next = op->next;

		op_fallback(op);
		op = next;
	}
}

/* conn_pick - an open search connection with room, asking the opener for closed ones */
static struct bind_conn *
conn_pick(struct bind_pool *p, const struct authd_conf *conf)
{
	int64_t now = clock_now_ms();
	struct bind_conn *best = NULL;
	int i, want = 0;

	for (i = p->n; i < p->n + p->ns; i++) {
		struct bind_conn *c = &p->c[i];

		/* Failback, a reload: a drained connection to a server no longer wanted goes. */
		if (c->state == BC_IDLE && c->nops == 0 &&
		    (c->gen != conf->generation ||
		     !ldap_servers_keep(p->servers, c->epoch, c->server, now))) {
			bind_conn_close(c);
			c->retry_ms = 0;
		}
		if (c->state == BC_CLOSED && now >= c->retry_ms) {
			c->state = BC_OPENING;
			want = 1;
		}
		if (c->state == BC_IDLE && c->nops < SEARCH_INFLIGHT &&
		    c->gen == conf->generation &&
		    ldap_servers_keep(p->servers, c->epoch, c->server, now) &&
		    (best == NULL || c->nops < best->nops))
			best = c;
	}
	if (want)
		bind_open_wake(p);
	return best;
}

/* op_send - send op's search on c; -1 when it could not be sent (c is closed then) */
static int
op_send(struct bind_conn *c, struct search_op *op)
{
	const struct authd_conf *conf = op->conf;
	const struct account_search *as = op->as;
	const char *attrs[ACCOUNT_SEARCH_ATTRS];
	struct timeval tv = {conf->ldap.timeout, 0};
	struct acct_terms ts;
	int rc;

	account_search_attrs(conf, as, attrs, ACCOUNT_SEARCH_ATTRS, &ts);
	rc = ldap_search_ext(c->ld, as->base, as->scope, as->filter, (char **)attrs, 0, NULL, NULL,
	                     conf->ldap.timeout > 0 ? &tv : NULL, 2, &op->msgid);
	acct_ident_terms_free(&ts);
	if (rc != LDAP_SUCCESS) {
		bind_conn_failed(c, rc);
		return -1;
	}
	op->deadline_ms = search_deadline(conf);
	op->next = c->ops;
	c->ops = op;
	c->nops++;
	return 0;
}

/* opening - 1 while a search connection is being opened */
static int
opening(const struct bind_pool *p)
{
	int i;

	for (i = p->n; i < p->n + p->ns; i++)
		if (p->c[i].state == BC_OPENING)
			return 1;
	return 0;
}

int
search_pool_submit(struct bind_pool *p, const struct authd_conf *conf, struct account_search *as,
                   search_done_fn done, void *arg)
{
	struct bind_conn *c = p->swait_head == NULL ? conn_pick(p, conf) : NULL;
	struct search_op *op = xcalloc(1, sizeof(*op));

	op->as = as;
	op->conf = conf;
	op->done = done;
	op->arg = arg;
	op->msgid = -1;
	if (c != NULL && op_send(c, op) == 0)
		return 0;
	/*
	 * The connection is being opened: wait for it rather than race it to
	 * the workers, whose pick of a just-failed server would then find its
	 * one probe taken by the opener.
	 */
	if (c == NULL && p->swaiting < SEARCH_INFLIGHT && opening(p)) {
		op->deadline_ms = search_deadline(conf);
		*p->swait_tail = op;
		p->swait_tail = &op->next;
		p->swaiting++;
		return 0;
	}
	xfree(&op);
	return -1;
}

/* wait_pop - the first waiting search, unlinked */
static struct search_op *
wait_pop(struct bind_pool *p)
{
	struct search_op *op = p->swait_head;

	p->swait_head = op->next;
	if (p->swait_head == NULL)
		p->swait_tail = &p->swait_head;
	p->swaiting--;
	op->next = NULL;
	return op;
}

void
search_pool_run(struct bind_pool *p)
{
	while (p->swait_head != NULL) {
		struct bind_conn *c = conn_pick(p, p->swait_head->conf);
		struct search_op *op;

		if (c == NULL && opening(p))
			return;
		op = wait_pop(p);
		/* No connection came of it: the workers' path. */
		if (c == NULL || op_send(c, op) != 0)
			op_fallback(op);
	}
}

void
search_pool_fail_waiting(struct bind_pool *p)
{
	while (p->swait_head != NULL)
		op_fallback(wait_pop(p));
}

enum search_action
search_answer_action(enum pst_result r, int rc)
{
	/* The server's own trouble: the connection is in doubt, as on a worker. */
	if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED &&
	    pst_ldap_result(rc) == PST_TEMPFAIL)
		return SA_CONN_FAILED;
	/* Not an answer (a policy entry not cached); a referral is not followed here. */
	if (r == PST_TEMPFAIL || rc == LDAP_REFERRAL)
		return SA_FALLBACK;
	return SA_ANSWER;
}

/* op_take - unlink and return the search with message id msgid; NULL if none */
static struct search_op *
op_take(struct bind_conn *c, int msgid)
{
	struct search_op **pp;

	for (pp = &c->ops; *pp != NULL; pp = &(*pp)->next) {
		struct search_op *op = *pp;

		if (op->msgid == msgid) {
			*pp = op->next;
			c->nops--;
			return op;
		}
	}
	return NULL;
}

static struct search_op *
op_find(struct bind_conn *c, int msgid)
{
	struct search_op *op;

	for (op = c->ops; op != NULL; op = op->next)
		if (op->msgid == msgid)
			return op;
	return NULL;
}

/* conn_gone - the connection ended: a failure of the server only if searches were waiting */
static void
conn_gone(struct bind_conn *c, int rc)
{
	if (c->nops > 0) {
		bind_conn_failed(c, rc);
		return;
	}
	bind_conn_close(c);
	c->retry_ms = 0;
}

/*
 * op_result - the search's result message res (freed here) arrived:
 * judge it as the workers do. An error of the server's leaves the
 * connection in doubt, as on a worker: it is closed, and the other
 * searches on it go to the workers too.
 */
static void
op_result(struct bind_conn *c, struct search_op *op, LDAPMessage *res)
{
	struct bind_pool *p = c->pool;
	struct search_outcome o;
	enum search_action act;
	int rc = LDAP_OTHER, prc;

	memset(&o, 0, sizeof(o));
	prc = ldap_parse_result(c->ld, res, &rc, NULL, NULL, NULL, NULL, 1);
	if (prc != LDAP_SUCCESS) {
		op_fallback(op);
		bind_conn_failed(c, prc);
		return;
	}
	o.r = account_search_judge(c->ld, op->conf, op->as, rc, op->n, op->first, &o.err);
	act = search_answer_action(o.r, rc);
	o.fallback = act != SA_ANSWER;
	if (!o.fallback)
		stats_inc(ST_POOL_SEARCHES);
	op_done(op, &o);
	if (act == SA_CONN_FAILED) {
		bind_conn_failed(c, rc);
		return;
	}
	ldap_servers_count(p->servers, c->epoch, c->server, 0);
}

void
search_conn_readable(struct bind_conn *c)
{
	struct timeval zero = {0, 0};

	while (c->ld != NULL) {
		LDAPMessage *res = NULL;
		struct search_op *op;
		int n = ldap_result(c->ld, LDAP_RES_ANY, LDAP_MSG_ONE, &zero, &res);

		if (n == 0)
			return;
		if (n < 0 || res == NULL) {
			int rc = LDAP_SERVER_DOWN;

			ldap_get_option(c->ld, LDAP_OPT_RESULT_CODE, &rc);
			if (res != NULL)
				ldap_msgfree(res);
			conn_gone(c, rc == LDAP_SUCCESS ? LDAP_SERVER_DOWN : rc);
			return;
		}
		if (n == LDAP_RES_SEARCH_RESULT && (op = op_take(c, ldap_msgid(res))) != NULL) {
			op_result(c, op, res);
			/* Nothing more expected: no read to see EAGAIN (a close wakes us). */
			if (c->nops == 0)
				return;
			continue;
		}
		op = op_find(c, ldap_msgid(res));
		if (op != NULL && n == LDAP_RES_SEARCH_ENTRY) {
			/* Counted as ldap_count_entries counts them; the first is decoded. */
			if (op->n++ == 0) {
				op->first = res;
				continue;
			}
		} else if (op == NULL || n != LDAP_RES_SEARCH_REFERENCE) {
			/* A notice of disconnection, or a message no search expects. */
			ldap_msgfree(res);
			conn_gone(c, LDAP_SERVER_DOWN);
			return;
		}
		ldap_msgfree(res);
	}
}

int64_t
search_pool_deadline(struct bind_pool *p, int64_t t)
{
	int i;

	if (p->swait_head != NULL && (t < 0 || p->swait_head->deadline_ms < t))
		t = p->swait_head->deadline_ms;
	for (i = p->n; i < p->n + p->ns; i++) {
		const struct search_op *op;

		for (op = p->c[i].ops; op != NULL; op = op->next)
			if (t < 0 || op->deadline_ms < t)
				t = op->deadline_ms;
	}
	return t;
}

void
search_pool_expire(struct bind_pool *p, int64_t now)
{
	int i;

	/* Waited the whole time-out for a connection: the workers' path decides. */
	while (p->swait_head != NULL && p->swait_head->deadline_ms <= now)
		op_fallback(wait_pop(p));
	for (i = p->n; i < p->n + p->ns; i++) {
		struct bind_conn *c = &p->c[i];
		const struct search_op *op;

		for (op = c->ops; op != NULL; op = op->next)
			if (op->deadline_ms <= now)
				break;
		if (op == NULL)
			continue;
		/* No answer in time: the server is in trouble; every search on it goes. */
		ldap_abandon_ext(c->ld, op->msgid, NULL, NULL);
		bind_conn_failed(c, LDAP_TIMEOUT);
	}
}
