/*
 * change_flow.c: the steps of a password change in their required order.
 *
 * Rate limits come first, so a refused client costs nothing else. The
 * local policy comes before the directory, so a weak password is refused
 * without a bind that could count as a failed login. Unknown user, wrong
 * password and locked account all produce the same status and message.
 */
#include <string.h>
#include <time.h>

#include "app.h"
#include "audit.h"
#include "change_flow.h"
#include "ctl_client.h"
#include "log.h"
#include "pw_change.h"
#include "pw_metrics.h"
#include "pw_policy.h"
#include "rate_limit.h"
#include "secret.h"
#include "xalloc.h"

#define MSG_BAD_CREDENTIALS "The user name or the current password is wrong."

void
change_flow_reject(struct change_outcome *out, unsigned status, const char *error,
                   const char *message)
{
	memset(out, 0, sizeof(*out));
	out->status = status;
	out->error = error;
	out->message = xstrdup(message);
}

void
change_outcome_release(struct change_outcome *out)
{
	xfree(&out->message);
	xfree(&out->warning);
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
lower_copy(char *dst, const char *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i] >= 'A' && src[i] <= 'Z' ? (char)(src[i] - 'A' + 'a') : src[i];
	dst[n] = '\0';
}

/* rate_limited - count the attempt; 1 (with out filled) when over a limit */
static int
rate_limited(const struct pwchange_app *app, const char *ip, const char *user,
             struct change_outcome *out)
{
	time_t now = time(NULL);
	long retry = 0;
	char key[CHANGE_USER_MAX + 1];

	if (rate_limit_hit(app->rl_ip, ip, strlen(ip), now, &retry) != PST_OK) {
		pw_metrics_rate_limited("ip");
		goto limited;
	}
	if (user != NULL && user_ok(user)) {
		/* Case folded, so "Alice" and "alice" share one counter. */
		lower_copy(key, user, strlen(user));
		if (rate_limit_hit(app->rl_user, key, strlen(key), now, &retry) != PST_OK) {
			pw_metrics_rate_limited("user");
			goto limited;
		}
	}
	return 0;
limited:
	memset(out, 0, sizeof(*out));
	out->status = 429;
	out->error = "rate_limited";
	out->retry_after = retry > 0 ? retry : 1;
	out->message = xasprintf("Too many attempts. Wait %ld minute%s and try again.",
	                         (out->retry_after + 59) / 60, out->retry_after > 60 ? "s" : "");
	return 1;
}

/* flush_authd - tell the local authd to forget cached results for the user */
static char *
flush_authd(const struct pwchange_app *app, const char *user, const char *uid)
{
	const char *sock = app->cs->control_socket;
	const char *names[2] = {user, uid};
	char *warning = NULL;

	if (sock == NULL || *sock == '\0')
		return NULL;
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
			if (warning == NULL)
				warning =
				        xstrdup("The mail servers on this host could not be told "
				                "about the change at once, so for a few minutes "
				                "they may still accept the old password as well.");
		}
		xfree(&reply);
		xfree(&cmd);
	}
	return warning;
}

static void
map_change(const struct pw_change_result *res, struct change_outcome *out)
{
	switch (res->status) {
	case PWC_CHANGED:
		out->status = 200;
		out->error = NULL;
		out->message = xstrdup(
		        res->was_expired ? "Your password had expired. It has now been changed: "
		                           "use the new password from now on."
		                         : "Your password has been changed. Use the new password "
		                           "from now on.");
		break;
	case PWC_BAD_CREDENTIALS:
		out->status = 401;
		out->error = "auth_failed";
		out->message = xstrdup(MSG_BAD_CREDENTIALS);
		break;
	case PWC_EXPIRED_NO_GRACE:
		out->status = 403;
		out->error = "expired";
		out->message =
		        xstrdup("Your password has expired, and the directory allows no more "
		                "logins with it, so it cannot be changed here. Ask the mail "
		                "administrators to reset it.");
		break;
	case PWC_IN_HISTORY:
		out->status = 422;
		out->error = "in_history";
		out->message = xstrdup("You have used the new password before. Choose one you have "
		                       "not used recently.");
		break;
	case PWC_TOO_YOUNG:
		out->status = 422;
		out->error = "too_young";
		out->message = xstrdup("Your password was changed too recently to be changed again "
		                       "yet. Try again later.");
		break;
	case PWC_REJECTED:
		out->status = 422;
		out->error = "rejected";
		out->message = xstrdup("The directory refused the new password under its password "
		                       "policy. Choose a longer, less predictable one.");
		break;
	case PWC_NOT_ALLOWED:
		out->status = 403;
		out->error = "not_allowed";
		out->message =
		        xstrdup("This account may not change its password here. Ask the mail "
		                "administrators.");
		break;
	case PWC_UNAVAILABLE:
		out->status = 503;
		out->error = "unavailable";
		out->message = xstrdup("The account directory cannot be reached right now, so your "
		                       "password was not changed. Try again in a few minutes.");
		break;
	case PWC_INTERNAL:
		out->status = 500;
		out->error = "internal";
		out->message = xstrdup("Something went wrong on the server; your password was not "
		                       "changed. Try again later.");
		break;
	}
}

static void
change_flow_do(const struct pwchange_app *app, const char *ip, const char *user,
               const struct secret *current, const struct secret *new_pw,
               struct change_outcome *out)
{
	struct pw_change_result res;
	enum pw_violation v;

	memset(out, 0, sizeof(*out));
	if (rate_limited(app, ip, user, out)) {
		audit_record(user, ip, "refused", "rate limit");
		return;
	}
	if (user == NULL || !user_ok(user)) {
		change_flow_reject(
		        out, 400, "bad_request",
		        user == NULL || *user == '\0'
		                ? "Enter your user name."
		                : "The user name contains characters that are not allowed.");
		audit_record(user, ip, "refused", "bad user name");
		return;
	}
	if (current == NULL || current->len == 0 || current->len > CHANGE_PASSWORD_MAX) {
		/* An empty simple bind is anonymous and succeeds: never send one. */
		change_flow_reject(out, 400, "bad_request",
		                   current == NULL || current->len == 0
		                           ? "Enter your current password."
		                           : MSG_BAD_CREDENTIALS);
		audit_record(user, ip, "refused", "bad current password field");
		return;
	}
	if (new_pw == NULL || new_pw->len == 0) {
		change_flow_reject(out, 400, "bad_request", "Enter a new password.");
		audit_record(user, ip, "refused", "no new password");
		return;
	}
	v = pw_policy_check(&app->policy, user, current, new_pw);
	if (v != PWV_NONE) {
		out->status = 422;
		out->error = pw_violation_code(v);
		out->message = pw_violation_message(&app->policy, v);
		audit_record(user, ip, "refused", pw_violation_code(v));
		return;
	}

	pw_change_run(&app->change, user, current, new_pw, &res);
	map_change(&res, out);
	out->was_expired = res.was_expired;
	if (res.status == PWC_CHANGED) {
		out->warning = flush_authd(app, user, res.uid);
		audit_record(user, ip, "ok",
		             res.was_expired ? "changed (old password had expired)" : "changed");
	} else {
		audit_record(user, ip,
		             res.status == PWC_UNAVAILABLE || res.status == PWC_INTERNAL
		                     ? "error"
		                     : "refused",
		             res.detail);
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
