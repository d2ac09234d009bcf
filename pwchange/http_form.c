/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * http_form.c: the HTML page: GET / shows the form, POST / handles it and
 * shows a page that states what happened.
 *
 * The page works without JavaScript and has none, and no inline style, so
 * the Content-Security-Policy can forbid both. Every input has a label and
 * the autocomplete token password managers look for; the outcome is a live
 * region, and the field it is about is marked invalid. Every word comes
 * from the catalogue (messages.h) in the request's language, which the
 * html element names; links switch it. Everything that came from the
 * client is HTML-escaped before it is echoed.
 */
#include <string.h>

#include "app.h"
#include "change_flow.h"
#include "cookie_parse.h"
#include "csrf.h"
#include "form_parse.h"
#include "http.h"
#include "lang.h"
#include "messages.h"
#include "log.h"
#include "secret.h"
#include "xalloc.h"

#define FORM_MAX_FIELDS 8

enum notice { N_NONE, N_OK, N_ERROR };

static void
html_escape_append(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			buf_appends(b, "&amp;");
			break;
		case '<':
			buf_appends(b, "&lt;");
			break;
		case '>':
			buf_appends(b, "&gt;");
			break;
		case '"':
			buf_appends(b, "&quot;");
			break;
		case '\'':
			buf_appends(b, "&#39;");
			break;
		default:
			buf_appendc(b, *s);
		}
	}
}

struct page {
	enum lang lang;
	const char *token; /* CSRF token for the form, NULL: no form */
	const char *user;  /* user name to fill in, or NULL */
	enum notice kind;
	const char *message; /* the notice, or NULL */
	const char *warning; /* a second, milder notice, or NULL */
	const char *focus;   /* id of the field the error is about, or NULL */
};

/*
 * field - one labelled input; extra is more attributes, starting with a
 * blank; rules names the element that describes it, or NULL. The field an
 * error is about is marked invalid and described by the notice too.
 */
static void
field(struct buf *b, const struct page *pg, const char *id, enum msg_id label, const char *type,
      const char *autocomplete, const char *value, const char *focus, const char *extra,
      const char *rules)
{
	int bad = pg->kind == N_ERROR && pg->message != NULL && strcmp(id, focus) == 0;

	buf_appendf(b, "<div class=\"field\">\n<label for=\"%s\">", id);
	html_escape_append(b, msg_text(pg->lang, label));
	buf_appendf(b,
	            "</label>\n"
	            "<input id=\"%s\" name=\"%s\" type=\"%s\" autocomplete=\"%s\" required%s",
	            id, id, type, autocomplete, extra);
	if (rules != NULL || bad)
		buf_appendf(b, " aria-describedby=\"%s%s%s\"", bad ? "result" : "",
		            bad && rules ? " " : "", rules ? rules : "");
	if (bad)
		buf_appends(b, " aria-invalid=\"true\"");
	if (value != NULL) {
		buf_appends(b, " value=\"");
		html_escape_append(b, value);
		buf_appends(b, "\"");
	}
	if (strcmp(id, focus) == 0)
		buf_appends(b, " autofocus");
	buf_appends(b, ">\n</div>\n");
}

/* lang_switch - links to the page in the other languages; work without JavaScript */
static void
lang_switch(struct buf *b, enum lang cur)
{
	buf_appends(b, "<nav class=\"lang\" aria-label=\"");
	html_escape_append(b, msg_text(cur, MSG_LANGUAGE));
	buf_appends(b, "\">\n<ul>\n");
	for (int i = 0; i < LANG_COUNT; i++) {
		const char *tag = lang_tag((enum lang)i), *name = lang_name((enum lang)i);

		if (i == (int)cur)
			buf_appendf(b,
			            "<li><span lang=\"%s\" aria-current=\"true\">%s</span></li>\n",
			            tag, name);
		else
			buf_appendf(b,
			            "<li><a href=\"/?" LANG_ARG "=%s\" hreflang=\"%s\" lang=\"%s\">"
			            "%s</a></li>\n",
			            tag, tag, tag, name);
	}
	buf_appends(b, "</ul>\n</nav>\n");
}

static void
notice(struct buf *b, const struct page *pg)
{
	enum lang l = pg->lang;

	/* A live region, so a screen reader announces the outcome on arrival. */
	buf_appends(b, pg->kind == N_OK ? "<div class=\"notice ok\" role=\"status\" "
	                                  "aria-live=\"polite\" id=\"result\">\n<p><strong>"
	                                : "<div class=\"notice error\" role=\"alert\" "
	                                  "aria-live=\"assertive\" id=\"result\">\n<p><strong>");
	html_escape_append(b, msg_text(l, pg->kind == N_OK ? MSG_DONE : MSG_NOT_CHANGED));
	buf_appends(b, "</strong> ");
	html_escape_append(b, pg->message);
	buf_appends(b, "</p>\n");
	if (pg->warning != NULL) {
		buf_appends(b, "<p class=\"warning\"><strong>");
		html_escape_append(b, msg_text(l, MSG_NOTE));
		buf_appends(b, "</strong> ");
		html_escape_append(b, pg->warning);
		buf_appends(b, "</p>\n");
	}
	buf_appends(b, "</div>\n");
}

