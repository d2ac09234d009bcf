/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sm_server.c: accepting connections and starting their threads.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "sm_conn.h"
#include "sm_lookup.h"
#include "sm_server.h"
#include "sm_settings.h"
#include "xalloc.h"

static pthread_mutex_t active_lock = PTHREAD_MUTEX_INITIALIZER;
static long active;

struct job {
	const struct sm_ctx *c;
	int fd;
};

static void *
conn_thread(void *arg)
{
	struct job *j = arg;

	sm_conn_serve(j->c, j->fd);
	xfree(&j);
	pthread_mutex_lock(&active_lock);
	active--;
	pthread_mutex_unlock(&active_lock);
	return NULL;
}

/* admit - count a new connection in; 0 when it is over the limit */
static int
admit(long max)
{
	int ok;

	pthread_mutex_lock(&active_lock);
	ok = active < max;
	if (ok)
		active++;
	pthread_mutex_unlock(&active_lock);
	return ok;
}

/* start - a detached thread for fd; closes fd if it cannot */
static void
start(const struct sm_ctx *c, int fd)
{
	pthread_attr_t attr;
	pthread_t t;
	struct job *j;

	if (!admit(c->set->max_connections)) {
		log_warn("socketmap: %ld connections already; closing a new one",
		         c->set->max_connections);
		close(fd);
		return;
	}
	j = xcalloc(1, sizeof(*j));
	j->c = c;
	j->fd = fd;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	if (pthread_create(&t, &attr, conn_thread, j) != 0) {
		log_error("socketmap: cannot start a thread; closing the connection");
		close(fd);
		xfree(&j);
		pthread_mutex_lock(&active_lock);
		active--;
		pthread_mutex_unlock(&active_lock);
	}
	pthread_attr_destroy(&attr);
}

void
sm_server_run(const struct sm_ctx *c, int listen_fd, int wake_fd, volatile sig_atomic_t *stop)
{
	while (!*stop) {
		struct pollfd pfd[2] = {{listen_fd, POLLIN, 0}, {wake_fd, POLLIN, 0}};
		int fd;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_error("socketmap: poll: %s", strerror(errno));
			break;
		}
		if (!(pfd[0].revents & POLLIN))
			continue;
		fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
				log_warn("socketmap: accept: %s", strerror(errno));
			if (errno == EMFILE || errno == ENFILE)
				usleep(100000); /* out of descriptors: do not spin */
			continue;
		}
		start(c, fd);
	}
}
