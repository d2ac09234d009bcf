/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bind_pool.c: the event-driven bind connections (see bind_pool.h).
 *
 * Everything here runs on the I/O thread except bind_open.c's opener,
 * which shares only the `o_*` fields of a connection, under the pool's
 * mutex, and wakes the I/O thread through an eventfd when it has opened
 * (or failed to open) one.
 */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "authd_conf.h"
#include "bind_pool_int.h"
#include "clock.h"
#include "ldap_conn.h"
#include "ldap_servers.h"
#include "log.h"
#include "stats.h"
#include "xalloc.h"

/* Binds waiting for a connection, per connection, before new ones go to the workers. */
#define WAIT_PER_CONN 64

static void
req_done(struct bind_req **rp, const struct bind_outcome *o)
{
	struct bind_req *r = *rp;

	*rp = NULL;
	r->done(r->arg, o);
	xfree(&r->dn);
	xfree(&r);
}

static void
req_fallback(struct bind_req **rp)
{
	struct bind_outcome o;

	memset(&o, 0, sizeof(o));
	o.fallback = 1;
	o.r = PST_TEMPFAIL;
	req_done(rp, &o);
}

/* conn_close - forget the connection; its bind (if any) goes back to the caller */
void
bind_conn_close(struct bind_conn *c)
{
	if (c->ld != NULL) {
		epoll_ctl(c->pool->epfd, EPOLL_CTL_DEL, c->fd, NULL);
		ldap_conn_close(&c->ld);
	}
	c->fd = -1;
	c->state = BC_CLOSED;
	c->fresh = 0;
	if (c->req != NULL)
		req_fallback(&c->req);
	search_conn_drop(c);
}

void
bind_conn_failed(struct bind_conn *c, int rc)
{
	struct bind_pool *p = c->pool;
	int64_t now = clock_now_ms();

	stats_inc(ST_LDAP_ERRORS);
	ldap_servers_count(p->servers, c->epoch, c->server, 1);
	if (c->req != NULL || c->nops > 0)
		log_warn("LDAP %s operation failed: %s", c->search ? "search" : "bind",
		         ldap_err2string(rc));
	if (pst_ldap_server_failure(rc, c->fresh))
		ldap_servers_report(p->servers, c->epoch, c->server, 0, now);
	bind_conn_close(c);
}

/* conn_start - send r's bind on the idle connection c */
static void
conn_start(struct bind_conn *c, struct bind_req *r, const struct authd_conf *conf)
{
	int rc = LDAP_OTHER;
	enum pst_result res;

	c->req = r;
	res = ldap_conn_bind_start(c->ld, r->dn, r->pw, &c->msgid, &rc);
	if (res == PST_OK) {
		c->state = BC_BUSY;
		c->deadline_ms =
		        clock_now_ms() + (conf->ldap.timeout > 0 ? conf->ldap.timeout : 5) * 1000;
		return;
	}
	if (res == PST_PERMFAIL) {
		/* Refused before any traffic (an empty password): an answer. */
		struct bind_outcome o;

		memset(&o, 0, sizeof(o));
		o.r = res;
		o.rc = rc;
		o.pp.expire_in = -1;
		o.pp.grace = -1;
		req_done(&c->req, &o);
		return;
	}
	bind_conn_failed(c, rc);
}

/* bind_deadline - when a bind sent now times out */
static int64_t
bind_deadline(const struct authd_conf *conf)
{
	return clock_now_ms() + (conf->ldap.timeout > 0 ? conf->ldap.timeout : 5) * 1000;
}

/*
 * conn_probe - an anonymous bind on a fresh connection that no request
 * is waiting for. The opener's ldap_servers_pick() may have handed its
 * server out as the one probe of a failed server, and the workers may try
 * that server only once the probe is settled: this answer settles it
 * (any answer means the server is alive; it changes nothing for the next
 * user bind, which sets its own identity).
 */
static void
conn_probe(struct bind_conn *c, const struct authd_conf *conf)
{
	struct berval none = {0, NULL};

	if (ldap_sasl_bind(c->ld, "", LDAP_SASL_SIMPLE, &none, NULL, NULL, &c->msgid) !=
	    LDAP_SUCCESS) {
		bind_conn_failed(c, LDAP_SERVER_DOWN);
		return;
	}
	c->state = BC_BUSY;
	c->deadline_ms = bind_deadline(conf);
}

