/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * loadgen: a load generator for saslauthd-protocol daemons.
 *
 * It talks to the UNIX socket the way libsasl2 does: one connection per
 * request, one request (4 counted strings, or 5 with --client-addr), one
 * reply, close. A single thread drives N connections through epoll so the
 * generator itself costs little CPU on a machine it shares with the daemon
 * and slapd. Every reply is checked against the answer the request mix
 * expects (bench_mix.h), and the run prints one RESULT line (bench_stats.h)
 * with throughput, latency percentiles, wrong answers, errors, and the CPU
 * time and memory of the processes named with --watch.
 *
 * Exit status: 0 when every request got the expected answer, 2 when there
 * were wrong answers or errors, 1 on bad usage or setup failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "bench_mix.h"
#include "bench_opts.h"
#include "bench_stats.h"
#include "mux_proto.h"
#include "xalloc.h"

/*
 * When the daemon's listen queue is full a non-blocking connect fails with
 * EAGAIN (libsasl2's blocking connect would sleep in the kernel instead);
 * retry after RETRY_NS, doubling up to RETRY_MAX_NS, so that hundreds of
 * waiting clients do not spin the CPU the daemon needs.
 */
#define RETRY_NS     (200 * 1000ULL)
#define RETRY_MAX_NS (5 * 1000 * 1000ULL)
/* How long a connection pauses after a hard connect error, so a dead server
 * costs a bounded number of attempts instead of a busy loop. */
#define PAUSE_NS (1000 * 1000ULL)

enum conn_state {
	CONN_IDLE = 0, /* nothing in flight; a new request may start at not_before */
	CONN_WAIT,     /* a request waits to retry connecting at not_before */
	CONN_BUSY,     /* connected; writing the request or reading the reply */
};

struct conn {
	enum conn_state state;
	int fd;
	int expect_ok;
	int measured;
	uint64_t start_ns;
	uint64_t not_before;
	uint64_t retry_ns;
	uint8_t out[MUX_REQUEST_MAX];
	size_t outlen, outoff;
	uint8_t in[2 + MUX_REPLY_MAX];
	size_t inlen;
};

struct run {
	struct bench_opts o;
	const char *service;
	const char *realm;
	const char *client_addr; /* NULL: 4-field requests as libsasl2 2.1.28 sends */
	struct sockaddr_un addr;
	int ep;
	struct conn *conns;
	uint64_t rng;
	struct stats st;
	struct bench_window win;
	int stopping;
	unsigned active; /* connections in CONN_WAIT or CONN_BUSY */
	uint64_t last_done_ns;
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: loadgen -s SOCKET [options]\n"
	           "  -s, --socket PATH     the daemon's socket (the full path, .../mux)\n"
	           "  -S, --service NAME    service field (default imap)\n"
	           "  -r, --realm NAME      realm field (default empty)\n"
	           "      --client-addr A   send a 5th field, as unreleased libsasl2 "
	           "does\n" BENCH_USAGE);
}

/* conn_close - close the socket; closing also removes it from the epoll set */
static void
conn_close(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/*
 * conn_done - the request is over (answered or failed). The main loop starts
 * the next one, so that a failing server cannot make this recurse.
 */
static void
conn_done(struct run *r, struct conn *c, uint64_t pause_ns)
{
	conn_close(c);
	c->state = CONN_IDLE;
	c->not_before = now_ns() + pause_ns;
	r->active--;
	if (c->measured)
		r->last_done_ns = now_ns();
}

static void
conn_error(struct run *r, struct conn *c, unsigned long long *counter)
{
	if (c->measured)
		(*counter)++;
	conn_done(r, c, 0);
}

/*
 * conn_reply - a complete reply arrived: check it against the expectation.
 * libsasl2 takes a reply starting with "OK" as acceptance and anything else
 * as refusal; here only "NO" counts as a refusal, so a daemon that answers
 * garbage shows as errors instead of passing for a correct "no".
 */
static void
conn_reply(struct run *r, struct conn *c, const uint8_t *msg, size_t len)
{
	int got_ok = len >= 2 && msg[0] == 'O' && msg[1] == 'K';
	int got_no = len >= 2 && msg[0] == 'N' && msg[1] == 'O';

	if (!got_ok && !got_no) {
		conn_error(r, c, &r->st.err_other);
		return;
	}
	if (c->measured)
		stats_answer(&r->st, c->expect_ok, got_ok, now_ns() - c->start_ns);
	conn_done(r, c, 0);
}

/* conn_write - send what is left of the request; -1 if the socket failed */
static int
conn_write(struct conn *c)
{
	while (c->outoff < c->outlen) {
		ssize_t n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n <= 0)
			return -1;
		c->outoff += (size_t)n;
	}
	return 0;
}

