/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sockio.c: deadline-bounded UNIX-socket client I/O.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "sockio.h"
#include "xalloc.h"

long long
sockio_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* sockio_wait - poll fd for events until the deadline; 0 ready, -1 timeout/error */
static int
sockio_wait(int fd, short events, long long deadline_ms)
{
	struct pollfd pfd;

	for (;;) {
		long long left = deadline_ms - sockio_now_ms();
		int n;

		if (left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		n = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n > 0)
			return 0;
	}
}

int
sockio_connect_unix(const char *path, long long deadline_ms, char **err_r)
{
	struct sockaddr_un sa;
	socklen_t elen;
	int fd, err;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		*err_r = xasprintf("%s: socket path too long", path);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*err_r = xasprintf("socket: %s", strerror(errno));
		return -1;
	}
	for (;;) {
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return fd;
		if (errno == EINTR)
			continue;
		/* A full backlog on a UNIX socket: try again shortly, within the deadline. */
		if (errno == EAGAIN && sockio_now_ms() < deadline_ms) {
			struct timespec ts = {0, 10 * 1000000};

			nanosleep(&ts, NULL);
			continue;
		}
		if (errno != EINPROGRESS)
			break;
		if (sockio_wait(fd, POLLOUT, deadline_ms) < 0)
			break;
		elen = sizeof(err);
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0)
			break;
		if (err == 0)
			return fd;
		errno = err;
		break;
	}
	err = errno;
	*err_r = xasprintf("connect %s: %s", path, strerror(err));
	close(fd);
	errno = err;
	return -1;
}

int
sockio_write_all(int fd, const void *p, size_t n, long long deadline_ms)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = send(fd, c, n, MSG_NOSIGNAL);

		if (w > 0) {
			c += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (sockio_wait(fd, POLLOUT, deadline_ms) < 0)
				return -1;
			continue;
		}
		return -1;
	}
	return 0;
}

ssize_t
sockio_read(int fd, void *p, size_t n, long long deadline_ms)
{
	for (;;) {
		ssize_t r = read(fd, p, n);

		if (r >= 0)
			return r;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		if (sockio_wait(fd, POLLIN, deadline_ms) < 0)
			return -1;
	}
}