/*
 * conn_usable - 1 if the idle connection c may still be used (failback,
 * reload). A fresh connection may be the probe of a failed server, which
 * ldap_servers_pick() handed out on the promise of a report: it is used,
 * so that its first answer (or failure) is that report.
 */
static int
conn_usable(struct bind_conn *c, const struct authd_conf *conf, int64_t now)
{
	if (c->fresh)
		return 1;
	return c->gen == conf->generation &&
	       ldap_servers_keep(c->pool->servers, c->epoch, c->server, now);
}

/* conn_idle_gone - the server closed an idle connection; a fresh one failed its probe */
static void
conn_idle_gone(struct bind_conn *c)
{
	if (c->fresh) {
		bind_conn_failed(c, LDAP_SERVER_DOWN);
		return;
	}
	bind_conn_close(c);
	c->retry_ms = 0;
}

/*
 * pool_tend - close idle connections that must go, ask the opener for the
 * closed ones whose retry time has come, and start waiting binds on idle
 * connections. Returns how many connections are open or being opened.
 */
static int
pool_tend(struct bind_pool *p, const struct authd_conf *conf)
{
	int64_t now = clock_now_ms();
	int i, alive = 0, want = 0;

	for (i = 0; i < p->n; i++) {
		struct bind_conn *c = &p->c[i];

		/* Checked before use, so failback moves connections as they are needed. */
		if (c->state == BC_IDLE && p->wait_head != NULL && !conn_usable(c, conf, now)) {
			bind_conn_close(c);
			c->retry_ms = 0;
		}
		if (c->state == BC_CLOSED && now >= c->retry_ms) {
			c->state = BC_OPENING;
			want = 1;
		}
		while (c->state == BC_IDLE && p->wait_head != NULL) {
			struct bind_req *r = p->wait_head;

			p->wait_head = r->next;
			if (p->wait_head == NULL)
				p->wait_tail = &p->wait_head;
			p->waiting--;
			conn_start(c, r, conf);
		}
		if (c->state == BC_IDLE && c->fresh)
			conn_probe(c, conf);
		if (c->state != BC_CLOSED)
			alive++;
	}
	if (want)
		bind_open_wake(p);
	return alive;
}

/* pool_fail_waiting - no connection can serve: the waiting binds go to the workers */
static void
pool_fail_waiting(struct bind_pool *p)
{
	struct bind_req *r;

	while ((r = p->wait_head) != NULL) {
		p->wait_head = r->next;
		p->waiting--;
		req_fallback(&r);
	}
	p->wait_tail = &p->wait_head;
}

/* pool_run - tend the pool; with no connection left, release the waiting binds */
static void
pool_run(struct bind_pool *p)
{
	struct authd_conf *conf = authd_conf_get();

	if (pool_tend(p, conf) == 0)
		pool_fail_waiting(p);
	authd_conf_put(&conf);
}

int
bind_pool_submit(struct bind_pool *p, const struct authd_conf *conf, const char *dn,
                 const struct secret *pw, bind_done_fn done, void *arg)
{
	struct bind_req *r;

	if (pool_tend(p, conf) == 0 || p->waiting >= (size_t)p->n * WAIT_PER_CONN)
		return -1;
	r = xcalloc(1, sizeof(*r));
	r->dn = xstrdup(dn);
	r->pw = pw;
	r->done = done;
	r->arg = arg;
	r->deadline_ms = clock_now_ms() + (conf->ldap.timeout > 0 ? conf->ldap.timeout : 5) * 1000;
	*p->wait_tail = r;
	p->wait_tail = &r->next;
	p->waiting++;
	/* Started now if a connection is idle; done is only ever called later. */
	(void)pool_tend(p, conf);
	return 0;
}

/* conn_answer - the bind's result message arrived */
static void
conn_answer(struct bind_conn *c, LDAPMessage *res)
{
	struct bind_pool *p = c->pool;
	struct bind_outcome o;
	LDAPControl **ctrls = NULL;

	memset(&o, 0, sizeof(o));
	o.pp.expire_in = -1;
	o.pp.grace = -1;
	o.r = ldap_conn_bind_finish(c->ld, res, &o.rc, &ctrls);
	ppolicy_parse(c->ld, ctrls, &o.pp);
	if (ctrls != NULL)
		ldap_controls_free(ctrls);
	/* A probe's refusal (anonymous binds not allowed) is still an answer. */
	if (o.r == PST_TEMPFAIL && (c->req != NULL || pst_ldap_server_failure(o.rc, 0))) {
		bind_conn_failed(c, o.rc);
		return;
	}
	ldap_servers_count(p->servers, c->epoch, c->server, 0);
	if (c->fresh)
		ldap_servers_report(p->servers, c->epoch, c->server, 1, clock_now_ms());
	c->fresh = 0;
	c->state = BC_IDLE;
	/* A probe (conn_probe) has no request. */
	if (c->req != NULL)
		req_done(&c->req, &o);
}