static void
render(const struct pwchange_app *app, struct buf *b, const struct page *pg)
{
	enum lang l = pg->lang;
	const char *title = app->ps->title ? app->ps->title : msg_text(l, MSG_TITLE);
	const char *focus = pg->focus ? pg->focus : pg->user ? "current" : "user";

	buf_appendf(b,
	            "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	            "<meta name=\"referrer\" content=\"same-origin\">\n<title>",
	            lang_tag(l));
	if (pg->kind == N_ERROR)
		html_escape_append(b, msg_text(l, MSG_TITLE_NOT_CHANGED));
	else if (pg->kind == N_OK)
		html_escape_append(b, msg_text(l, MSG_TITLE_CHANGED));
	html_escape_append(b, title);
	buf_appends(b, "</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n"
	               "<main>\n");
	lang_switch(b, l);
	buf_appends(b, "<h1>");
	html_escape_append(b, title);
	buf_appends(b, "</h1>\n");
	if (pg->message != NULL)
		notice(b, pg);

	if (pg->token == NULL) {
		buf_appendf(b, "<p><a href=\"/?" LANG_ARG "=%s\">", lang_tag(l));
		html_escape_append(b, msg_text(l, MSG_BACK));
		buf_appends(b, "</a></p>\n</main>\n</body>\n</html>\n");
		return;
	}
	/* The action names the language, so the answer comes in the language of the form. */
	buf_appendf(b,
	            "<form method=\"post\" action=\"/?" LANG_ARG "=%s\">\n"
	            "<input type=\"hidden\" name=\"" CSRF_FIELD "\" value=\"%s\">\n",
	            lang_tag(l), pg->token);
	field(b, pg, "user", MSG_LABEL_USER, "text", "username", pg->user, focus,
	      " autocapitalize=\"none\" spellcheck=\"false\"", NULL);
	field(b, pg, "current", MSG_LABEL_CURRENT, "password", "current-password", NULL, focus, "",
	      NULL);
	field(b, pg, "new", MSG_LABEL_NEW, "password", "new-password", NULL, focus, "", "rules");
	field(b, pg, "repeat", MSG_LABEL_REPEAT, "password", "new-password", NULL, focus, "", NULL);
	buf_appends(b, "<section class=\"rules\" id=\"rules\">\n<h2>");
	html_escape_append(b, msg_text(l, MSG_RULES_HEADING));
	buf_appends(b, "</h2>\n<ul>\n");
	for (size_t i = 0; app->rules[l] != NULL && app->rules[l][i] != NULL; i++) {
		buf_appends(b, "<li>");
		html_escape_append(b, app->rules[l][i]);
		buf_appends(b, "</li>\n");
	}
	buf_appends(b, "</ul>\n</section>\n<button type=\"submit\">");
	html_escape_append(b, msg_text(l, MSG_SUBMIT));
	buf_appends(b, "</button>\n</form>\n<p class=\"note\">");
	html_escape_append(b, msg_text(l, MSG_FOOTNOTE));
	buf_appends(b, "</p>\n</main>\n</body>\n</html>\n");
}

static void
html(struct http_reply *rep, unsigned status)
{
	rep->status = status;
	rep->content_type = "text/html; charset=utf-8";
}

/*
 * page_token - the CSRF token to put in the page: the MAC of the session
 * value in the client's cookie when that is well formed, else of a fresh
 * one, which is also set as the cookie. 0 (for a 503) when the RNG fails.
 */
static int
page_token(const struct pwchange_app *app, const struct http_request *req, struct http_reply *rep,
           char tok[CSRF_TOKEN_LEN + 1])
{
	char *cookie = NULL, session[CSRF_TOKEN_LEN + 1];

	if (req->cookie != NULL &&
	    cookie_find(req->cookie, strlen(req->cookie), CSRF_COOKIE, &cookie) == PST_OK &&
	    csrf_token_for(app->csrf_key, cookie, tok) == PST_OK) {
		xfree(&cookie);
		return 1;
	}
	xfree(&cookie);
	if (csrf_session_new(session) != PST_OK ||
	    csrf_token_for(app->csrf_key, session, tok) != PST_OK)
		return 0;
	xfree(&rep->set_cookie);
	rep->set_cookie = csrf_set_cookie(session);
	return 1;
}

void
http_form_error(const struct pwchange_app *app, struct http_reply *rep, unsigned status,
                enum lang l, enum msg_id msg)
{
	struct page pg = {l, NULL, NULL, N_ERROR, msg_text(l, msg), NULL, NULL};

	buf_reset(&rep->body);
	html(rep, status);
	rep->lang = l;
	render(app, &rep->body, &pg);
}

void
http_form_get(const struct pwchange_app *app, const struct http_request *req,
              struct http_reply *rep)
{
	char tok[CSRF_TOKEN_LEN + 1];
	enum lang l = http_lang(req), chosen;
	struct page pg = {l, tok, NULL, N_NONE, NULL, NULL, NULL};

