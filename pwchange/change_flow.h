/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * change_flow.h: one password-change request from start to end, shared by
 * the HTML form and the JSON API: input checks, rate limits, local policy,
 * the directory change, the authd cache flush and the audit line. It
 * returns what to tell the client as catalogue ids (messages.h); the two
 * front ends render them in the request's language.
 */
#ifndef POSTINO_PWCHANGE_CHANGE_FLOW_H
#define POSTINO_PWCHANGE_CHANGE_FLOW_H

#include "messages.h"

struct pwchange_app;
struct secret;

/* Longest user name accepted; saslauthd's own limit is 256. */
#define CHANGE_USER_MAX 256
/* Longest current password accepted, in bytes. */
#define CHANGE_PASSWORD_MAX 1024

struct change_outcome {
	unsigned status;     /* HTTP status: 200, 400, 401, 403, 422, 429, 500, 503 */
	const char *error;   /* NULL on success, else a stable code such as "too_short" */
	enum msg_id msg;     /* what to tell the user */
	long arg[2];         /* the numbers for msg's {1} and {2} */
	enum msg_id warning; /* something to know despite success, or MSG_NONE */
	int was_expired;     /* the old password had expired */
	long retry_after;    /* seconds, for 429 */
};

/*
 * change_flow_run - handle one request. user/current/new_pw may be NULL
 * when the client did not send them. ip is the client address for rate
 * limits and the audit line.
 */
void change_flow_run(const struct pwchange_app *app, const char *ip, const char *user,
                     const struct secret *current, const struct secret *new_pw,
                     struct change_outcome *out);
/* change_flow_reject - fill out for a request refused before the flow (CSRF, size, type) */
void change_flow_reject(struct change_outcome *out, unsigned status, const char *error,
                        enum msg_id msg);
/* change_outcome_message - the outcome's message in l (xmalloc'd) */
char *change_outcome_message(const struct change_outcome *out, enum lang l);
/* change_outcome_release - free what out owns (nothing today; call it all the same) */
void change_outcome_release(struct change_outcome *out);

#endif
