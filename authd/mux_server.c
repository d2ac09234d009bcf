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

#include "auth_job.h"
#include "auth_respond.h"
#include "authd_conf.h"
#include "clock.h"
#include "log.h"
#include "mux_conn.h"
#include "mux_server.h"
#include "secret.h"
#include "stats.h"
#include "work_queue.h"
#include "xalloc.h"

struct client {
	int fd;
	int64_t accepted_ms;
	struct mux_conn_state st;
	size_t len;
	int eof;
	int in_field5;
	TAILQ_ENTRY(client) reading;
	TAILQ_ENTRY(client) field5;
	uint8_t buf[MUX_CONN_BUF];
};

TAILQ_HEAD(client_list, client);

struct mux_server {
	pthread_t thread;
	int lfd, epfd, evfd;
	struct work_queue *queue;
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

static void
client_forget(struct mux_server *m, struct client *c)
{
	epoll_ctl(m->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	TAILQ_REMOVE(&m->reading, c, reading);
	if (c->in_field5)
		TAILQ_REMOVE(&m->field5, c, field5);
	/* The buffer held the password. */
	secret_wipe(c->buf, c->len);
}

/* client_close - close a client the I/O thread gives up on */
static void
client_close(struct mux_server *m, struct client **cp)
{
	struct client *c = *cp;

	client_forget(m, c);
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

	client_forget(m, c);
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

	client_forget(m, c);
	xfree(cp);
	work_queue_push(m->queue, job);
}

/* client_step - run the state machine and act on its decision */
static void
client_step(struct mux_server *m, struct client *c, int64_t now, long field5_wait)
{
	struct mux_request req;
	const char *why = NULL;
	int64_t wake;

	switch (mux_conn_step(&c->st, c->buf, c->len, c->eof, now, field5_wait, &req, &why,
	                      &wake)) {
	case MUX_CONN_WAIT:
		if (c->st.field5_deadline_ms != 0 && !c->in_field5) {
			TAILQ_INSERT_TAIL(&m->field5, c, field5);
			c->in_field5 = 1;
		}
		break;
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
}

static void
client_read(struct mux_server *m, struct client *c, int64_t now, long field5_wait)
{
	size_t before = c->len;

	for (;;) {
		ssize_t n;

		if (c->len == sizeof(c->buf))
			break;
		n = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, 0);
		if (n > 0) {
			c->len += (size_t)n;
			continue;
		}
		if (n == 0) {
			c->eof = 1;
			break;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			c->eof = 1;
		break;
	}
	if (c->len > before)
		mux_conn_note_read(&c->st);
	client_step(m, c, now, field5_wait);
}

static void
accept_clients(struct mux_server *m, long read_timeout, int max_conns)
{
	for (;;) {
		struct epoll_event ev;
		struct client *c;
		int fd;

		if (atomic_load(&open_connections) >= max_conns) {
			/* Leave the rest in the listen queue until a slot frees up. */
			atomic_store(&accept_paused, 1);
			ev.events = 0;
			ev.data.ptr = &listen_mark;
			epoll_ctl(m->epfd, EPOLL_CTL_MOD, m->lfd, &ev);
			m->accepting = 0;
			return;
		}
		fd = accept4(m->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("accept: %s", strerror(errno));
			return;
		}
		c = xcalloc(1, sizeof(*c));
		c->fd = fd;
		c->accepted_ms = clock_now_ms();
		mux_conn_begin(&c->st, c->accepted_ms, read_timeout);
		ev.events = EPOLLIN | EPOLLRDHUP;
		ev.data.ptr = c;
		if (epoll_ctl(m->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
			log_error("epoll_ctl: %s", strerror(errno));
			close(fd);
			xfree(&c);
			continue;
		}
		atomic_fetch_add(&open_connections, 1);
		TAILQ_INSERT_TAIL(&m->reading, c, reading);
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
	int64_t t = -1;
	struct client *c;

	if ((c = TAILQ_FIRST(&m->field5)) != NULL)
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
				accept_clients(m, read_timeout, max_conns);
			} else if (p == &event_mark) {
				uint64_t v;
				ssize_t r = read(m->evfd, &v, sizeof(v));

				(void)r;
				if (atomic_load(&open_connections) < max_conns)
					resume_accepting(m);
			} else {
				client_read(m, p, now, field5_wait);
			}
		}
		if (!m->accepting && atomic_load(&open_connections) < max_conns)
			resume_accepting(m);
		expire(m, clock_now_ms(), field5_wait);
	}
	return NULL;
}

struct mux_server *
mux_server_start(int listen_fd, struct work_queue *q)
{
	struct mux_server *m = xcalloc(1, sizeof(*m));
	struct epoll_event ev;
	int rc;

	m->lfd = listen_fd;
	m->queue = q;
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
	while ((c = TAILQ_FIRST(&m->reading)) != NULL)
		client_close(m, &c);
	wake_fd = -1;
	close(m->evfd);
	close(m->epfd);
	xfree(&m);
}
