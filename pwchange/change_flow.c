/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * change_flow.c: the steps of a password change in their required order.
 *
 * The per-client rate limit comes first, so a refused client costs nothing
 * else; the per-account one as soon as the directory has said which
 * account the name selects (its stored uid, never the typed spelling). The
 * local policy comes right after it and before any bind, so a weak
 * password is refused without a bind that could count as a failed login. Unknown user, wrong
 * password and locked account all produce the same status and message.
 */
#include <string.h>
#include <time.h>

#include "app.h"
#include "audit.h"
#include "change_flow.h"
#include "ctl_client.h"
#include "dir_policy.h"
#include "log.h"
#include "pw_change.h"
#include "pw_metrics.h"
#include "pw_policy.h"
#include "rate_limit.h"
#include "secret.h"
#include "xalloc.h"

void
change_flow_reject(struct change_outcome *out, unsigned status, const char *error, enum msg_id msg)
{
	memset(out, 0, sizeof(*out));
	out->status = status;
	out->error = error;
	out->msg = msg;
}

char *
change_outcome_message(const struct change_outcome *out, enum lang l)
{
	return msg_format(l, out->msg, out->arg[0], out->arg[1]);
}

void
change_outcome_release(struct change_outcome *out)
{
	(void)out;
}

/* user_ok - 1 for a plausible login: printable, no blanks, bounded */
static int
user_ok(const char *user)
{
	size_t n = strlen(user);

	if (n == 0 || n > CHANGE_USER_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)user[i];

		if (c <= 0x20 || c == 0x7F)
			return 0;
	}
	return 1;
}

static void
limited(long retry, struct change_outcome *out)
{
	memset(out, 0, sizeof(*out));
	out->status = 429;
	out->error = "rate_limited";
	out->retry_after = retry > 0 ? retry : 1;
	out->msg = out->retry_after > 60 ? MSG_RATE_LIMITED : MSG_RATE_LIMITED_1;
	out->arg[0] = (out->retry_after + 59) / 60;
}

/* rate_limited - count the attempt against the client; 1 (with out filled) when over */
static int
rate_limited(const struct pwchange_app *app, const char *ip, struct change_outcome *out)
{
	long retry = 0;

	if (rate_limit_hit(app->rl_ip, ip, strlen(ip), time(NULL), &retry) == PST_OK)
		return 0;
	pw_metrics_rate_limited("ip");
	limited(retry, out);
	return 1;
}

struct account_gate {
	const struct pwchange_app *app;
	const struct secret *current, *new_pw;
	struct change_outcome *out;
	const char *violation; /* why the gate said no, for the audit line */
};

/*
 * account_gate - pw_change_gate_fn, run once the directory has said which
 * account the name selects and before any bind: count the attempt against
 * that account (its stored uid, lower-cased), so no spelling of the name
 * the directory folds gets a counter of its own; then the local password
 * policy, so a weak password costs no bind that could count as a failed
 * login.
 */
static int
account_gate(void *arg, const char *account)
{
	struct account_gate *g = arg;
	long retry = 0;
	enum pw_violation v;

	if (rate_limit_hit(g->app->rl_user, account, strlen(account), time(NULL), &retry) !=
	    PST_OK) {
		pw_metrics_rate_limited("user");
		limited(retry, g->out);
		g->violation = "rate limit";
		return 1;
	}
	v = pw_policy_check(&g->app->policy, account, g->current, g->new_pw);
	if (v == PWV_NONE)
		return 0;
	g->out->status = 422;
	g->out->error = pw_violation_code(v);
	g->out->msg = pw_violation_msg(&g->app->policy, v, &g->out->arg[0]);
	g->violation = pw_violation_code(v);
	return 1;
}

/* flush_authd - tell the local authd to forget cached results for the user */
static enum msg_id
flush_authd(const struct pwchange_app *app, const char *user, const char *uid)
{
	const char *sock = app->cs->control_socket;
	const char *names[2] = {user, uid};
	enum msg_id warning = MSG_NONE;

	if (sock == NULL || *sock == '\0')
		return MSG_NONE;
	for (int i = 0; i < 2; i++) {
		char *cmd, *reply = NULL;
		enum pst_result r;

		if (names[i] == NULL || (i == 1 && strcmp(names[1], names[0]) == 0))
			continue;
		cmd = xasprintf("flush %s", names[i]);
		r = ctl_request(sock, cmd, (int)app->ps->flush_timeout, &reply);
		if (r != PST_OK) {
			log_warn("cannot flush %s from postino-authd at %s: %s", names[i], sock,
			         reply ? reply : pst_result_name(r));
			warning = MSG_AUTHD_NOT_TOLD;
		}
		xfree(&reply);
		xfree(&cmd);
	}
	return warning;
}

