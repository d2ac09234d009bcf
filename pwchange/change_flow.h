/*
 * change_flow.h: one password-change request from start to end, shared by
 * the HTML form and the JSON API: input checks, rate limits, local policy,
 * the directory change, the authd cache flush and the audit line. It
 * returns what to tell the client; the two front ends only render it.
 */
#ifndef POSTINO_PWCHANGE_CHANGE_FLOW_H
#define POSTINO_PWCHANGE_CHANGE_FLOW_H

struct pwchange_app;
struct secret;

/* Longest user name accepted; saslauthd's own limit is 256. */
#define CHANGE_USER_MAX 256
/* Longest current password accepted, in bytes. */
#define CHANGE_PASSWORD_MAX 1024

struct change_outcome {
	unsigned status;   /* HTTP status: 200, 400, 401, 403, 422, 429, 500, 503 */
	const char *error; /* NULL on success, else a stable code such as "too_short" */
	char *message;     /* one or two sentences for the user (xmalloc'd) */
	char *warning;     /* something the user should know despite success, or NULL */
	int was_expired;   /* the old password had expired */
	long retry_after;  /* seconds, for 429 */
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
                        const char *message);
void change_outcome_release(struct change_outcome *out);

#endif
