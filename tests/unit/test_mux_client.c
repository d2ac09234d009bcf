/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_mux_client.c: the saslauthd client and the control-socket client
 * against small in-process servers on temporary UNIX sockets: the real
 * socket code, scripted peers.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl_client.h"
#include "mux_client.h"
#include "mux_proto.h"
#include "secret.h"
#include "t.h"

enum peer_mode {
	PEER_REPLY,  /* read a request, send reply_bytes */
	PEER_CLOSE,  /* read a request, close without a reply */
	PEER_SILENT, /* accept and never answer until the client gives up */
	PEER_CTL,    /* read a line, send reply_bytes, close */
};

struct peer {
	int lfd;
	enum peer_mode mode;
	const char *reply_bytes;
	size_t reply_len;
	uint8_t got[2048];
	size_t gotlen;
};

static void *
peer_run(void *arg)
{
	struct peer *p = arg;
	struct mux_request req;
	int fd = accept(p->lfd, NULL, NULL);
	ssize_t n;

	if (fd < 0)
		return NULL;
	p->gotlen = 0;
	while (p->mode != PEER_SILENT && p->gotlen < sizeof(p->got)) {
		n = read(fd, p->got + p->gotlen, sizeof(p->got) - p->gotlen);
		if (n <= 0)
			break;
		p->gotlen += (size_t)n;
		if (p->mode == PEER_CTL && memchr(p->got, '\n', p->gotlen) != NULL)
			break;
		if (p->mode != PEER_CTL) {
			enum mux_status st = mux_parse(p->got, p->gotlen, 256, &req);

			if (st == MUX_HAVE_4 || st == MUX_HAVE_5)
				break;
		}
	}
	if (p->mode == PEER_REPLY || p->mode == PEER_CTL) {
		if (write(fd, p->reply_bytes, p->reply_len) < 0)
			p->gotlen = 0;
	}
	if (p->mode == PEER_SILENT) {
		char c;

		/* Wait for the client to hang up after its time-out. */
		while (read(fd, &c, 1) > 0)
			;
	}
	close(fd);
	return NULL;
}

static int
peer_listen(char *path, size_t pathsz)
{
	struct sockaddr_un sa;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(path, pathsz, "/tmp/test_mux_client.%ld.sock", (long)getpid());
	unlink(path);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 4) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* exchange - run one peer with mode and reply, then the mux client */
static enum pst_result
mux_exchange(struct peer *p, const char *addr, char **reply, int timeout_ms)
{
	char path[108];
	pthread_t th;
	struct secret *pw = secret_from_str("Alice-Pass-1");
	enum pst_result r;

	p->lfd = peer_listen(path, sizeof(path));
	pthread_create(&th, NULL, peer_run, p);
	r = mux_client_auth(path, "alice", pw, "smtp", "example.org", addr, timeout_ms, reply);
	pthread_join(th, NULL);
	close(p->lfd);
	unlink(path);
	secret_free(&pw);
	return r;
}

