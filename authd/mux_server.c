/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mux_server.c: accept + epoll loop for the saslauthd socket.
 *
 * Deadlines live on two lists kept in deadline order without sorting: the
 * read deadline is the accept time plus a constant, so accept order is
 * deadline order; the 5th-field wait is a constant from the moment the 4th
 * field arrived, so arrival order is deadline order.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth_ctx.h"
#include "auth_job.h"
#include "auth_pipeline.h"
#include "auth_respond.h"
#include "authd_conf.h"
#include "bind_pool.h"
#include "clock.h"
#include "log.h"
#include "mux_conn.h"
#include "mux_server.h"
#include "secret.h"
#include "stats.h"
#include "work_queue.h"
#include "xalloc.h"

/* A connection silent this long may be closed to make room for a new one. */
#define IDLE_EVICT_MS 100

struct client {
	int fd;
	int in_epoll;
	int64_t accepted_ms;
	struct mux_conn_state st;
	size_t len;
	int eof;
	int in_field5;
	TAILQ_ENTRY(client) reading;
	TAILQ_ENTRY(client) field5;
	uint8_t *buf; /* MUX_CONN_BUF bytes, once a request arrives in pieces */
};

TAILQ_HEAD(client_list, client);

struct mux_server {
	pthread_t thread;
	int lfd, epfd, evfd;
	struct work_queue *queue;
	struct authd_runtime *rt;
	struct bind_pool *binds;       /* user binds driven from this loop (NULL: off) */
	uint8_t scratch[MUX_CONN_BUF]; /* the first read of every connection */
	struct client_list reading, field5;
	int accepting;
	atomic_int stop;
};

static atomic_int open_connections;
static atomic_int accept_paused;
static int wake_fd = -1;

/* Markers for the epoll data of the two non-client descriptors. */
static char listen_mark, event_mark;

int
mux_server_connections(void)
{
	return atomic_load(&open_connections);
}

/* connection_closed - a job's socket was closed by a worker: a slot is free */
static void
connection_closed(void)
{
	atomic_fetch_sub(&open_connections, 1);
	if (atomic_load(&accept_paused) && wake_fd >= 0) {
		uint64_t one = 1;
		ssize_t w = write(wake_fd, &one, sizeof(one));

		(void)w;
	}
}