/* conn_readable - read every complete message; the bind's result answers its request */
static void
conn_readable(struct bind_conn *c)
{
	struct timeval zero = {0, 0};

	while (c->ld != NULL) {
		LDAPMessage *res = NULL;
		int n = ldap_result(c->ld, LDAP_RES_ANY, LDAP_MSG_ALL, &zero, &res);

		if (n == 0)
			return;
		if (n < 0 || res == NULL) {
			int rc = LDAP_SERVER_DOWN;

			ldap_get_option(c->ld, LDAP_OPT_RESULT_CODE, &rc);
			if (res != NULL)
				ldap_msgfree(res);
			/* An idle connection the server closed is not a failure of the server. */
			if (c->state == BC_IDLE) {
				conn_idle_gone(c);
				return;
			}
			bind_conn_failed(c, rc == LDAP_SUCCESS ? LDAP_SERVER_DOWN : rc);
			return;
		}
		if (c->state == BC_BUSY && n == LDAP_RES_BIND && ldap_msgid(res) == c->msgid) {
			conn_answer(c, res);
			/* One bind in flight: more is read only if libldap holds more already. */
			return;
		}
		/* A notice of disconnection or a stray message: the connection is spent. */
		ldap_msgfree(res);
		if (c->state == BC_IDLE) {
			conn_idle_gone(c);
		} else {
			bind_conn_failed(c, LDAP_SERVER_DOWN);
		}
		return;
	}
}

int
bind_pool_event(struct bind_pool *p, void *ptr)
{
	struct bind_conn *c = ptr;

	if (p == NULL)
		return 0;
	if (ptr == &p->wake_mark) {
		bind_open_collect(p);
		pool_run(p);
		search_pool_run(p);
		return 1;
	}
	if (c < p->c || c >= p->c + p->n + p->ns)
		return 0;
	if (c->search && c->state == BC_IDLE)
		search_conn_readable(c);
	else if (c->state == BC_BUSY || c->state == BC_IDLE)
		conn_readable(c);
	pool_run(p);
	return 1;
}

int64_t
bind_pool_next_deadline(struct bind_pool *p)
{
	int64_t t = -1;
	int i;

	if (p == NULL)
		return -1;
	for (i = 0; i < p->n; i++) {
		const struct bind_conn *c = &p->c[i];

		if (c->state == BC_BUSY && (t < 0 || c->deadline_ms < t))
			t = c->deadline_ms;
		if (c->state == BC_CLOSED && p->waiting > 0 && (t < 0 || c->retry_ms < t))
			t = c->retry_ms;
	}
	if (p->wait_head != NULL && (t < 0 || p->wait_head->deadline_ms < t))
		t = p->wait_head->deadline_ms;
	return search_pool_deadline(p, t);
}

void
bind_pool_expire(struct bind_pool *p, int64_t now)
{
	int i, due = 0;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		struct bind_conn *c = &p->c[i];

		if (c->state == BC_BUSY && c->deadline_ms <= now) {
			ldap_abandon_ext(c->ld, c->msgid, NULL, NULL);
			bind_conn_failed(c, LDAP_TIMEOUT);
			due = 1;
		} else if (c->state == BC_CLOSED && p->waiting > 0 && c->retry_ms <= now) {
			due = 1;
		}
	}
	/* Waited the whole time-out for a connection: the workers' path decides. */
	while (p->wait_head != NULL && p->wait_head->deadline_ms <= now) {
		struct bind_req *r = p->wait_head;

		p->wait_head = r->next;
		if (p->wait_head == NULL)
			p->wait_tail = &p->wait_head;
		p->waiting--;
		req_fallback(&r);
		due = 1;
	}
	search_pool_expire(p, now);
	if (due)
		pool_run(p);
}

void
bind_pool_release(struct bind_pool *p)
{
	int i;

	for (i = 0; i < p->n + p->ns; i++)
		bind_conn_close(&p->c[i]);
	pool_fail_waiting(p);
	search_pool_fail_waiting(p);
}
