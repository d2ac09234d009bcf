/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * metrics_http.c: the scrape endpoint of metrics_http.h: bind, a poll()
 * loop in one thread, a bounded read of the request head, one reply.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "metrics_http.h"
#include "sockio.h"
#include "xalloc.h"

#define REQ_MAX     4096
#define DEADLINE_MS 2000

struct metrics_http {
	pthread_t thread;
	int fd, stop_pipe[2];
	char *unix_path;
	metrics_render_fn *fn;
	void *arg;
};

static enum pst_result
listen_unix(const char *path, int *fd_r, char **err_r)
{
	struct sockaddr_un sa;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		*err_r = xasprintf("%s: socket path too long", path);
		return PST_PERMFAIL;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path));
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || chmod(path, 0660) != 0 ||
	    listen(fd, 16) != 0) {
		*err_r = xasprintf("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return PST_PERMFAIL;
	}
	*fd_r = fd;
	return PST_OK;
}

/* split_host_port - "a:p" or "[a]:p" into host (xmalloc'd) and port */
static int
split_host_port(const char *spec, char **host_r, long *port_r)
{
	const char *colon = strrchr(spec, ':');
	char *end;
	size_t hl;

	if (colon == NULL)
		return -1;
	*port_r = strtol(colon + 1, &end, 10);
	if (*end != '\0' || colon[1] == '\0' || *port_r < 1 || *port_r > 65535)
		return -1;
	hl = (size_t)(colon - spec);
	if (hl >= 2 && spec[0] == '[' && spec[hl - 1] == ']') {
		spec++;
		hl -= 2;
	}
	*host_r = xstrndup(spec, hl);
	return 0;
}

enum pst_result
metrics_http_listen(const char *spec, int *fd_r, char **err_r)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	char *host = NULL;
	long port;
	int fd, one = 1;

	if (spec[0] == '/')
		return listen_unix(spec, fd_r, err_r);
	memset(&ss, 0, sizeof(ss));
	if (split_host_port(spec, &host, &port) != 0) {
		*err_r = xasprintf("%s: not /path, ADDR:PORT or [ADDR]:PORT", spec);
		return PST_PERMFAIL;
	}
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1 &&
	    (ntohl(s4->sin_addr.s_addr) >> 24) == 127) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		len = sizeof(*s4);
	} else if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1 &&
	           IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr)) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		len = sizeof(*s6);
	} else {
		*err_r = xasprintf("%s: metrics are served on a loopback address only", spec);
		xfree(&host);
		return PST_PERMFAIL;
	}
	xfree(&host);
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 16) != 0) {
		*err_r = xasprintf("%s: %s", spec, strerror(errno));
		if (fd >= 0)
			close(fd);
		return PST_PERMFAIL;
	}
	*fd_r = fd;
	return PST_OK;
}

int
metrics_http_request_ok(const char *req, size_t n)
{
	const char *end = memmem(req, n, "\r\n\r\n", 4), *sp;

	if (end == NULL)
		end = memmem(req, n, "\n\n", 2);
	if (end == NULL)
		return n >= REQ_MAX ? -1 : 0;
	if (end - req < 14 || memcmp(req, "GET /", 5) != 0)
		return -1;
	sp = memchr(req + 4, ' ', (size_t)(end - req - 4));
	if (sp == NULL || end - sp < 9 || memcmp(sp, " HTTP/1.", 8) != 0)
		return -1;
	return 1;
}

static void
serve_one(struct metrics_http *m, int c)
{
	long long deadline = sockio_now_ms() + DEADLINE_MS;
	char req[REQ_MAX];
	size_t n = 0;
	int ok = 0;
	struct buf body = BUF_INIT, head = BUF_INIT;

	while (n < sizeof(req) && ok == 0) {
		ssize_t r = sockio_read(c, req + n, sizeof(req) - n, deadline);

		if (r <= 0)
			return;
		n += (size_t)r;
		ok = metrics_http_request_ok(req, n);
	}
	if (ok == 1) {
		m->fn(&body, m->arg);
		buf_appendf(&head,
		            "HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4; "
		            "charset=utf-8\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
		            body.len);
	} else {
		buf_appends(&head, "HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n"
		                   "Connection: close\r\n\r\n");
	}
	if (sockio_write_all(c, head.data, head.len, deadline) == 0 && body.len > 0)
		(void)sockio_write_all(c, body.data, body.len, deadline);
	buf_free(&head);
	buf_free(&body);
}

static void *
metrics_thread(void *arg)
{
	struct metrics_http *m = arg;
	struct pollfd p[2] = {{m->fd, POLLIN, 0}, {m->stop_pipe[0], POLLIN, 0}};

	for (;;) {
		int c;

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents != 0)
			break;
		if (!(p[0].revents & POLLIN))
			continue;
		c = accept4(m->fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (c < 0)
			continue;
		serve_one(m, c);
		close(c);
	}
	return NULL;
}

struct metrics_http *
metrics_http_start(int fd, metrics_render_fn *fn, void *arg)
{
	struct metrics_http *m = xcalloc(1, sizeof(*m));
	struct sockaddr_un sa;
	socklen_t len = sizeof(sa);

	m->fd = fd;
	m->fn = fn;
	m->arg = arg;
	if (getsockname(fd, (struct sockaddr *)&sa, &len) == 0 && sa.sun_family == AF_UNIX &&
	    len > sizeof(sa.sun_family))
		m->unix_path = xstrndup(sa.sun_path, len - sizeof(sa.sun_family));
	if (pipe2(m->stop_pipe, O_CLOEXEC) != 0 ||
	    pthread_create(&m->thread, NULL, metrics_thread, m) != 0)
		log_panic("metrics: cannot start the endpoint thread");
	return m;
}

void
metrics_http_stop(struct metrics_http **mp)
{
	struct metrics_http *m = *mp;

	if (m == NULL)
		return;
	if (write(m->stop_pipe[1], "x", 1) != 1)
		log_panic("metrics: cannot stop the endpoint thread");
	pthread_join(m->thread, NULL);
	close(m->stop_pipe[0]);
	close(m->stop_pipe[1]);
	close(m->fd);
	if (m->unix_path != NULL && m->unix_path[0] == '/')
		unlink(m->unix_path);
	xfree(&m->unix_path);
	xfree(mp);
}
