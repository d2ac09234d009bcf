/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * http_api.c: POST /api/v1/password, the JSON front end of a change.
 *
 *   in:  {"user":"alice","current":"...","new":"..."}
 *   out: {"ok":true,"code":"changed","message":"...","lang":"en"} or
 *        {"ok":false,"error":"too_short","code":"too_short","message":"...",
 *         "lang":"en"}
 *
 * "error" is the class of refusal, "code" the exact message (messages.h);
 * both are stable. "message" is in the language of Accept-Language (or
 * ?lang=), which "lang" and the Content-Language header name.
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
#include "lang.h"
#include "messages.h"
#include "secret.h"
#include "xalloc.h"

/* The three members plus room for a client that adds, say, a "repeat". */
#define API_MAX_MEMBERS 8

/* api_error_text - an error reply whose message is already in words */
static void
api_error_text(struct http_reply *rep, unsigned status, const char *error, const char *code,
               const char *message, enum lang l, const char *detail)
{
	rep->status = status;
	rep->lang = l;
	rep->content_type = "application/json";
	buf_reset(&rep->body);
	buf_appends(&rep->body, "{\"ok\":false,\"error\":");
	json_escape_append(&rep->body, error);
	buf_appends(&rep->body, ",\"code\":");
	json_escape_append(&rep->body, code);
	buf_appends(&rep->body, ",\"message\":");
	json_escape_append(&rep->body, message);
	if (detail != NULL) {
		buf_appends(&rep->body, ",\"detail\":");
		json_escape_append(&rep->body, detail);
	}
	buf_appends(&rep->body, ",\"lang\":");
	json_escape_append(&rep->body, lang_tag(l));
	buf_appends(&rep->body, "}\n");
}

void
http_api_error(struct http_reply *rep, unsigned status, const char *error, enum lang l,
               enum msg_id msg)
{
	api_error_text(rep, status, error, msg_code(msg), msg_text(l, msg), l, NULL);
}

static void
api_outcome(struct http_reply *rep, const struct change_outcome *o, enum lang l)
{
	char *message = change_outcome_message(o, l);

	if (o->error != NULL) {
		api_error_text(rep, o->status, o->error, msg_code(o->msg), message, l, NULL);
		rep->retry_after = o->retry_after;
		xfree(&message);
		return;
	}
	rep->status = o->status;
	rep->lang = l;
	rep->content_type = "application/json";
	buf_appends(&rep->body, "{\"ok\":true,\"code\":");
	json_escape_append(&rep->body, msg_code(o->msg));
	buf_appends(&rep->body, ",\"message\":");
	json_escape_append(&rep->body, message);
	if (o->was_expired)
		buf_appends(&rep->body, ",\"expired\":true");
	if (o->warning != MSG_NONE) {
		buf_appends(&rep->body, ",\"warning_code\":");
		json_escape_append(&rep->body, msg_code(o->warning));
		buf_appends(&rep->body, ",\"warning\":");
		json_escape_append(&rep->body, msg_text(l, o->warning));
	}
	buf_appends(&rep->body, ",\"lang\":");
	json_escape_append(&rep->body, lang_tag(l));
	buf_appends(&rep->body, "}\n");
	xfree(&message);
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
	enum lang l = http_lang(req);

	if (!http_same_origin(req)) {
		http_api_error(rep, 403, "csrf", l, MSG_CSRF_API);
		return;
	}
	if (json_parse_object(req->body, req->body_len, API_MAX_MEMBERS, &in, &why) != PST_OK) {
		/* The parser's reason is technical and stays in English, as "detail". */
		api_error_text(rep, 400, "bad_request", msg_code(MSG_JSON_MALFORMED),
		               msg_text(l, MSG_JSON_MALFORMED), l, why);
		return;
	}
	user = member(&in, "user");
	cur = member(&in, "current");
	nw = member(&in, "new");
	if (user == NULL || cur == NULL || nw == NULL) {
		http_api_error(rep, 400, "bad_request", l, MSG_JSON_MEMBERS);
		kv_free(&in);
		return;
	}
	current = secret_new(cur->val, cur->val_len);
	new_pw = secret_new(nw->val, nw->val_len);
	change_flow_run(app, req->ip, user->val, current, new_pw, &out);
	api_outcome(rep, &out, l);
	change_outcome_release(&out);
	secret_free(&current);
	secret_free(&new_pw);
	kv_free(&in);
}
