/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * http_routes.c: which handler answers which request, and the checks that
 * need only the request headers.
 *
 * Everything a client can get wrong before the body matters is refused
 * here, before a byte of the body is read: an unknown path (404), a method
 * the path does not take (405), a POST without Content-Length (411), one
 * larger than pwchange_max_body (413), or of the wrong type (415).
 */
#include <string.h>
#include <strings.h>

#include "app.h"
#include "lang.h"
#include "messages.h"
#include "http.h"
#include "pwchange_settings.h"
#include "secret.h"
#include "xalloc.h"

enum route { R_NONE, R_FORM, R_API, R_STYLE, R_HEALTH };

#define API_PATH "/api/v1/password"

static enum route
route_of(const char *url)
{
	if (strcmp(url, "/") == 0)
		return R_FORM;
	if (strcmp(url, API_PATH) == 0)
		return R_API;
	if (strcmp(url, "/style.css") == 0)
		return R_STYLE;
	if (strcmp(url, "/healthz") == 0)
		return R_HEALTH;
	return R_NONE;
}

static int
is_get(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

/* media_type_is - compare the media type (before any ';' parameters) */
static int
media_type_is(const char *ct, const char *want)
{
	size_t n = strlen(want);

	if (ct == NULL)
		return 0;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (strncasecmp(ct, want, n) != 0)
		return 0;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

int
http_same_origin(const struct http_request *req)
{
	if (req->fetch_site != NULL && strcmp(req->fetch_site, "same-origin") != 0 &&
	    strcmp(req->fetch_site, "none") != 0)
		return 0;
	/*
	 * "Origin: null" comes from opaque origins: sandboxed frames, data:
	 * and file: pages, cross-origin redirects. None of them is this page,
	 * whose Referrer-Policy (same-origin) lets browsers name its origin.
	 */
	if (req->origin != NULL && strcmp(req->origin, "null") == 0)
		return 0;
	if (req->origin != NULL) {
		char *want;
		int ok;

		if (req->host == NULL)
			return 0;
		want = xasprintf("https://%s", req->host);
		ok = strcasecmp(req->origin, want) == 0;
		xfree(&want);
		return ok;
	}
	return 1;
}

enum lang
http_lang(const struct http_request *req)
{
	return lang_choose(req->lang_arg, req->cookie, req->accept_lang);
}

static void
plain(struct http_reply *rep, unsigned status, enum lang l, enum msg_id msg)
{
	rep->status = status;
	rep->lang = l;
	rep->content_type = "text/plain; charset=utf-8";
	buf_appends(&rep->body, msg_text(l, msg));
	buf_appendc(&rep->body, '\n');
}

/* refuse - an error in the form the route speaks: JSON for the API, HTML for the page */
static void
refuse(const struct pwchange_app *app, enum route rt, const struct http_request *req,
       struct http_reply *rep, unsigned status, const char *error, enum msg_id msg)
{
	if (rt == R_API)
		http_api_error(rep, status, error, http_lang(req), msg);
	else
		http_form_error(app, rep, status, http_lang(req), msg);
}

int
http_route_early(const struct pwchange_app *app, const struct http_request *req,
                 struct http_reply *rep)
{
	enum route rt = route_of(req->url);

	if (rt == R_NONE) {
		plain(rep, 404, http_lang(req), MSG_NOT_FOUND);
		return 1;
	}
	if (is_get(req->method)) {
		if (rt == R_API) {
			rep->allow = "POST";
			http_api_error(rep, 405, "method_not_allowed", http_lang(req),
			               MSG_USE_POST);
			return 1;
		}
		return 0;
	}
	if (strcmp(req->method, "POST") != 0 || (rt != R_FORM && rt != R_API)) {
		rep->allow = rt == R_FORM ? "GET, HEAD, POST" : rt == R_API ? "POST" : "GET, HEAD";
		refuse(app, rt, req, rep, 405, "method_not_allowed", MSG_METHOD_NOT_ALLOWED);
		return 1;
	}
	if (req->content_length < 0) {
		refuse(app, rt, req, rep, 411, "length_required", MSG_LENGTH_REQUIRED);
		return 1;
	}
	if (req->content_length > app->ps->max_body) {
		refuse(app, rt, req, rep, 413, "too_large", MSG_TOO_LARGE);
		return 1;
	}
	if (rt == R_API && !media_type_is(req->content_type, "application/json")) {
		refuse(app, rt, req, rep, 415, "unsupported_media_type", MSG_API_MEDIA_TYPE);
		return 1;
	}
	if (rt == R_FORM &&
	    !media_type_is(req->content_type, "application/x-www-form-urlencoded")) {
		refuse(app, rt, req, rep, 415, "unsupported_media_type", MSG_FORM_MEDIA_TYPE);
		return 1;
	}
	return 0;
}

void
http_route(const struct pwchange_app *app, const struct http_request *req, struct http_reply *rep)
{
	enum route rt;

	if (http_route_early(app, req, rep))
		return;
	rt = route_of(req->url);
	switch (rt) {
	case R_FORM:
		if (is_get(req->method))
			http_form_get(app, req, rep);
		else
			http_form_post(app, req, rep);
		break;
	case R_API:
		http_api_password(app, req, rep);
		break;
	case R_STYLE:
		rep->status = 200;
		rep->content_type = "text/css; charset=utf-8";
		buf_appends(&rep->body, http_style_css);
		break;
	case R_HEALTH:
		/* For monitors, not people: the same in every language. */
		rep->status = 200;
		rep->content_type = "text/plain; charset=utf-8";
		buf_appends(&rep->body, "ok\n");
		break;
	case R_NONE:
		plain(rep, 404, http_lang(req), MSG_NOT_FOUND);
		break;
	}
}

void
http_reply_release(struct http_reply *rep)
{
	buf_free(&rep->body);
	xfree(&rep->set_cookie);
	xfree(&rep->set_cookie2);
}