static void
test_mux(void)
{
	struct peer p;
	struct mux_request req;
	char *reply = NULL;
	enum pst_result r;

	memset(&p, 0, sizeof(p));
	p.mode = PEER_REPLY;
	p.reply_bytes = "\0\x02OK";
	p.reply_len = 4;
	r = mux_exchange(&p, NULL, &reply, 2000);
	T_CHECK(r == PST_OK, "OK reply -> PST_OK (%s)", reply ? reply : "");
	T_STREQ(reply, "OK", "reply text");
	free(reply);
	T_CHECK(mux_parse(p.got, p.gotlen, 256, &req) == MUX_HAVE_4, "4 fields sent");
	T_CHECK(req.f[1].len == 12 && memcmp(req.f[1].p, "Alice-Pass-1", 12) == 0, "password");

	p.reply_bytes = "\0\x0fNO bad password";
	p.reply_len = 17;
	r = mux_exchange(&p, "10.0.0.1;25", &reply, 2000);
	T_CHECK(r == PST_PERMFAIL, "NO reply -> PERMFAIL");
	T_STREQ(reply, "NO bad password", "NO text");
	free(reply);
	T_CHECK(mux_parse(p.got, p.gotlen, 256, &req) == MUX_HAVE_5 && req.f[4].len == 11,
	        "5 fields sent with client_addr");

	p.mode = PEER_CLOSE;
	r = mux_exchange(&p, NULL, &reply, 2000);
	T_CHECK(r == PST_TEMPFAIL, "close without reply -> TEMPFAIL");
	T_CHECK(reply != NULL && strstr(reply, "closed without a reply"), "reason: %s",
	        reply ? reply : "");
	free(reply);

	p.mode = PEER_SILENT;
	r = mux_exchange(&p, NULL, &reply, 300);
	T_CHECK(r == PST_TEMPFAIL, "silent daemon -> TEMPFAIL after the time-out");
	T_CHECK(reply != NULL && strstr(reply, "no reply in time"), "reason: %s",
	        reply ? reply : "");
	free(reply);

	p.mode = PEER_REPLY;
	p.reply_bytes = "\0\x01O";
	p.reply_len = 3;
	r = mux_exchange(&p, NULL, &reply, 2000);
	T_CHECK(r == PST_TEMPFAIL, "malformed reply -> TEMPFAIL");
	free(reply);

	{
		struct secret *pw = secret_from_str("x");

		reply = NULL;
		r = mux_client_auth("/nonexistent/mux", "a", pw, "imap", "", NULL, 500, &reply);
		T_CHECK(r == PST_TEMPFAIL && reply && strstr(reply, "/nonexistent/mux"),
		        "missing socket -> TEMPFAIL");
		free(reply);
		secret_free(&pw);
	}
}

static enum pst_result
ctl_exchange(const char *reply_bytes, const char *cmd, char **reply)
{
	struct peer p;
	char path[108];
	pthread_t th;
	enum pst_result r;

	memset(&p, 0, sizeof(p));
	p.mode = PEER_CTL;
	p.reply_bytes = reply_bytes;
	p.reply_len = strlen(reply_bytes);
	p.lfd = peer_listen(path, sizeof(path));
	pthread_create(&th, NULL, peer_run, &p);
	r = ctl_request(path, cmd, 2000, reply);
	pthread_join(th, NULL);
	close(p.lfd);
	unlink(path);
	T_CHECK(p.gotlen == strlen(cmd) + 1 && memcmp(p.got, cmd, strlen(cmd)) == 0 &&
	                p.got[p.gotlen - 1] == '\n',
	        "command line sent for %s", cmd);
	return r;
}

static void
test_ctl(void)
{
	static const struct {
		const char *server;
		enum pst_result want;
		const char *reply;
	} cases[] = {
	        {"requests=3\nok=2\nOK\n", PST_OK, "requests=3\nok=2\n"},
	        {"OK\n", PST_OK, ""},
	        {"OK", PST_OK, ""},
	        {"ERR no such user\n", PST_PERMFAIL, "no such user"},
	        {"ERR\n", PST_PERMFAIL, "error"},
	        {"requests=3\n", PST_TEMPFAIL, NULL},
	        {"", PST_TEMPFAIL, NULL},
	        {"OKAY\n", PST_TEMPFAIL, NULL},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *reply = NULL;
		enum pst_result r = ctl_exchange(cases[i].server, "stats", &reply);

		T_CHECK(r == cases[i].want, "ctl case %zu: %s", i, pst_result_name(r));
		if (cases[i].reply != NULL)
			T_STREQ(reply, cases[i].reply, "ctl reply");
		else
			T_CHECK(reply != NULL, "ctl case %zu has a reason", i);
		free(reply);
	}
	{
		char *reply = NULL;

		T_CHECK(ctl_request("/tmp/x", "flush a\nreload", 100, &reply) == PST_PERMFAIL,
		        "two-line command refused");
		free(reply);
		reply = NULL;
		T_CHECK(ctl_request("/nonexistent/ctl", "stats", 100, &reply) == PST_TEMPFAIL,
		        "missing socket");
		free(reply);
	}
}

int
main(void)
{
	test_mux();
	test_ctl();
	return t_done("mux_client");
}