/* conn_connect - try to connect; a full listen queue means "try again shortly" */
static void
conn_connect(struct run *r, struct conn *c)
{
	struct epoll_event ev = {0};

	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&r->addr, sizeof(r->addr)) < 0) {
		int e = errno;

		conn_close(c);
		if (e == EAGAIN) {
			c->state = CONN_WAIT;
			c->not_before = now_ns() + c->retry_ns;
			if (c->retry_ns < RETRY_MAX_NS)
				c->retry_ns *= 2;
			return;
		}
		/* The daemon is not there: count it, pause, and move on. */
		if (c->measured)
			r->st.err_connect++;
		conn_done(r, c, PAUSE_NS);
		return;
	}
	c->state = CONN_BUSY;
	if (conn_write(c) < 0) {
		conn_error(r, c, &r->st.err_noreply);
		return;
	}
	ev.events = EPOLLIN | (c->outoff < c->outlen ? EPOLLOUT : 0);
	ev.data.ptr = c;
	if (epoll_ctl(r->ep, EPOLL_CTL_ADD, c->fd, &ev) < 0)
		conn_error(r, c, &r->st.err_other);
}

/* conn_begin - start a new request on c */
static void
conn_begin(struct run *r, struct conn *c)
{
	struct mix_pick p;
	char user[MIX_NAME_MAX], pass[MIX_NAME_MAX];
	struct mux_span f[MUX_FIELDS_MAX];
	int nf = r->client_addr ? 5 : 4;

	mix_next(&r->o.mix, &r->rng, &p);
	mix_user(p.user, user, sizeof(user));
	mix_password(p.user, p.wrong, pass, sizeof(pass));
	f[MUX_LOGIN] = (struct mux_span){(const uint8_t *)user, strlen(user)};
	f[MUX_PASSWORD] = (struct mux_span){(const uint8_t *)pass, strlen(pass)};
	f[MUX_SERVICE] = (struct mux_span){(const uint8_t *)r->service, strlen(r->service)};
	f[MUX_REALM] = (struct mux_span){(const uint8_t *)r->realm, strlen(r->realm)};
	if (nf == 5)
		f[MUX_CLIENT_ADDR] =
		        (struct mux_span){(const uint8_t *)r->client_addr, strlen(r->client_addr)};
	c->outlen = mux_encode_request(f, nf, c->out, sizeof(c->out));
	c->outoff = 0;
	c->inlen = 0;
	c->expect_ok = !p.wrong;
	c->measured = r->win.measuring;
	c->start_ns = now_ns();
	c->retry_ns = RETRY_NS;
	c->fd = -1;
	c->state = CONN_WAIT;
	r->active++;
	if (c->measured && ++r->st.started >= r->o.max_requests)
		r->stopping = 1;
	if (c->outlen == 0) {
		conn_error(r, c, &r->st.err_other);
		return;
	}
	conn_connect(r, c);
}

/* conn_event - the socket is readable or writable */
static void
conn_event(struct run *r, struct conn *c, uint32_t events)
{
	if ((events & EPOLLOUT) && c->outoff < c->outlen) {
		struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};

		if (conn_write(c) < 0) {
			conn_error(r, c, &r->st.err_noreply);
			return;
		}
		if (c->outoff == c->outlen)
			epoll_ctl(r->ep, EPOLL_CTL_MOD, c->fd, &ev);
	}
	if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return;
	for (;;) {
		const uint8_t *msg;
		size_t msglen;
		ssize_t n = read(c->fd, c->in + c->inlen, sizeof(c->in) - c->inlen);
		int st;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n < 0) {
			conn_error(r, c, &r->st.err_noreply);
			return;
		}
		c->inlen += (size_t)n;
		st = mux_parse_reply(c->in, c->inlen, &msg, &msglen);
		if (st == 1) {
			conn_reply(r, c, msg, msglen);
			return;
		}
		if (st < 0 || c->inlen == sizeof(c->in)) {
			conn_error(r, c, &r->st.err_other);
			return;
		}
		if (n == 0) {
			/* Closed without a complete reply: libsasl2 reports a
			 * temporary failure, not a verdict. */
			conn_error(r, c, &r->st.err_noreply);
			return;
		}
	}
}

