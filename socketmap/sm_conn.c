/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sm_conn.c: one client connection: bounded reads, the netstring loop,
 * one directory connection for its lifetime, one log line per lookup.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "netstring.h"
#include "sm_conn.h"
#include "sm_dir.h"
#include "sm_lookup.h"
#include "sm_settings.h"
#include "sockio.h"
#include "xalloc.h"

/* Room for the length prefix and the trailing ',' around a maximal payload. */
#define SM_FRAME_EXTRA (NETSTRING_MAX_DIGITS + 2)
/* A reply's value or reason is cut here; sendmail's own buffer is about 1 KiB. */
#define SM_REPLY_MAX 1000

/* reply - send "<word> <text>" as one netstring; -1 when the client is gone */
static int
reply(int fd, enum sm_answer a, const char *text, long timeout_ms)
{
	char payload[SM_REPLY_MAX + 16], frame[SM_REPLY_MAX + 16 + SM_FRAME_EXTRA];
	size_t tl = text != NULL ? strnlen(text, SM_REPLY_MAX) : 0, pl, fl;

	pl = (size_t)snprintf(payload, sizeof(payload), "%s ", sm_answer_word(a));
	memcpy(payload + pl, text != NULL ? text : "", tl);
	pl += tl;
	fl = netstring_format(frame, sizeof(frame), payload, pl);
	if (fl == 0)
		return -1;
	return sockio_write_all(fd, frame, fl, sockio_now_ms() + timeout_ms);
}

/* handle - one request payload; -1 to close the connection */
static int
handle(const struct sm_ctx *c, struct sm_dir *d, int fd, const char *p, size_t n)
{
	const char *map, *key;
	size_t ml, kl;
	char *text = NULL, *note = NULL, qm[64], qk[256], qn[256];
	enum sm_answer a;
	int rc;

	if (socketmap_split(p, n, &map, &ml, &key, &kl) != 0) {
		log_warn("socketmap: malformed request (no \"map key\"); closing");
		reply(fd, SM_PERM, "malformed request", c->set->read_timeout_ms);
		return -1;
	}
	a = sm_lookup(c, d, key, kl, &text, &note);
	log_msg(a == SM_TEMP ? LOG_LVL_WARN : LOG_LVL_INFO,
	        "lookup map=%s key=\"%s\" answer=%s%s%s", log_quote(qm, sizeof(qm), map, ml),
	        log_quote(qk, sizeof(qk), key, kl), sm_answer_word(a), note != NULL ? " " : "",
	        note != NULL ? log_quote(qn, sizeof(qn), note, strlen(note)) : "");
	rc = reply(fd, a, text, c->set->read_timeout_ms);
	xfree(&text);
	xfree(&note);
	return rc;
}

/* wait_readable - 0 when fd has data by deadline_ms, -1 on time-out or error */
static int
wait_readable(int fd, long long deadline_ms)
{
	for (;;) {
		struct pollfd pfd = {fd, POLLIN, 0};
		long long left = deadline_ms - sockio_now_ms();
		int n;

		if (left <= 0)
			return -1;
		n = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return -1;
	}
}

/* drain - answer every whole request in buf[0..*len), keep the rest; -1 to close */
static int
drain(const struct sm_ctx *c, struct sm_dir *d, int fd, char *buf, size_t *len)
{
	size_t off = 0;

	for (;;) {
		const char *p;
		size_t n, used;
		enum ns_result r = netstring_parse(buf + off, *len - off,
		                                   (size_t)c->set->max_request, &p, &n, &used);

		if (r == NS_MORE)
			break;
		if (r == NS_BAD) {
			log_warn("socketmap: malformed or oversized request; closing");
			reply(fd, SM_PERM, "malformed or oversized request",
			      c->set->read_timeout_ms);
			return -1;
		}
		if (handle(c, d, fd, p, n) != 0)
			return -1;
		off += used;
	}
	memmove(buf, buf + off, *len - off);
	*len -= off;
	return 0;
}

void
sm_conn_serve(const struct sm_ctx *c, int fd)
{
	size_t cap = (size_t)c->set->max_request + SM_FRAME_EXTRA, len = 0, before;
	char *buf = xmalloc(cap);
	long long started = 0;
	struct sm_dir d;

	sm_dir_init(&d, c->ls);
	for (;;) {
		long long deadline = len > 0 ? started + c->set->read_timeout_ms
		                             : sockio_now_ms() + c->set->idle_timeout * 1000LL;
		ssize_t got;

		if (wait_readable(fd, deadline) != 0) {
			if (len > 0)
				log_warn("socketmap: request not complete within %ld ms; closing",
				         c->set->read_timeout_ms);
			break;
		}
		got = read(fd, buf + len, cap - len);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got <= 0)
			break;
		if (len == 0)
			started = sockio_now_ms();
		len += (size_t)got;
		before = len;
		if (drain(c, &d, fd, buf, &len) != 0 || len == cap)
			break;
		/* What is left after whole requests is a new one: its clock starts now. */
		if (len > 0 && len < before)
			started = sockio_now_ms();
	}
	sm_dir_close(&d);
	xfree(&buf);
	close(fd);
}
