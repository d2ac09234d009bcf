/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bind_pool_int.h: what bind_pool.c and search_pool.c (the I/O thread's
 * side) and bind_open.c (the opener thread and the pool's life cycle)
 * share.
 */
#ifndef AUTHD_BIND_POOL_INT_H
#define AUTHD_BIND_POOL_INT_H

#include <ldap.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "bind_pool.h"

struct bind_req {
	char *dn;
	const struct secret *pw;
	bind_done_fn done;
	void *arg;
	int64_t deadline_ms; /* of the wait for a connection */
	struct bind_req *next;
};

/* One search in flight on a search connection. */
struct search_op {
	struct account_search *as;
	const struct authd_conf *conf; /* the submitter's, held until done */
	search_done_fn done;
	void *arg;
	int msgid;
	int64_t deadline_ms;
	int n;              /* entries so far */
	LDAPMessage *first; /* the first of them */
	struct search_op *next;
};

enum bind_conn_state {
	BC_CLOSED = 0, /* no connection; opened again from retry_ms on */
	BC_OPENING,    /* the opener is at it */
	BC_IDLE,       /* open, nothing in flight (a search connection: searches may be) */
	BC_BUSY,       /* one bind in flight */
};

struct bind_conn {
	struct bind_pool *pool;
	enum bind_conn_state state;
	LDAP *ld;
	int fd;
	int server;     /* index in the server list */
	unsigned epoch; /* of the server list */
	unsigned gen;   /* configuration generation it was opened with */
	int fresh;      /* opened, no bind answered yet */
	int msgid;
	struct bind_req *req; /* in flight */
	int64_t deadline_ms;  /* of the bind in flight */
	int64_t retry_ms;     /* closed: open again from then on */
	int search;           /* a search connection: bound as the service, ops in flight */
	struct search_op *ops;
	int nops;
	/* Shared with the opener, under pool->lock. */
	int o_want, o_done, o_asked;
	LDAP *o_ld;
	int o_server;
	unsigned o_epoch, o_gen;
};

struct bind_pool {
	struct bind_conn *c; /* n bind connections, then ns search connections */
	int n, ns;
	int epfd;       /* the I/O thread's epoll set */
	int wakefd;     /* eventfd: the opener has news */
	char wake_mark; /* epoll data of wakefd */
	struct ldap_servers *servers;
	struct bind_req *wait_head, **wait_tail;
	size_t waiting;
	struct search_op *swait_head, **swait_tail; /* searches waiting for a connection */
	int swaiting;
	pthread_t opener;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stop;
};

/* bind_open_wake - hand every BC_OPENING connection not yet asked for to the opener */
void bind_open_wake(struct bind_pool *p);
/* bind_open_collect - take the opener's results into the connections */
void bind_open_collect(struct bind_pool *p);
/* bind_conn_close - close c; a bind or searches in flight are handed back (fallback) */
void bind_conn_close(struct bind_conn *c);
/* bind_conn_failed - c gave no answer (LDAP code rc): count, report to failover, close */
void bind_conn_failed(struct bind_conn *c, int rc);
/* search_conn_drop - hand every search in flight on c back (fallback) */
void search_conn_drop(struct bind_conn *c);
/* search_conn_readable - read what arrived on c and answer the searches it completes */
void search_conn_readable(struct bind_conn *c);
/* search_pool_run - start the searches waiting for a connection, or hand them back */
void search_pool_run(struct bind_pool *p);
/* search_pool_fail_waiting - hand back every search waiting for a connection */
void search_pool_fail_waiting(struct bind_pool *p);
/* search_pool_deadline, search_pool_expire - the searches' time-outs */
int64_t search_pool_deadline(struct bind_pool *p, int64_t t);
void search_pool_expire(struct bind_pool *p, int64_t now);
/* bind_pool_release - close every connection, hand back every bind (fallback) */
void bind_pool_release(struct bind_pool *p);

#endif
