/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_respond.c: replying, logging and counting one request.
 *
 * The client only ever sees "OK" or "NO": the reason a login failed (no
 * such user, disabled, locked, wrong service) is worth something to an
 * attacker and nothing to a mail client, so it goes to the log only.
 * Refusals and failures are logged at info; an OK only at debug unless
 * authd_log_success is on: the mail server logs the login itself, and on
 * the cache-hit path the line (formatting and a write) cost as much as
 * the rest of authd's own work.
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

/* log_request - the request's one line: never the password */
static void
log_request(enum log_level lvl, const struct auth_job *job, const struct auth_outcome *out,
            int64_t latency, int closed)
{
	char qu[300], qs[100], qr[300], qa[100], qd[300];
	static const char *const cache_names[] = {"off", "miss", "hit"};

	log_quote(qu, sizeof(qu), job->login, strlen(job->login));
	log_quote(qs, sizeof(qs), job->service, strlen(job->service));
	log_quote(qr, sizeof(qr), job->realm, strlen(job->realm));
	if (job->client_addr != NULL)
		log_quote(qa, sizeof(qa), job->client_addr, strlen(job->client_addr));
	if (out->detail != NULL)
		log_quote(qd, sizeof(qd), out->detail, strlen(out->detail));
	log_msg(lvl,
	        "user=\"%s\" service=\"%s\" realm=\"%s\"%s%s%s result=%s reason=\"%s%s%s\" "
	        "latency_ms=%lld cache=%s%s",
	        qu, qs, qr, job->client_addr != NULL ? " addr=\"" : "",
	        job->client_addr != NULL ? qa : "", job->client_addr != NULL ? "\"" : "",
	        out->result == PST_OK         ? "OK"
	        : out->result == PST_PERMFAIL ? "NO"
	                                      : "TEMPFAIL",
	        out->reason != NULL ? out->reason : (out->result == PST_OK ? "success" : "unknown"),
	        out->detail != NULL ? ": " : "", out->detail != NULL ? qd : "", (long long)latency,
	        cache_names[out->cache],
	        out->result == PST_TEMPFAIL && closed ? " reply=closed" : "");
}

void
auth_respond(struct auth_job *job, struct auth_outcome *out, const struct authd_conf *conf)
{
	int tempfail_reply = conf != NULL ? conf->authd.tempfail_reply : AUTHD_TEMPFAIL_CLOSE;
	const char *text = auth_reply_text(out->result, tempfail_reply);
	int64_t now = clock_now_ms(), latency = now - job->start_ms;
	/* An OK is the mail server's to log (as saslauthd, which logs it only when debugging). */
	enum log_level lvl = out->result != PST_OK || conf == NULL || conf->authd.log_success
	                             ? LOG_LVL_INFO
	                             : LOG_LVL_DEBUG;

	if (log_enabled(lvl))
		auth_job_late_field5(job);
	if (text != NULL && job->fd >= 0) {
		uint8_t wire[2 + MUX_REPLY_MAX];
		size_t n = mux_encode_reply(text, wire, sizeof(wire));

		/* A client that cannot take a few bytes in time is gone; nothing to do. */
		(void)sockio_write_all(job->fd, wire, n, now + REPLY_WRITE_MS);
	}
	auth_job_close(job);

	stats_inc(ST_REQUESTS);
	stats_inc(out->result == PST_OK         ? ST_OK
	          : out->result == PST_PERMFAIL ? ST_NO
	                                        : ST_TEMPFAIL);
	stats_latency(latency);
	if (log_enabled(lvl))
		log_request(lvl, job, out, latency, text == NULL);
	xfree(&out->detail);
}
