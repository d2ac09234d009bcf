/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bind_open.c: opening the bind pool's connections on a thread of their
 * own, because a TCP connect, StartTLS or a search connection's service
 * bind may block for the network time-out and the I/O thread must never
 * wait; and the pool's life cycle.
 */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "authd_conf.h"
#include "bind_pool_int.h"
#include "clock.h"
#include "ldap_conn.h"
#include "ldap_servers.h"
#include "log.h"
#include "stats.h"
#include "xalloc.h"

/* Search connections, beside the bind ones: one carries many searches at once. */
#define SEARCH_CONNS 1

/*
 * open_one - connect to the first server that may be tried, as ldap_pool.c
 * does for a worker's connection (bound as the service for a search
 * connection); NULL when none answered.
 */
static LDAP *
open_one(struct bind_pool *p, const struct authd_conf *conf, int search, int *server_r,
         unsigned *epoch_r)
{
	int tries;

	for (tries = 0; tries < conf->nuris + 1; tries++) {
		char *uri = NULL, *err = NULL;
		unsigned epoch;
		int idx = ldap_servers_pick(p->servers, clock_now_ms(), &uri, &epoch);
		LDAP *ld = NULL;
		enum pst_result r;

		if (idx < 0)
			return NULL;
		r = ldap_conn_open(&conf->ldap, uri, &ld, &err);
		if (r == PST_OK && search)
			r = ldap_conn_bind_service(ld, &conf->ldap, &err);
		if (r == PST_OK) {
			/* A search connection has answered its service bind already. */
			if (search)
				ldap_servers_report(p->servers, epoch, idx, 1, clock_now_ms());
			*server_r = idx;
			*epoch_r = epoch;
			xfree(&uri);
			return ld;
		}
		ldap_conn_close(&ld);
		stats_inc(ST_LDAP_ERRORS);
		ldap_servers_count(p->servers, epoch, idx, 1);
		if (r == PST_PERMFAIL && search) {
			/* A refused service bind: configuration, which failover cannot fix. */
			ldap_servers_report(p->servers, epoch, idx, 1, clock_now_ms());
			log_error("%s", err != NULL ? err : uri);
			xfree(&err);
			xfree(&uri);
			return NULL;
		}
		ldap_servers_report(p->servers, epoch, idx, 0, clock_now_ms());
		log_warn("directory server %s failed: %s", uri,
		         err != NULL ? err : "unknown error");
		xfree(&err);
		xfree(&uri);
	}
	return NULL;
}

/*
 * make_nonblocking - the I/O thread reads with a zero time-out and must
 * never block. Without TLS, a read-ahead layer also lets a bind's result
 * come in one read() instead of two (header, then body).
 */
static int
make_nonblocking(LDAP *ld)
{
	Sockbuf *sb = NULL;

	if (ldap_get_option(ld, LDAP_OPT_SOCKBUF, &sb) != LDAP_OPT_SUCCESS || sb == NULL)
		return -1;
	if (ber_sockbuf_ctrl(sb, LBER_SB_OPT_SET_NONBLOCK, (void *)1) != 1)
		return -1;
	if (!ldap_tls_inplace(ld) &&
	    ber_sockbuf_add_io(sb, &ber_sockbuf_io_readahead, LBER_SBIOD_LEVEL_PROVIDER, NULL) != 0)
		return -1;
	return 0;
}