/* client_forget - off the lists; off epoll too unless the socket is about to close */
static void
client_forget(struct mux_server *m, struct client *c, int closing)
{
	if (c->in_epoll && !closing)
		epoll_ctl(m->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	TAILQ_REMOVE(&m->reading, c, reading);
	if (c->in_field5)
		TAILQ_REMOVE(&m->field5, c, field5);
	/* The buffer held the password. */
	if (c->buf != NULL) {
		secret_wipe(c->buf, c->len);
		xfree(&c->buf);
	}
}

/* client_close - close a client the I/O thread gives up on */
static void
client_close(struct mux_server *m, struct client **cp)
{
	struct client *c = *cp;

	client_forget(m, c, 1);
	close(c->fd);
	atomic_fetch_sub(&open_connections, 1);
	xfree(cp);
}

static void
client_refuse(struct mux_server *m, struct client **cp, const char *why)
{
	struct client *c = *cp;
	struct auth_job *job;
	struct auth_outcome out = {PST_PERMFAIL, why, NULL, CACHE_OFF};
	struct authd_conf *conf = authd_conf_get();

	client_forget(m, c, 1);
	job = auth_job_refused(c->fd, c->accepted_ms, why);
	stats_inc(ST_BAD_REQUEST);
	auth_respond(job, &out, conf);
	auth_job_free(&job);
	authd_conf_put(&conf);
	xfree(cp);
}

static void
client_dispatch(struct mux_server *m, struct client **cp, const struct mux_request *req)
{
	struct client *c = *cp;
	struct auth_job *job = auth_job_from_request(c->fd, c->accepted_ms, req);
	int in_epoll = c->in_epoll;

	/* req points into the buffer: the job has its copies now. */
	client_forget(m, c, 1);
	xfree(cp);
	/*
	 * The job owns the socket now, and a worker or the delay queue may
	 * take it: no more events for it here (most requests come whole in
	 * the first read and were never watched).
	 */
	if (in_epoll)
		epoll_ctl(m->epfd, EPOLL_CTL_DEL, job->fd, NULL);
	job->io_thread = 1;
	if (auth_pipeline_front(m->rt, job) != PIPELINE_CONTINUE)
		return;
	job->io_thread = 0;
	work_queue_push(m->queue, job);
}

/*
 * client_step - run the state machine on bytes (the client's buffer, or
 * the scratch buffer on a first read) and act on its decision. 1 while the
 * client is still waiting for more; 0 when it is gone (answered, handed
 * over or closed).
 */
static int
client_step_on(struct mux_server *m, struct client *c, const uint8_t *bytes, int64_t now,
               long field5_wait)
{
	struct mux_request req;
	const char *why = NULL;
	int64_t wake;

	switch (mux_conn_step(&c->st, bytes, c->len, c->eof, now, field5_wait, &req, &why, &wake)) {
	case MUX_CONN_WAIT:
		if (c->st.field5_deadline_ms != 0 && !c->in_field5) {
			TAILQ_INSERT_TAIL(&m->field5, c, field5);
			c->in_field5 = 1;
		}
		return 1;
	case MUX_CONN_DISPATCH:
		client_dispatch(m, &c, &req);
		break;
	case MUX_CONN_REFUSE:
		client_refuse(m, &c, why);
		break;
	case MUX_CONN_DROP:
		if (why != NULL && strcmp(why, "read time-out") == 0) {
			stats_inc(ST_CLIENT_TIMEOUT);
			log_info("client dropped: %s", why);
		} else {
			log_debug("client dropped: %s", why != NULL ? why : "");
		}
		client_close(m, &c);
		break;
	}
	return 0;
}

static int
client_step(struct mux_server *m, struct client *c, int64_t now, long field5_wait)
{
	static const uint8_t none[1];

	return client_step_on(m, c, c->buf != NULL ? c->buf : none, now, field5_wait);
}

/* client_recv - one read into to[have..cap); 1 when bytes came (EOF and errors set eof) */
static int
client_recv(struct client *c, uint8_t *to, size_t cap)
{
	for (;;) {
		ssize_t n = recv(c->fd, to + c->len, cap - c->len, 0);

		if (n > 0) {
			c->len += (size_t)n;
			return 1;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
			c->eof = 1;
		return 0;
	}
}

/*
 * client_read - read what is there and step; 1 while the client still waits
 * for more of its request. A request that comes whole in the first read is
 * parsed from the scratch buffer and never copied; only a request in
 * pieces gets a buffer of its own.
 */
static int
client_read(struct mux_server *m, struct client *c, int64_t now, long field5_wait)
{
	int got = 0, alive;

	if (c->buf == NULL) {
		size_t n;

		if (!client_recv(c, m->scratch, sizeof(m->scratch)))
			return c->eof ? client_step(m, c, now, field5_wait) : 1;
		n = c->len;

		mux_conn_note_read(&c->st);
		alive = client_step_on(m, c, m->scratch, now, field5_wait);
		if (alive) {
			c->buf = xmalloc(MUX_CONN_BUF);
			memcpy(c->buf, m->scratch, n);
		}
		/* The scratch buffer held a password (c may be gone: n, not c->len). */
		secret_wipe(m->scratch, n);
		if (!alive)
			return 0;
	}
	/* A request in pieces: read what else is there before stepping again. */
	while (c->len < MUX_CONN_BUF && client_recv(c, c->buf, MUX_CONN_BUF))
		got = 1;
	if (got)
		mux_conn_note_read(&c->st);
	if (got || c->eof)
		return client_step(m, c, now, field5_wait);
	return 1;
}

/* client_watch - let epoll tell when more of c's request arrives */
static int
client_watch(struct mux_server *m, struct client *c)
{
	struct epoll_event ev;

	ev.events = EPOLLIN | EPOLLRDHUP;
	ev.data.ptr = c;
	if (epoll_ctl(m->epfd, EPOLL_CTL_ADD, c->fd, &ev) != 0)
		return -1;
	c->in_epoll = 1;
	return 0;
}

/* evict_idle - close the oldest connection silent for IDLE_EVICT_MS; 1 if one went */
static int
evict_idle(struct mux_server *m, int64_t now)
{
	struct client *c = TAILQ_FIRST(&m->reading);

	if (c == NULL || c->len != 0 || now - c->accepted_ms < IDLE_EVICT_MS)
		return 0;
	stats_inc(ST_CLIENT_TIMEOUT);
	log_debug("client dropped: idle at the connection limit");
	client_close(m, &c);
	return 1;
}

/* pause_accepting - leave the listen queue alone until a slot frees up */
static void
pause_accepting(struct mux_server *m)
{
	struct epoll_event ev;

	atomic_store(&accept_paused, 1);
	ev.events = 0;
	ev.data.ptr = &listen_mark;
	epoll_ctl(m->epfd, EPOLL_CTL_MOD, m->lfd, &ev);
	m->accepting = 0;
}

/*
 * accept_clients - take every waiting connection. At the connection limit
 * with nobody idle to drop, a new connection is still taken and read once:
 * a client whose whole request is there is answered, one that has sent
 * nothing yet is closed. The listen queue is first in, first out, so
 * pausing instead would leave a real client behind every idle one queued
 * before it.
 */
static void
accept_clients(struct mux_server *m, long read_timeout, int max_conns, long field5_wait)
{
	for (;;) {
		struct client *c;
		int64_t now = clock_now_ms();
		int full = atomic_load(&open_connections) >= max_conns && !evict_idle(m, now);
		int fd;

		fd = accept4(m->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if ((errno == EMFILE || errno == ENFILE) && evict_idle(m, now))
				continue;
			if (errno == EMFILE || errno == ENFILE)
				pause_accepting(m);
			else if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("accept: %s", strerror(errno));
			return;
		}
		c = xcalloc(1, sizeof(*c));
		c->fd = fd;
		c->accepted_ms = now;
		mux_conn_begin(&c->st, c->accepted_ms, read_timeout);
		atomic_fetch_add(&open_connections, 1);
		TAILQ_INSERT_TAIL(&m->reading, c, reading);
		/* Most clients have written their request by now: read before waiting. */
		if (!client_read(m, c, now, field5_wait))
			continue;
		if (full) {
			stats_inc(ST_CLIENT_TIMEOUT);
			log_debug("client dropped: no request yet at the connection limit");
			client_close(m, &c);
		} else if (client_watch(m, c) != 0) {
			log_error("epoll_ctl: %s", strerror(errno));
			client_close(m, &c);
		}
	}
}

static void
resume_accepting(struct mux_server *m)
{
	struct epoll_event ev;

	if (m->accepting)
		return;
	atomic_store(&accept_paused, 0);
	ev.events = EPOLLIN;
	ev.data.ptr = &listen_mark;
	epoll_ctl(m->epfd, EPOLL_CTL_MOD, m->lfd, &ev);
	m->accepting = 1;
}

/* expire - step every client whose deadline has come */
static void
expire(struct mux_server *m, int64_t now, long field5_wait)
{
	struct client *c;

	while ((c = TAILQ_FIRST(&m->field5)) != NULL && c->st.field5_deadline_ms <= now)
		client_step(m, c, now, field5_wait);
	while ((c = TAILQ_FIRST(&m->reading)) != NULL && c->st.read_deadline_ms <= now)
		client_step(m, c, now, field5_wait);
}

static int
next_timeout(struct mux_server *m, int64_t now)
{
	int64_t t = bind_pool_next_deadline(m->binds);
	struct client *c;

	if ((c = TAILQ_FIRST(&m->field5)) != NULL && (t < 0 || c->st.field5_deadline_ms < t))
		t = c->st.field5_deadline_ms;
	if ((c = TAILQ_FIRST(&m->reading)) != NULL && (t < 0 || c->st.read_deadline_ms < t))
		t = c->st.read_deadline_ms;
	if (t < 0)
		return 1000;
	return t <= now ? 0 : (int)(t - now > 1000 ? 1000 : t - now);
}

static void *
mux_thread(void *arg)
{
	struct mux_server *m = arg;
	struct epoll_event evs[64];

	while (!atomic_load(&m->stop)) {
		struct authd_conf *conf = authd_conf_get();
		long read_timeout = conf->authd.read_timeout_ms;
		long field5_wait = conf->authd.field5_wait_ms;
		int max_conns = (int)conf->authd.max_connections;
		int i, n;
		int64_t now;

		authd_conf_put(&conf);
		n = epoll_wait(m->epfd, evs, 64, next_timeout(m, clock_now_ms()));
		now = clock_now_ms();
		for (i = 0; i < n; i++) {
			void *p = evs[i].data.ptr;

			if (p == &listen_mark) {
				accept_clients(m, read_timeout, max_conns, field5_wait);
			} else if (p == &event_mark) {
				uint64_t v;
				ssize_t r = read(m->evfd, &v, sizeof(v));

				(void)r;
				if (atomic_load(&open_connections) < max_conns)
					resume_accepting(m);
			} else if (!bind_pool_event(m->binds, p)) {
				(void)client_read(m, p, now, field5_wait);
			}
		}
		if (!m->accepting && atomic_load(&open_connections) < max_conns)
			resume_accepting(m);
		now = clock_now_ms();
		expire(m, now, field5_wait);
		bind_pool_expire(m->binds, now);
	}
	return NULL;
}

struct mux_server *
mux_server_start(int listen_fd, struct authd_runtime *rt)
{
	struct mux_server *m = xcalloc(1, sizeof(*m));
	struct authd_conf *conf;
	struct epoll_event ev;
	int rc;

	m->lfd = listen_fd;
	m->rt = rt;
	m->queue = rt->queue;
	TAILQ_INIT(&m->reading);
	TAILQ_INIT(&m->field5);
	m->epfd = epoll_create1(EPOLL_CLOEXEC);
	m->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (m->epfd < 0 || m->evfd < 0)
		log_fatal("epoll/eventfd: %s", strerror(errno));
	wake_fd = m->evfd;
	auth_job_set_close_hook(connection_closed);
	ev.events = EPOLLIN;
	ev.data.ptr = &listen_mark;
	if (epoll_ctl(m->epfd, EPOLL_CTL_ADD, m->lfd, &ev) != 0)
		log_fatal("epoll_ctl: %s", strerror(errno));
	ev.data.ptr = &event_mark;
	if (epoll_ctl(m->epfd, EPOLL_CTL_ADD, m->evfd, &ev) != 0)
		log_fatal("epoll_ctl: %s", strerror(errno));
	m->accepting = 1;
	conf = authd_conf_get();
	if (conf->authd.bind_connections > 0)
		m->binds = bind_pool_new(rt->servers, m->epfd, (int)conf->authd.bind_connections);
	authd_conf_put(&conf);
	rt->binds = m->binds;
	rc = pthread_create(&m->thread, NULL, mux_thread, m);
	if (rc != 0)
		log_fatal("cannot start the I/O thread: error %d", rc);
	return m;
}

void
mux_server_stop(struct mux_server **sp)
{
	struct mux_server *m = *sp;
	struct client *c;
	uint64_t one = 1;
	ssize_t w;

	*sp = NULL;
	if (m == NULL)
		return;
	atomic_store(&m->stop, 1);
	w = write(m->evfd, &one, sizeof(one));
	(void)w;
	pthread_join(m->thread, NULL);
	/* Binds in flight go to the workers, which are stopped after this. */
	m->rt->binds = NULL;
	bind_pool_free(&m->binds);
	while ((c = TAILQ_FIRST(&m->reading)) != NULL)
		client_close(m, &c);
	wake_fd = -1;
	close(m->evfd);
	close(m->epfd);
	xfree(&m);
}