/* map_change - what to tell the client; dir_min_length is the directory's pwdMinLength or 0 */
static void
map_change(const struct pw_change_result *res, long dir_min_length, struct change_outcome *out)
{
	switch (res->status) {
	case PWC_CHANGED:
		out->status = 200;
		out->error = NULL;
		out->msg = res->was_expired ? MSG_CHANGED_EXPIRED : MSG_CHANGED;
		break;
	case PWC_BAD_CREDENTIALS:
		out->status = 401;
		out->error = "auth_failed";
		out->msg = MSG_AUTH_FAILED;
		break;
	case PWC_EXPIRED_NO_GRACE:
		out->status = 403;
		out->error = "expired";
		out->msg = MSG_EXPIRED;
		break;
	case PWC_IN_HISTORY:
		out->status = 422;
		out->error = "in_history";
		out->msg = MSG_IN_HISTORY;
		break;
	case PWC_TOO_YOUNG:
		out->status = 422;
		out->error = "too_young";
		out->msg = MSG_TOO_YOUNG;
		break;
	case PWC_REJECTED:
		out->status = 422;
		out->error = "rejected";
		out->msg = MSG_REJECTED;
		break;
	case PWC_TOO_SHORT:
		out->status = 422;
		out->error = "too_short";
		out->msg = dir_min_length > 0 ? MSG_DIR_TOO_SHORT_N : MSG_DIR_TOO_SHORT;
		out->arg[0] = dir_min_length;
		break;
	case PWC_QUALITY:
		out->status = 422;
		out->error = "quality";
		out->msg = MSG_DIR_QUALITY;
		break;
	case PWC_OLD_NEEDED:
		out->status = 422;
		out->error = "old_password_needed";
		out->msg = MSG_DIR_OLD_NEEDED;
		break;
	case PWC_NOT_ALLOWED:
		out->status = 403;
		out->error = "not_allowed";
		out->msg = MSG_NOT_ALLOWED;
		break;
	case PWC_UNAVAILABLE:
		out->status = 503;
		out->error = "unavailable";
		out->msg = MSG_UNAVAILABLE;
		break;
	case PWC_GATED: /* the gate filled in the answer */
		break;
	case PWC_INTERNAL:
		out->status = 500;
		out->error = "internal";
		out->msg = MSG_INTERNAL;
		break;
	}
}

static void
change_flow_do(const struct pwchange_app *app, const char *ip, const char *user,
               const struct secret *current, const struct secret *new_pw,
               struct change_outcome *out)
{
	struct pw_change_result res;
	struct account_gate gate = {app, current, new_pw, out, NULL};

	memset(out, 0, sizeof(*out));
	if (rate_limited(app, ip, out)) {
		audit_record(user, ip, "refused", "rate limit");
		return;
	}
	if (user == NULL || !user_ok(user)) {
		change_flow_reject(out, 400, "bad_request",
		                   user == NULL || *user == '\0' ? MSG_USER_MISSING
		                                                 : MSG_USER_INVALID);
		audit_record(user, ip, "refused", "bad user name");
		return;
	}
	if (current == NULL || current->len == 0 || current->len > CHANGE_PASSWORD_MAX) {
		/* An empty simple bind is anonymous and succeeds: never send one. */
		change_flow_reject(out, 400, "bad_request",
		                   current == NULL || current->len == 0 ? MSG_CURRENT_MISSING
		                                                        : MSG_AUTH_FAILED);
		audit_record(user, ip, "refused", "bad current password field");
		return;
	}
	if (new_pw == NULL || new_pw->len == 0) {
		change_flow_reject(out, 400, "bad_request", MSG_NEW_MISSING);
		audit_record(user, ip, "refused", "no new password");
		return;
	}
	pw_change_run(&app->change, user, current, new_pw, account_gate, &gate, &res);
	if (res.status != PWC_GATED) {
		map_change(&res, dir_policy_min_length(app->dir_policy), out);
		out->was_expired = res.was_expired;
	}
	/* From here on the account is the directory's identity, not the spelling typed. */
	if (res.uid != NULL)
		user = res.uid;
	if (res.status == PWC_CHANGED) {
		out->warning = flush_authd(app, user, res.uid);
		audit_record(user, ip, "ok",
		             res.was_expired ? "changed (old password had expired)" : "changed");
	} else {
		audit_record(user, ip,
		             res.status == PWC_UNAVAILABLE || res.status == PWC_INTERNAL
		                     ? "error"
		                     : "refused",
		             gate.violation != NULL ? gate.violation : res.detail);
	}
	pw_change_result_release(&res);
}

void
change_flow_run(const struct pwchange_app *app, const char *ip, const char *user,
                const struct secret *current, const struct secret *new_pw,
                struct change_outcome *out)
{
	change_flow_do(app, ip, user, current, new_pw, out);
	pw_metrics_outcome(out);
}
