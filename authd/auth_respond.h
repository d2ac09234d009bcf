/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_respond.h: the end of every request: the reply on the wire, the
 * log line and the counters, all in one place so no path can skip one.
 */
#ifndef AUTHD_AUTH_RESPOND_H
#define AUTHD_AUTH_RESPOND_H

#include "result.h"

struct auth_job;
struct authd_conf;

enum cache_use { CACHE_OFF = 0, CACHE_MISS, CACHE_HIT };

struct auth_outcome {
	enum pst_result result;
	const char *reason; /* fixed text for the log; NULL for success */
	char *detail;       /* optional xmalloc'd detail (an LDAP message); freed by auth_respond */
	enum cache_use cache;
};

/* auth_reply_text - the bytes a client gets for result (NULL: close without a reply) */
const char *auth_reply_text(enum pst_result result, int tempfail_reply);

/*
 * auth_respond - send the reply (or close without one, for TEMPFAIL under
 * authd_tempfail_reply: close), close the connection, log one line and
 * count. conf may be NULL (then the defaults apply).
 */
void auth_respond(struct auth_job *job, struct auth_outcome *out, const struct authd_conf *conf);

#endif
