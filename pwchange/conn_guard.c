/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conn_guard.c: the connection list, its reaper thread and the eviction
 * of the oldest slow request (see conn_guard.h for the why).
 */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "conn_guard.h"
#include "log.h"
#include "xalloc.h"

/* How often the reaper looks at the deadlines. */
#define REAP_INTERVAL_MS 200
/*
 * A connection younger than this is never closed to make room: a real
 * client sends its request well within it, even on a loaded host, and
 * clients that reconnect at once cannot push it out.
 */
#define GRACE_S 2

struct guarded {
	struct guarded *prev, *next; /* oldest first */
	int fd;
	int shut; /* shutdown(2) done: nothing more to do */
	enum conn_phase phase;
	struct timespec deadline;  /* CLOCK_MONOTONIC */
	struct timespec evictable; /* start + GRACE_S */
	unsigned char net[9];      /* family tag + /24 (IPv4) or /64 (IPv6) prefix */
};

struct conn_guard {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t reaper;
	int stop;
	long deadline_s, high_water, open, per_net;
	unsigned long closed;
	struct guarded *head, *tail;
};

/*
 * net_key - the network a client address belongs to: an IPv4 /24 or an
 * IPv6 /64, what one site or one customer line usually holds. 0 for other
 * families (UNIX sockets: a local proxy), which are not limited.
 */
static int
net_key(const struct sockaddr *sa, unsigned char key[9])
{
	memset(key, 0, 9);
	if (sa == NULL)
		return 0;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;

		key[0] = 4;
		memcpy(key + 1, &in->sin_addr, 3);
		return 1;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;

		key[0] = 6;
		memcpy(key + 1, &in6->sin6_addr, 8);
		return 1;
	}
	return 0;
}

static struct timespec
later(long s)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += s;
	return t;
}

static int
passed(const struct timespec *now, const struct timespec *when)
{
	return now->tv_sec > when->tv_sec ||
	       (now->tv_sec == when->tv_sec && now->tv_nsec >= when->tv_nsec);
}

/* cut - shut one connection down (lock held); its MHD thread then closes it */
static void
cut(struct conn_guard *g, struct guarded *e, const char *why)
{
	if (e->shut || e->fd < 0)
		return;
	(void)shutdown(e->fd, SHUT_RDWR);
	e->shut = 1;
	g->closed++;
	log_debug("connection closed: %s", why);
}

/*
 * make_room - past the high-water mark, close the oldest connections still
 * receiving their request after the grace time (lock held)
 */
static void
make_room(struct conn_guard *g, const struct timespec *now)
{
	long excess = g->open - g->high_water;

	for (struct guarded *e = g->head; e != NULL && excess > 0; e = e->next)
		if (!e->shut && e->phase == CONN_RECEIVING && passed(now, &e->evictable)) {
			cut(g, e, "oldest slow request, to make room");
			excess--;
		}
}

static void *
reaper(void *arg)
{
	struct conn_guard *g = arg;

	pthread_mutex_lock(&g->mu);
	while (!g->stop) {
		struct timespec now, wake;

		clock_gettime(CLOCK_MONOTONIC, &now);
		for (struct guarded *e = g->head; e != NULL; e = e->next)
			if (e->phase != CONN_PROCESSING && passed(&now, &e->deadline))
				cut(g, e,
				    e->phase == CONN_RECEIVING ? "request not complete in time"
				                               : "answer not read in time");
		make_room(g, &now);
		wake = now;
		wake.tv_nsec += REAP_INTERVAL_MS * 1000000L;
		if (wake.tv_nsec >= 1000000000L) {
			wake.tv_sec++;
			wake.tv_nsec -= 1000000000L;
		}
		while (!g->stop && pthread_cond_timedwait(&g->cv, &g->mu, &wake) == EINTR)
			;
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

struct conn_guard *
conn_guard_new(long deadline_s, long max_conns, long spare, long per_net)
{
	struct conn_guard *g = xcalloc(1, sizeof(*g));
	pthread_condattr_t ca;

	pthread_mutex_init(&g->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->cv, &ca);
	pthread_condattr_destroy(&ca);
	g->deadline_s = deadline_s;
	g->high_water = max_conns - spare > 0 ? max_conns - spare : 1;
	g->per_net = per_net;
	if (pthread_create(&g->reaper, NULL, reaper, g) != 0)
		log_panic("conn_guard: cannot start the reaper thread");
	return g;
}

void
conn_guard_free(struct conn_guard **gp)
{
	struct conn_guard *g = *gp;

	if (g == NULL)
		return;
	pthread_mutex_lock(&g->mu);
	g->stop = 1;
	pthread_cond_signal(&g->cv);
	pthread_mutex_unlock(&g->mu);
	pthread_join(g->reaper, NULL);
	/* MHD has closed every connection (and told us) before this. */
	while (g->head != NULL) {
		struct guarded *e = g->head;

		g->head = e->next;
		xfree(&e);
	}
	pthread_cond_destroy(&g->cv);
	pthread_mutex_destroy(&g->mu);
	xfree(gp);
}

void
conn_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                  enum MHD_ConnectionNotificationCode toe)
{
	struct conn_guard *g = cls;
	struct guarded *e;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);

		e = xcalloc(1, sizeof(*e));
		e->fd = ci != NULL ? (int)ci->connect_fd : -1;
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		(void)net_key(ci != NULL ? ci->client_addr : NULL, e->net);
		e->deadline = later(g->deadline_s);
		e->evictable = later(GRACE_S);
		pthread_mutex_lock(&g->mu);
		e->prev = g->tail;
		if (g->tail != NULL)
			g->tail->next = e;
		else
			g->head = e;
		g->tail = e;
		g->open++;
		{
			struct timespec now;

			clock_gettime(CLOCK_MONOTONIC, &now);
			make_room(g, &now);
		}
		pthread_mutex_unlock(&g->mu);
		*socket_context = e;
		return;
	}
	e = *socket_context;
	if (e == NULL)
		return;
	pthread_mutex_lock(&g->mu);
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		g->head = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	else
		g->tail = e->prev;
	g->open--;
	pthread_mutex_unlock(&g->mu);
	xfree(&e);
	*socket_context = NULL;
}

enum MHD_Result
conn_guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct conn_guard *g = cls;
	unsigned char key[9];
	long n = 0;

	(void)addrlen;
	if (g->per_net <= 0 || !net_key(addr, key))
		return MHD_YES;
	pthread_mutex_lock(&g->mu);
	for (struct guarded *e = g->head; e != NULL; e = e->next)
		n += !e->shut && memcmp(e->net, key, sizeof(key)) == 0;
	pthread_mutex_unlock(&g->mu);
	if (n >= g->per_net) {
		log_debug("connection refused: %ld already open from its network", n);
		return MHD_NO;
	}
	return MHD_YES;
}

int
conn_guard_phase(struct conn_guard *g, struct MHD_Connection *c, enum conn_phase phase)
{
	const union MHD_ConnectionInfo *ci =
	        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct guarded *e = ci != NULL ? ci->socket_context : NULL;
	int open;

	if (g == NULL || e == NULL)
		return 1;
	pthread_mutex_lock(&g->mu);
	open = !e->shut;
	e->phase = phase;
	if (phase == CONN_SENDING)
		e->deadline = later(g->deadline_s);
	pthread_mutex_unlock(&g->mu);
	return open;
}

unsigned long
conn_guard_closed(struct conn_guard *g)
{
	unsigned long n;

	pthread_mutex_lock(&g->mu);
	n = g->closed;
	pthread_mutex_unlock(&g->mu);
	return n;
}
