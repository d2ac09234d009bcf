/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ctl_server.c: one thread serving the control socket, one command per
 * connection, each connection bounded in time so a stuck client cannot
 * hold the socket.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth_cache.h"
#include "auth_ctx.h"
#include "buf.h"
#include "clock.h"
#include "ctl_proto.h"
#include "ctl_server.h"
#include "delay_queue.h"
#include "dn_cache.h"
#include "flush_guard.h"
#include "ldap_servers.h"
#include "replica_route.h"
#include "log.h"
#include "mux_server.h"
#include "stats.h"
#include "work_queue.h"
#include "xalloc.h"

/* A control client must send its line and take the reply within this. */
#define CTL_IO_MS 2000

struct ctl_server {
	pthread_t thread;
	int lfd, evfd;
	struct authd_runtime *rt;
	ctl_reload_fn reload;
	atomic_int stop;
};

void
ctl_execute(struct authd_runtime *rt, ctl_reload_fn reload, const char *line, size_t len,
            struct buf *out)
{
	char user[CTL_LINE_MAX], quoted[300];
	const char *err = NULL;
	size_t n = 0;

	switch (ctl_parse(line, len, user, sizeof(user), &err)) {
	case CTL_STATS:
		stats_format(out);
		buf_appendf(out, "connections=%d\n", mux_server_connections());
		if (rt->queue != NULL)
			buf_appendf(out, "queued=%zu\n", work_queue_length(rt->queue));
		if (rt->delay != NULL)
			buf_appendf(out, "delayed=%zu\n", delay_queue_length(rt->delay));
		if (rt->cache != NULL)
			buf_appendf(out, "cache_entries=%zu\n",
			            auth_cache_count(rt->cache, clock_now_ms()));
		if (rt->servers != NULL)
			ldap_servers_format(rt->servers, out);
		replica_route_format(out);
		buf_appends(out, "OK\n");
		return;
	case CTL_FLUSH_ALL:
		flush_guard_flush_begin();
		if (rt->cache != NULL)
			n += auth_cache_flush_all(rt->cache);
		if (rt->dns != NULL)
			n += dn_cache_flush_all(rt->dns);
		flush_guard_flush_end();
		stats_inc(ST_FLUSHES);
		log_info("control: flushed every cache entry (%zu)", n);
		buf_appendf(out, "flushed=%zu\nOK\n", n);
		return;
	case CTL_FLUSH_USER:
		flush_guard_flush_begin();
		if (rt->cache != NULL)
			n += auth_cache_flush_user(rt->cache, user);
		if (rt->dns != NULL)
			n += dn_cache_flush_user(rt->dns, user);
		flush_guard_flush_end();
		stats_inc(ST_FLUSHES);
		log_info("control: flushed user=\"%s\" (%zu entries)",
		         log_quote(quoted, sizeof(quoted), user, strlen(user)), n);
		buf_appendf(out, "flushed=%zu\nOK\n", n);
		return;
	case CTL_RELOAD: {
		char *rerr = NULL;

		if (reload == NULL) {
			buf_appends(out, "ERR reload not available\n");
		} else if (reload(&rerr) == PST_OK) {
			buf_appends(out, "OK\n");
		} else {
			/* One line: the reason must not break the reply framing. */
			const char *e = rerr != NULL ? rerr : "reload failed";

			buf_appends(out, "ERR ");
			buf_appends(out, log_quote(quoted, sizeof(quoted), e, strlen(e)));
			buf_appendc(out, '\n');
		}
		xfree(&rerr);
		return;
	}
	case CTL_BAD:
		break;
	}
	buf_appendf(out, "ERR %s\n", err != NULL ? err : "bad command");
}

/* read_line - the command line, within the deadline; -1 on time-out or error */
static ssize_t
read_line(int fd, char *line, size_t cap, int64_t deadline)
{
	size_t len = 0;

	while (len < cap) {
		struct pollfd pfd = {fd, POLLIN, 0};
		int64_t left = deadline - clock_now_ms();
		ssize_t n;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			return -1;
		n = recv(fd, line + len, cap - len, MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return n < 0 ? -1 : (ssize_t)len;
		len += (size_t)n;
		if (memchr(line, '\n', len) != NULL)
			return (ssize_t)len;
	}
	return (ssize_t)len;
}

static void
serve_one(struct ctl_server *s, int fd)
{
	char line[CTL_LINE_MAX];
	struct buf out = BUF_INIT;
	int64_t deadline = clock_now_ms() + CTL_IO_MS;
	ssize_t n = read_line(fd, line, sizeof(line), deadline);
	size_t off = 0;

	if (n < 0) {
		log_info("control: client sent no command in time");
		return;
	}
	ctl_execute(s->rt, s->reload, line, (size_t)n, &out);
	while (off < out.len) {
		struct pollfd pfd = {fd, POLLOUT, 0};
		int64_t left = deadline + CTL_IO_MS - clock_now_ms();
		ssize_t w;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			break;
		w = send(fd, out.data + off, out.len - off, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	buf_free(&out);
}

static void *
ctl_thread(void *arg)
{
	struct ctl_server *s = arg;

	while (!atomic_load(&s->stop)) {
		struct pollfd pfd[2] = {{s->lfd, POLLIN, 0}, {s->evfd, POLLIN, 0}};
		int fd;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_error("control socket poll: %s", strerror(errno));
			break;
		}
		if (pfd[1].revents != 0)
			break;
		if (!(pfd[0].revents & POLLIN))
			continue;
		fd = accept4(s->lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		serve_one(s, fd);
		close(fd);
	}
	return NULL;
}

struct ctl_server *
ctl_server_start(int listen_fd, struct authd_runtime *rt, ctl_reload_fn reload)
{
	struct ctl_server *s = xcalloc(1, sizeof(*s));
	int rc;

	s->lfd = listen_fd;
	s->rt = rt;
	s->reload = reload;
	s->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (s->evfd < 0)
		log_fatal("eventfd: %s", strerror(errno));
	rc = pthread_create(&s->thread, NULL, ctl_thread, s);
	if (rc != 0)
		log_fatal("cannot start the control thread: error %d", rc);
	return s;
}

void
ctl_server_stop(struct ctl_server **sp)
{
	struct ctl_server *s = *sp;
	uint64_t one = 1;
	ssize_t w;

	*sp = NULL;
	if (s == NULL)
		return;
	atomic_store(&s->stop, 1);
	w = write(s->evfd, &one, sizeof(one));
	(void)w;
	pthread_join(s->thread, NULL);
	close(s->evfd);
	xfree(&s);
}