/*
 * run_timers - start requests on idle connections, retry waiting ones and
 * expire slow ones; returns how long epoll may wait, in ms.
 */
static int
run_timers(struct run *r)
{
	uint64_t now = now_ns();
	uint64_t tmo = (uint64_t)r->o.timeout_ms * 1000000ULL;
	int wait_ms = 50;

	for (unsigned i = 0; i < r->o.conc; i++) {
		struct conn *c = &r->conns[i];

		if (c->state != CONN_IDLE && now - c->start_ns > tmo) {
			conn_error(r, c, &r->st.err_timeout);
			continue;
		}
		if (c->state == CONN_IDLE && !r->stopping && now >= c->not_before)
			conn_begin(r, c);
		else if (c->state == CONN_WAIT && now >= c->not_before)
			conn_connect(r, c);
		if (c->state == CONN_WAIT || (c->state == CONN_IDLE && !r->stopping))
			wait_ms = 1;
	}
	return wait_ms;
}

static int
run_load(struct run *r)
{
	struct epoll_event evs[64];

	for (unsigned i = 0; i < r->o.conc; i++)
		r->conns[i].fd = -1;
	bench_window_start(&r->win, &r->o);
	while (!r->stopping || r->active > 0) {
		int n, wait_ms;

		if (bench_window_tick(&r->win, &r->o))
			r->stopping = 1;
		wait_ms = run_timers(r);
		n = epoll_wait(r->ep, evs, 64, wait_ms);
		if (n < 0 && errno != EINTR) {
			perror("loadgen: epoll_wait");
			return -1;
		}
		for (int i = 0; i < n; i++)
			conn_event(r, evs[i].data.ptr, evs[i].events);
	}
	bench_window_end(&r->win, &r->o, "loadgen", r->last_done_ns, &r->st);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option own[] = {
	        {"socket", required_argument, NULL, 's'},
	        {"service", required_argument, NULL, 'S'},
	        {"realm", required_argument, NULL, 'r'},
	        {"client-addr", required_argument, NULL, 2001},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct option *longopts = bench_longopts(own);
	struct run r = {.service = "imap", .realm = ""};
	const char *path = NULL;
	int opt, rc;

	bench_opts_init(&r.o);
	while ((opt = getopt_long(argc, argv, "s:S:r:h" BENCH_SHORTOPTS, longopts, NULL)) != -1) {
		int k = bench_common_opt(&r.o, opt, optarg);

		if (k < 0)
			return 1;
		if (k > 0)
			continue;
		switch (opt) {
		case 's':
			path = optarg;
			break;
		case 'S':
			r.service = optarg;
			break;
		case 'r':
			r.realm = optarg;
			break;
		case 2001:
			r.client_addr = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	xfree(&longopts);
	if (path == NULL || optind != argc || strlen(r.service) > MUX_FIELD_MAX ||
	    strlen(r.realm) > MUX_FIELD_MAX ||
	    (r.client_addr && strlen(r.client_addr) > MUX_FIELD_MAX)) {
		usage(stderr);
		return 1;
	}
	if (strlen(path) >= sizeof(r.addr.sun_path)) {
		fprintf(stderr, "loadgen: socket path too long\n");
		return 1;
	}
	r.addr.sun_family = AF_UNIX;
	memcpy(r.addr.sun_path, path, strlen(path) + 1);
	signal(SIGPIPE, SIG_IGN);
	r.ep = epoll_create1(EPOLL_CLOEXEC);
	if (r.ep < 0) {
		perror("loadgen: epoll_create1");
		return 1;
	}
	bench_watch_self(&r.o);
	r.rng = mix_seed(bench_seed(&r.o), 0);
	r.conns = xcalloc(r.o.conc, sizeof(*r.conns));
	stats_init(&r.st, r.o.max_requests);
	rc = bench_exit_status(run_load(&r), &r.st);
	stats_free(&r.st);
	xfree(&r.conns);
	close(r.ep);
	return rc;
}
