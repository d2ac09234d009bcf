/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * http.h: requests and replies as the routing code sees them, with no
 * libmicrohttpd types, so the routes can be tested without a server.
 */
#ifndef POSTINO_PWCHANGE_HTTP_H
#define POSTINO_PWCHANGE_HTTP_H

#include <stddef.h>

#include "buf.h"
#include "lang.h"
#include "messages.h"

struct pwchange_app;

struct http_request {
	const char *method;       /* "GET", "POST", ... */
	const char *url;          /* path only; MHD has split off the query */
	const char *ip;           /* client address, printable */
	const char *host;         /* Host header, or NULL */
	const char *origin;       /* Origin header, or NULL */
	const char *fetch_site;   /* Sec-Fetch-Site header, or NULL */
	const char *content_type; /* Content-Type header, or NULL */
	const char *cookie;       /* Cookie header, or NULL */
	const char *accept_lang;  /* Accept-Language header, or NULL */
	const char *lang_arg;     /* the ?lang= query argument, or NULL */
	long content_length;      /* -1 when absent */
	const char *body;         /* the collected body (POST) */
	size_t body_len;
};

struct http_reply {
	unsigned status;
	const char *content_type;
	struct buf body;
	char *set_cookie;  /* Set-Cookie value, or NULL (xmalloc'd) */
	char *set_cookie2; /* a second Set-Cookie (the language), or NULL (xmalloc'd) */
	enum lang lang;    /* Content-Language of the reply */
	long retry_after;  /* Retry-After seconds when > 0 */
	const char *allow; /* Allow header for 405, or NULL */
};

/* http_reply_release - free the reply's allocations (the body is wiped) */
void http_reply_release(struct http_reply *rep);

/*
 * http_route_early - decide what can be decided from the headers alone:
 * unknown path, wrong method, missing length, oversized body, wrong
 * content type. Returns 1 with rep filled when the request is answered
 * now (its body is then never read), 0 when the body should be collected.
 */
int http_route_early(const struct pwchange_app *app, const struct http_request *req,
                     struct http_reply *rep);
/* http_route - answer a complete request */
void http_route(const struct pwchange_app *app, const struct http_request *req,
                struct http_reply *rep);

/* The pages and the API, called by http_route. */
void http_form_get(const struct pwchange_app *app, const struct http_request *req,
                   struct http_reply *rep);
void http_form_post(const struct pwchange_app *app, const struct http_request *req,
                    struct http_reply *rep);
void http_api_password(const struct pwchange_app *app, const struct http_request *req,
                       struct http_reply *rep);
/*
 * http_api_error - a JSON error reply
 * {"ok":false,"error":..,"code":..,"message":..,"lang":..} with msg in l
 */
void http_api_error(struct http_reply *rep, unsigned status, const char *error, enum lang l,
                    enum msg_id msg);
/* http_form_error - an HTML page in l for a request refused before the form logic */
void http_form_error(const struct pwchange_app *app, struct http_reply *rep, unsigned status,
                     enum lang l, enum msg_id msg);
/* http_style - the stylesheet served at /style.css */
extern const char http_style_css[];

/* http_lang - the language to answer req in (lang_choose on its headers) */
enum lang http_lang(const struct http_request *req);
/* http_same_origin - 0 when Origin or Sec-Fetch-Site show a cross-site request */
int http_same_origin(const struct http_request *req);

#endif