	/* A choice from the switch is kept in a cookie for the next visits. */
	if (req->lang_arg != NULL && lang_from_tag(req->lang_arg, &chosen)) {
		xfree(&rep->set_cookie2);
		rep->set_cookie2 = lang_set_cookie(chosen);
	}
	if (!page_token(app, req, rep, tok)) {
		http_form_error(app, rep, 503, l, MSG_NO_TOKEN);
		return;
	}
	html(rep, 200);
	rep->lang = l;
	render(app, &rep->body, &pg);
}

/* focus_for - the field a message is about, so the page puts the cursor there */
static const char *
focus_for(const struct change_outcome *out)
{
	if (out->error == NULL)
		return NULL;
	switch (out->msg) {
	case MSG_AUTH_FAILED:
	case MSG_CURRENT_MISSING:
		return "current";
	case MSG_USER_MISSING:
	case MSG_USER_INVALID:
	case MSG_RATE_LIMITED:
	case MSG_RATE_LIMITED_1:
		return "user";
	default:
		return "new";
	}
}

/* csrf_refused - a 403 page with a fresh form whose token matches the cookie */
static void
csrf_refused(const struct pwchange_app *app, const struct http_request *req, struct http_reply *rep,
             enum lang l)
{
	char tok[CSRF_TOKEN_LEN + 1];
	struct page pg = {l, tok, NULL, N_ERROR, msg_text(l, MSG_CSRF_FORM), NULL, NULL};

	if (!page_token(app, req, rep, tok)) {
		http_form_error(app, rep, 503, l, MSG_NO_TOKEN);
		return;
	}
	html(rep, 403);
	rep->lang = l;
	render(app, &rep->body, &pg);
}

void
http_form_post(const struct pwchange_app *app, const struct http_request *req,
               struct http_reply *rep)
{
	struct kv_list in = KV_LIST_INIT;
	char tok[CSRF_TOKEN_LEN + 1], *cookie = NULL, *message;
	const struct kv *f_csrf, *f_user, *f_cur, *f_new, *f_rep;
	struct secret *current = NULL, *new_pw = NULL;
	struct change_outcome out;
	enum lang l = http_lang(req);
	struct page pg = {l, tok, NULL, N_ERROR, NULL, NULL, NULL};

	if (form_parse(req->body, req->body_len, FORM_MAX_FIELDS, &in) != PST_OK) {
		http_form_error(app, rep, 400, l, MSG_FORM_UNREADABLE);
		return;
	}
	f_csrf = kv_find(&in, CSRF_FIELD);
	if (req->cookie == NULL ||
	    cookie_find(req->cookie, strlen(req->cookie), CSRF_COOKIE, &cookie) != PST_OK)
		cookie = NULL;
	if (!http_same_origin(req) ||
	    csrf_check(app->csrf_key, cookie, f_csrf != NULL ? f_csrf->val : NULL) != PST_OK) {
		log_info("%s: form refused (CSRF): %s", req->ip,
		         !http_same_origin(req) ? "cross-site request"
		         : cookie == NULL       ? "no token cookie"
		         : f_csrf == NULL       ? "no token field"
		                                : "token does not match the cookie");
		xfree(&cookie);
		kv_free(&in);
		csrf_refused(app, req, rep, l);
		return;
	}
	/* The field is the cookie's token: the form shown next carries it again. */
	memcpy(tok, f_csrf->val, CSRF_TOKEN_LEN + 1);
	xfree(&cookie);

	f_user = kv_find(&in, "user");
	f_cur = kv_find(&in, "current");
	f_new = kv_find(&in, "new");
	f_rep = kv_find(&in, "repeat");
	if (f_cur != NULL)
		current = secret_new(f_cur->val, f_cur->val_len);
	if (f_new != NULL)
		new_pw = secret_new(f_new->val, f_new->val_len);
	if (new_pw != NULL && new_pw->len > 0 &&
	    (f_rep == NULL ||
	     !secret_equal(f_new->val, f_new->val_len, f_rep->val, f_rep->val_len)))
		change_flow_reject(&out, 422, "mismatch", MSG_MISMATCH);
	else
		change_flow_run(app, req->ip, f_user ? f_user->val : NULL, current, new_pw, &out);

	html(rep, out.status);
	rep->lang = l;
	if (out.error == NULL) {
		pg.token = NULL;
		pg.kind = N_OK;
	} else if (f_user != NULL && f_user->val_len <= CHANGE_USER_MAX) {
		pg.user = f_user->val;
	}
	message = change_outcome_message(&out, l);
	pg.message = message;
	pg.warning = out.warning != MSG_NONE ? msg_text(l, out.warning) : NULL;
	pg.focus = focus_for(&out);
	rep->retry_after = out.retry_after;
	render(app, &rep->body, &pg);
	xfree(&message);
	change_outcome_release(&out);
	secret_free(&current);
	secret_free(&new_pw);
	kv_free(&in);
}
