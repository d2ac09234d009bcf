/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_respond.c: replying, logging and counting one request.
 *
 * The client only ever sees "OK" or "NO": the reason a login failed (no
 * such user, disabled, locked, wrong service) is worth something to an
 * attacker and nothing to a mail client, so it goes to the log only.
 */
#include <string.h>

#include "auth_job.h"
#include "auth_respond.h"
#include "authd_conf.h"
#include "clock.h"
#include "log.h"
#include "mux_proto.h"
#include "sockio.h"
#include "stats.h"
#include "xalloc.h"

/* A reply is at most a few bytes; a client that cannot take them in a second is gone. */
#define REPLY_WRITE_MS 1000

const char *
auth_reply_text(enum pst_result result, int tempfail_reply)
{
	switch (result) {
	case PST_OK:
		return "OK";
	case PST_PERMFAIL:
		return "NO";
	case PST_TEMPFAIL:
		break;
	}
	return tempfail_reply == AUTHD_TEMPFAIL_NO ? "NO" : NULL;
}

void
auth_respond(struct auth_job *job, struct auth_outcome *out, const struct authd_conf *conf)
{
	int tempfail_reply = conf != NULL ? conf->authd.tempfail_reply : AUTHD_TEMPFAIL_CLOSE;
	const char *text = auth_reply_text(out->result, tempfail_reply);
	int64_t latency = clock_now_ms() - job->start_ms;
	char qu[300], qs[100], qr[300], qa[100], qd[300];
	static const char *const cache_names[] = {"off", "miss", "hit"};

	auth_job_late_field5(job);
	if (text != NULL && job->fd >= 0) {
		uint8_t wire[2 + MUX_REPLY_MAX];
		size_t n = mux_encode_reply(text, wire, sizeof(wire));

		/* A client that cannot take a few bytes in time is gone; nothing to do. */
		(void)sockio_write_all(job->fd, wire, n, clock_now_ms() + REPLY_WRITE_MS);
	}
	auth_job_close(job);

	stats_inc(ST_REQUESTS);
	stats_inc(out->result == PST_OK         ? ST_OK
	          : out->result == PST_PERMFAIL ? ST_NO
	                                        : ST_TEMPFAIL);
	stats_latency(latency);
	log_quote(qu, sizeof(qu), job->login, strlen(job->login));
	log_quote(qs, sizeof(qs), job->service, strlen(job->service));
	log_quote(qr, sizeof(qr), job->realm, strlen(job->realm));
	if (job->client_addr != NULL)
		log_quote(qa, sizeof(qa), job->client_addr, strlen(job->client_addr));
	if (out->detail != NULL)
		log_quote(qd, sizeof(qd), out->detail, strlen(out->detail));
	log_info("user=\"%s\" service=\"%s\" realm=\"%s\"%s%s%s result=%s reason=\"%s%s%s\" "
	         "latency_ms=%lld cache=%s%s",
	         qu, qs, qr, job->client_addr != NULL ? " addr=\"" : "",
	         job->client_addr != NULL ? qa : "", job->client_addr != NULL ? "\"" : "",
	         out->result == PST_OK         ? "OK"
	         : out->result == PST_PERMFAIL ? "NO"
	                                       : "TEMPFAIL",
	         out->reason != NULL ? out->reason
	                             : (out->result == PST_OK ? "success" : "unknown"),
	         out->detail != NULL ? ": " : "", out->detail != NULL ? qd : "", (long long)latency,
	         cache_names[out->cache],
	         out->result == PST_TEMPFAIL && text == NULL ? " reply=closed" : "");
	xfree(&out->detail);
}