static void *
opener_main(void *arg)
{
	struct bind_pool *p = arg;
	uint64_t one = 1;

	pthread_mutex_lock(&p->lock);
	while (!p->stop) {
		struct authd_conf *conf;
		struct bind_conn *c = NULL;
		LDAP *ld;
		int i, server = -1;
		unsigned epoch = 0;
		ssize_t w;

		for (i = 0; i < p->n + p->ns && c == NULL; i++)
			if (p->c[i].o_want)
				c = &p->c[i];
		if (c == NULL) {
			pthread_cond_wait(&p->cond, &p->lock);
			continue;
		}
		c->o_want = 0;
		pthread_mutex_unlock(&p->lock);
		conf = authd_conf_get();
		ld = open_one(p, conf, c->search, &server, &epoch);
		if (ld != NULL && make_nonblocking(ld) != 0) {
			log_warn("cannot make an LDAP connection non-blocking");
			ldap_conn_close(&ld);
		}
		pthread_mutex_lock(&p->lock);
		c->o_ld = ld;
		c->o_server = server;
		c->o_epoch = epoch;
		c->o_gen = conf->generation;
		c->o_done = 1;
		authd_conf_put(&conf);
		w = write(p->wakefd, &one, sizeof(one));
		(void)w;
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

void
bind_open_wake(struct bind_pool *p)
{
	int i, any = 0;

	pthread_mutex_lock(&p->lock);
	for (i = 0; i < p->n + p->ns; i++) {
		struct bind_conn *c = &p->c[i];

		if (c->state == BC_OPENING && !c->o_want && !c->o_done && !c->o_asked) {
			c->o_want = 1;
			c->o_asked = 1;
			any = 1;
		}
	}
	if (any)
		pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

/* conn_install - put an opened connection into the epoll set */
static void
conn_install(struct bind_conn *c, LDAP *ld, int server, unsigned epoch, unsigned gen)
{
	struct epoll_event ev;
	int fd = -1;

	c->ld = ld;
	c->server = server;
	c->epoch = epoch;
	c->gen = gen;
	if (ldap_get_option(ld, LDAP_OPT_DESC, &fd) == LDAP_OPT_SUCCESS && fd >= 0) {
		ev.events = EPOLLIN;
		ev.data.ptr = c;
		if (epoll_ctl(c->pool->epfd, EPOLL_CTL_ADD, fd, &ev) == 0) {
			c->fd = fd;
			/* A search connection's service bind was its first answer. */
			c->fresh = !c->search;
			c->state = BC_IDLE;
			return;
		}
	}
	log_warn("cannot watch an LDAP connection: %s", strerror(errno));
	/* ldap_servers_pick() may have handed it out as a probe: settle that. */
	ldap_servers_report(c->pool->servers, epoch, server, 0, clock_now_ms());
	ldap_conn_close(&c->ld);
	c->state = BC_CLOSED;
	c->retry_ms = clock_now_ms() + LDAP_SERVERS_RETRY_MS;
}

void
bind_open_collect(struct bind_pool *p)
{
	uint64_t v;
	ssize_t r = read(p->wakefd, &v, sizeof(v));
	int i;

	(void)r;
	pthread_mutex_lock(&p->lock);
	for (i = 0; i < p->n + p->ns; i++) {
		struct bind_conn *c = &p->c[i];
		LDAP *ld = c->o_ld;

		if (!c->o_done)
			continue;
		c->o_done = 0;
		c->o_asked = 0;
		c->o_ld = NULL;
		if (ld != NULL) {
			conn_install(c, ld, c->o_server, c->o_epoch, c->o_gen);
		} else {
			c->state = BC_CLOSED;
			c->retry_ms = clock_now_ms() + LDAP_SERVERS_RETRY_MS;
		}
	}
	pthread_mutex_unlock(&p->lock);
}

struct bind_pool *
bind_pool_new(struct ldap_servers *servers, int epfd, int n)
{
	struct bind_pool *p = xcalloc(1, sizeof(*p));
	struct epoll_event ev;
	int i, rc;

	p->c = xcalloc((size_t)n + SEARCH_CONNS, sizeof(*p->c));
	p->n = n;
	p->ns = SEARCH_CONNS;
	p->epfd = epfd;
	p->servers = servers;
	p->wait_tail = &p->wait_head;
	p->swait_tail = &p->swait_head;
	for (i = 0; i < n + p->ns; i++) {
		p->c[i].pool = p;
		p->c[i].fd = -1;
		p->c[i].search = i >= n;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	p->wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (p->wakefd < 0)
		log_fatal("eventfd: %s", strerror(errno));
	ev.events = EPOLLIN;
	ev.data.ptr = &p->wake_mark;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, p->wakefd, &ev) != 0)
		log_fatal("epoll_ctl: %s", strerror(errno));
	rc = pthread_create(&p->opener, NULL, opener_main, p);
	if (rc != 0)
		log_fatal("cannot start the LDAP opener thread: error %d", rc);
	return p;
}

void
bind_pool_free(struct bind_pool **pp)
{
	struct bind_pool *p = *pp;
	int i;

	*pp = NULL;
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->opener, NULL);
	for (i = 0; i < p->n + p->ns; i++)
		ldap_conn_close(&p->c[i].o_ld);
	bind_pool_release(p);
	epoll_ctl(p->epfd, EPOLL_CTL_DEL, p->wakefd, NULL);
	close(p->wakefd);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	xfree(&p->c);
	xfree(&p);
}
