/*
 * http_api.c: POST /api/v1/password, the JSON front end of a change.
 *
 *   in:  {"user":"alice","current":"...","new":"..."}
 *   out: {"ok":true,"message":"..."} or
 *        {"ok":false,"error":"too_short","message":"..."}
 *
 * The API needs no CSRF token: a cross-site page cannot send an
 * application/json body without a CORS preflight, which is never granted.
 * A request whose Origin is another site is refused all the same (403).
 */
#include <string.h>

#include "app.h"
#include "change_flow.h"
#include "http.h"
#include "json_parse.h"
#include "secret.h"
#include "xalloc.h"

/* The three members plus room for a client that adds, say, a "repeat". */
#define API_MAX_MEMBERS 8

void
http_api_error(struct http_reply *rep, unsigned status, const char *error, const char *message)
{
	rep->status = status;
	rep->content_type = "application/json";
	buf_reset(&rep->body);
	buf_appends(&rep->body, "{\"ok\":false,\"error\":");
	json_escape_append(&rep->body, error);
	buf_appends(&rep->body, ",\"message\":");
	json_escape_append(&rep->body, message);
	buf_appends(&rep->body, "}\n");
}

static void
api_outcome(struct http_reply *rep, const struct change_outcome *o)
{
	if (o->error != NULL) {
		http_api_error(rep, o->status, o->error, o->message);
		rep->retry_after = o->retry_after;
		return;
	}
	rep->status = o->status;
	rep->content_type = "application/json";
	buf_appends(&rep->body, "{\"ok\":true,\"message\":");
	json_escape_append(&rep->body, o->message);
	if (o->was_expired)
		buf_appends(&rep->body, ",\"expired\":true");
	if (o->warning != NULL) {
		buf_appends(&rep->body, ",\"warning\":");
		json_escape_append(&rep->body, o->warning);
	}
	buf_appends(&rep->body, "}\n");
}

/* member - a string member that is present, or NULL */
static const struct kv *
member(const struct kv_list *l, const char *name)
{
	return kv_find(l, name);
}

void
http_api_password(const struct pwchange_app *app, const struct http_request *req,
                  struct http_reply *rep)
{
	struct kv_list in = KV_LIST_INIT;
	const struct kv *user, *cur, *nw;
	struct secret *current = NULL, *new_pw = NULL;
	struct change_outcome out;
	const char *why = NULL;

	if (!http_same_origin(req)) {
		http_api_error(rep, 403, "csrf", "Cross-site requests are not accepted.");
		return;
	}
	if (json_parse_object(req->body, req->body_len, API_MAX_MEMBERS, &in, &why) != PST_OK) {
		char *msg = xasprintf("Malformed JSON: %s.", why);

		http_api_error(rep, 400, "bad_request", msg);
		xfree(&msg);
		return;
	}
	user = member(&in, "user");
	cur = member(&in, "current");
	nw = member(&in, "new");
	if (user == NULL || cur == NULL || nw == NULL) {
		http_api_error(rep, 400, "bad_request",
		               "The request needs the string members \"user\", \"current\" and "
		               "\"new\".");
		kv_free(&in);
		return;
	}
	current = secret_new(cur->val, cur->val_len);
	new_pw = secret_new(nw->val, nw->val_len);
	change_flow_run(app, req->ip, user->val, current, new_pw, &out);
	api_outcome(rep, &out);
	change_outcome_release(&out);
	secret_free(&current);
	secret_free(&new_pw);
	kv_free(&in);
}
