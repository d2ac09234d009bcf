/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bind_pool.h: user binds driven from the I/O thread's event loop.
 *
 * A fixed set of LDAP connections, each with at most one bind in flight:
 * the bind is sent with libldap's asynchronous call, the connection's
 * socket waits in the I/O thread's epoll set, and the result is read with
 * a zero time-out when it is readable. A request waiting for its bind
 * holds no thread; binds beyond the connections wait in a FIFO.
 *
 * Connecting may block (TCP connect, StartTLS), so connections are opened
 * by one helper thread, with the same failover and failback as the
 * workers' (ldap_servers). Anything that is not an answer from the
 * directory (a time-out, a dead connection, no connection at all) is
 * handed back with `fallback` set: the caller then takes the workers'
 * path, which retries on a fresh connection and fails over. So the pool
 * only ever speeds up an answer; it never makes one up.
 */
#ifndef AUTHD_BIND_POOL_H
#define AUTHD_BIND_POOL_H

#include <stdint.h>

#include "ppolicy.h"
#include "result.h"

struct authd_conf;
struct bind_pool;
struct ldap_servers;
struct secret;

struct bind_outcome {
	int fallback;           /* no answer: take the workers' path */
	enum pst_result r;      /* the bind's three-way result (when !fallback) */
	int rc;                 /* its LDAP code */
	struct ppolicy_info pp; /* its password policy response */
};

/* Called on the I/O thread, once per submitted bind. */
typedef void (*bind_done_fn)(void *arg, const struct bind_outcome *o);

/* bind_pool_new - n connections whose sockets go into epfd (the I/O thread's) */
struct bind_pool *bind_pool_new(struct ldap_servers *servers, int epfd, int n);
/* bind_pool_free - stop the opener, hand back every pending bind (fallback), close */
void bind_pool_free(struct bind_pool **pp);

/*
 * bind_pool_submit - bind as dn with pw (both must live until done is
 * called). 0 when taken: done is called once, later or (when the bind
 * cannot even be sent) before this returns; -1 when the pool cannot take
 * it now (no usable connection, queue full):
 * the caller takes the workers' path itself.
 */
int bind_pool_submit(struct bind_pool *p, const struct authd_conf *conf, const char *dn,
                     const struct secret *pw, bind_done_fn done, void *arg);

/*
 * The pool's search connection(s): bound as the service account, many
 * account searches in flight at once, each answered by its message id.
 */
struct search_outcome {
	int fallback;      /* no answer from the directory: take the workers' path */
	enum pst_result r; /* account_search_judge's result (when !fallback) */
	char *err;         /* its explanation, xmalloc'd: the callee takes it */
};
struct account_search;
typedef void (*search_done_fn)(void *arg, struct search_outcome *o);
/*
 * search_pool_submit - send the search as (which, with conf, must live
 * until done is called); its result is judged by account_search_judge
 * into as. 0 when sent: done is called once, later; -1 when it cannot be
 * sent now (no open search connection, too many in flight).
 */
int search_pool_submit(struct bind_pool *p, const struct authd_conf *conf,
                       struct account_search *as, search_done_fn done, void *arg);

/* What the I/O thread does with a search's answer. */
enum search_action {
	SA_ANSWER = 0,  /* an answer from the directory: the caller goes on */
	SA_FALLBACK,    /* not one (r TEMPFAIL, a referral): the workers' path */
	SA_CONN_FAILED, /* the server's trouble (busy, unavailable...): that, and the connection
	                   closes */
};
/* search_answer_action - for account_search_judge's result r on the search's result code rc */
enum search_action search_answer_action(enum pst_result r, int rc);

/* bind_pool_event - handle an epoll event whose data.ptr is ptr; 0 if ptr is not the pool's */
int bind_pool_event(struct bind_pool *p, void *ptr);
/* bind_pool_next_deadline - the earliest time-out in ms (clock_now_ms), or -1 */
int64_t bind_pool_next_deadline(struct bind_pool *p);
/* bind_pool_expire - time out binds and waits due by now */
void bind_pool_expire(struct bind_pool *p, int64_t now);

#endif
