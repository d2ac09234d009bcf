/*
 * http_form.c: the HTML page: GET / shows the form, POST / handles it and
 * shows a page that states what happened.
 *
 * The page works without JavaScript and has none, and no inline style, so
 * the Content-Security-Policy can forbid both. Every input has a label and
 * the autocomplete token password managers look for. Everything that came
 * from the client is HTML-escaped before it is echoed.
 */
#include <string.h>

#include "app.h"
#include "change_flow.h"
#include "cookie_parse.h"
#include "csrf.h"
#include "form_parse.h"
#include "http.h"
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
	const char *token; /* CSRF token for the form, NULL: no form */
	const char *user;  /* user name to fill in, or NULL */
	enum notice kind;
	const char *message; /* the notice, or NULL */
	const char *warning; /* a second, milder notice, or NULL */
	const char *focus;   /* id of the field the error is about, or NULL */
};

/* field - one labelled input; extra is more attributes, starting with a blank */
static void
field(struct buf *b, const char *id, const char *label, const char *type, const char *autocomplete,
      const char *value, const char *focus, const char *extra)
{
	buf_appendf(b,
	            "<div class=\"field\">\n<label for=\"%s\">%s</label>\n"
	            "<input id=\"%s\" name=\"%s\" type=\"%s\" autocomplete=\"%s\" required%s",
	            id, label, id, id, type, autocomplete, extra);
	if (value != NULL) {
		buf_appends(b, " value=\"");
		html_escape_append(b, value);
		buf_appends(b, "\"");
	}
	if (strcmp(id, focus) == 0)
		buf_appends(b, " autofocus");
	buf_appends(b, ">\n</div>\n");
}

static void
render(const struct pwchange_app *app, struct buf *b, const struct page *pg)
{
	const char *title = app->ps->title;
	const char *focus = pg->focus ? pg->focus : pg->user ? "current" : "user";

	buf_appends(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	               "<meta name=\"referrer\" content=\"same-origin\">\n<title>");
	if (pg->kind == N_ERROR)
		buf_appends(b, "Not changed: ");
	else if (pg->kind == N_OK)
		buf_appends(b, "Changed: ");
	html_escape_append(b, title);
	buf_appends(b, "</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n"
	               "<main>\n<h1>");
	html_escape_append(b, title);
	buf_appends(b, "</h1>\n");

	if (pg->message != NULL) {
		buf_appends(
		        b,
		        pg->kind == N_OK
		                ? "<div class=\"notice ok\" role=\"status\" id=\"result\">\n<p>"
		                : "<div class=\"notice error\" role=\"alert\" id=\"result\">\n<p>");
		buf_appends(b, pg->kind == N_OK ? "<strong>Done.</strong> "
		                                : "<strong>Not changed.</strong> ");
		html_escape_append(b, pg->message);
		buf_appends(b, "</p>\n");
		if (pg->warning != NULL) {
			buf_appends(b, "<p class=\"warning\"><strong>Note:</strong> ");
			html_escape_append(b, pg->warning);
			buf_appends(b, "</p>\n");
		}
		buf_appends(b, "</div>\n");
	}

	if (pg->token == NULL) {
		buf_appends(
		        b,
		        "<p><a href=\"/\">Back to the form</a></p>\n</main>\n</body>\n</html>\n");
		return;
	}
	buf_appends(b, "<form method=\"post\" action=\"/\">\n"
	               "<input type=\"hidden\" name=\"" CSRF_FIELD "\" value=\"");
	buf_appends(b, pg->token);
	buf_appends(b, "\">\n");
	field(b, "user", "User name", "text", "username", pg->user, focus,
	      " autocapitalize=\"none\" spellcheck=\"false\"");
	field(b, "current", "Current password", "password", "current-password", NULL, focus, "");
	field(b, "new", "New password", "password", "new-password", NULL, focus,
	      " aria-describedby=\"rules\"");
	field(b, "repeat", "New password again", "password", "new-password", NULL, focus, "");
	buf_appends(b,
	            "<section class=\"rules\" id=\"rules\">\n<h2>Rules for the new password</h2>\n"
	            "<ul>\n");
	for (size_t i = 0; app->rules != NULL && app->rules[i] != NULL; i++) {
		buf_appends(b, "<li>");
		html_escape_append(b, app->rules[i]);
		buf_appends(b, "</li>\n");
	}
	buf_appends(b, "</ul>\n</section>\n"
	               "<button type=\"submit\">Change password</button>\n</form>\n"
	               "<p class=\"note\">The new password is used at once for sending and "
	               "reading mail; change it in your mail programs too.</p>\n"
	               "</main>\n</body>\n</html>\n");
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
                const char *message)
{
	struct page pg = {NULL, NULL, N_ERROR, message, NULL, NULL};

	buf_reset(&rep->body);
	html(rep, status);
	render(app, &rep->body, &pg);
}

void
http_form_get(const struct pwchange_app *app, const struct http_request *req,
              struct http_reply *rep)
{
	char tok[CSRF_TOKEN_LEN + 1];
	struct page pg = {tok, NULL, N_NONE, NULL, NULL, NULL};

	if (!page_token(app, req, rep, tok)) {
		http_form_error(app, rep, 503, "The server cannot make a form token right now.");
		return;
	}
	html(rep, 200);
	render(app, &rep->body, &pg);
}

/* focus_for - the field an error is about, so the page puts the cursor there */
static const char *
focus_for(const char *error)
{
	if (error == NULL)
		return NULL;
	if (strcmp(error, "auth_failed") == 0)
		return "current";
	if (strcmp(error, "bad_request") == 0 || strcmp(error, "rate_limited") == 0)
		return "user";
	return "new";
}

void
http_form_post(const struct pwchange_app *app, const struct http_request *req,
               struct http_reply *rep)
{
	struct kv_list in = KV_LIST_INIT;
	char tok[CSRF_TOKEN_LEN + 1], *cookie = NULL;
	const struct kv *f_csrf, *f_user, *f_cur, *f_new, *f_rep;
	struct secret *current = NULL, *new_pw = NULL;
	struct change_outcome out;
	struct page pg = {tok, NULL, N_ERROR, NULL, NULL, NULL};

	if (form_parse(req->body, req->body_len, FORM_MAX_FIELDS, &in) != PST_OK) {
		http_form_error(app, rep, 400,
		                "The form data could not be read. Reload the page "
		                "and try again.");
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
		if (!page_token(app, req, rep, tok)) {
			http_form_error(app, rep, 503, "The server cannot make a form token now.");
			return;
		}
		/* A fresh form with a token that matches the cookie, so a retry works. */
		pg.message = "The form had expired or did not come from this page, so nothing "
		             "was changed. Please fill it in again.";
		html(rep, 403);
		render(app, &rep->body, &pg);
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
		change_flow_reject(&out, 422, "mismatch",
		                   "The two new passwords differ. Type the same new password "
		                   "twice.");
	else
		change_flow_run(app, req->ip, f_user ? f_user->val : NULL, current, new_pw, &out);

	html(rep, out.status);
	if (out.error == NULL) {
		pg.token = NULL;
		pg.kind = N_OK;
	} else if (f_user != NULL && f_user->val_len <= CHANGE_USER_MAX) {
		pg.user = f_user->val;
	}
	pg.message = out.message;
	pg.warning = out.warning;
	pg.focus = focus_for(out.error);
	rep->retry_after = out.retry_after;
	render(app, &rep->body, &pg);
	change_outcome_release(&out);
	secret_free(&current);
	secret_free(&new_pw);
	kv_free(&in);
}
