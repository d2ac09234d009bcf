/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * echod: the socket limit for the benchmark. It speaks the saslauthd
 * protocol and answers every whole request "OK" at once, checking nothing:
 * what is left of a daemon when every answer costs nothing. One thread, one
 * epoll loop; like postino-authd it reads a new connection before waiting
 * on it, so both pay the same system calls per request.
 *
 *   echod -m DIR      (socket DIR/mux, as saslauthd's -m)
 *
 * Runs until SIGTERM or SIGINT.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "mux_proto.h"

struct echo_conn {
	int fd;
	size_t len;
	uint8_t buf[MUX_REQUEST_MAX + 1];
};

/* serve - read what is there; 1 while the request is incomplete */
static int
serve(struct echo_conn *c)
{
	static const uint8_t ok[] = {0, 2, 'O', 'K'};
	struct mux_request req;
	ssize_t n;

	for (;;) {
		n = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, 0);
		if (n > 0) {
			c->len += (size_t)n;
			switch (mux_parse(c->buf, c->len, MUX_FIELD_MAX, &req)) {
			case MUX_NEED_MORE:
				if (c->len < sizeof(c->buf))
					continue;
				return 0;
			case MUX_HAVE_4:
			case MUX_HAVE_4_MORE:
			case MUX_HAVE_5:
				(void)send(c->fd, ok, sizeof(ok), MSG_NOSIGNAL);
				return 0;
			default:
				return 0;
			}
		}
		if (n < 0 && errno == EINTR)
			continue;
		return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
	}
}

int
main(int argc, char **argv)
{
	struct sockaddr_un sa;
	struct epoll_event ev, evs[64];
	int lfd, ep, i, n;

	if (argc != 3 || strcmp(argv[1], "-m") != 0) {
		fprintf(stderr, "usage: echod -m DIR\n");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/mux", argv[2]) >=
	    (int)sizeof(sa.sun_path)) {
		fprintf(stderr, "echod: socket path too long\n");
		return 1;
	}
	unlink(sa.sun_path);
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(lfd, 1024) != 0) {
		perror("echod: listen");
		return 1;
	}
	ep = epoll_create1(EPOLL_CLOEXEC);
	ev.events = EPOLLIN;
	ev.data.ptr = NULL;
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) != 0) {
		perror("echod: epoll");
		return 1;
	}
	for (;;) {
		n = epoll_wait(ep, evs, 64, -1);
		for (i = 0; i < n; i++) {
			struct echo_conn *c = evs[i].data.ptr;

			if (c != NULL) {
				if (!serve(c)) {
					close(c->fd);
					free(c);
				}
				continue;
			}
			for (;;) {
				int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

				if (fd < 0)
					break;
				c = calloc(1, sizeof(*c));
				if (c == NULL) {
					close(fd);
					continue;
				}
				c->fd = fd;
				ev.events = EPOLLIN | EPOLLRDHUP;
				ev.data.ptr = c;
				if (serve(c) && epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0)
					continue;
				close(fd);
				free(c);
			}
		}
	}
}
