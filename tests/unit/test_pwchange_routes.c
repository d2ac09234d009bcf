/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_pwchange_routes.c: postino-pwchange's request handling without a
 * network: routing, early refusals (404/405/411/413/415), the CSRF check
 * of the form, the JSON API's validation and statuses, the local policy,
 * rate limiting, HTML escaping, and 503 when the directory is unreachable.
 * The directory itself is exercised by tests/integration/pwchange-*.sh.
 */
#include <stdio.h>
#include <string.h>

#include "../../pwchange/app.h"
#include "../../pwchange/csrf.h"
#include "../../pwchange/http.h"
#include "../../pwchange/rate_limit.h"
#include "config.h"
#include "log.h"
#include "secret.h"
#include "t.h"
#include "xalloc.h"

static struct ldap_settings ls;
static struct common_settings cs;
static struct pwchange_settings ps;
static struct pwchange_app app;
static struct secret *csrf_key;

static void
setup(void)
{
	struct cfg_table tabs[3] = {ldap_settings_table(&ls), common_settings_table(&cs),
	                            pwchange_settings_table(&ps)};
	char *err = NULL;

	cfg_defaults(tabs, 3);
	/* Nothing listens on port 1: the directory is "down". */
	T_CHECK(cfg_set(tabs, 3, "ldap_servers", "ldap://127.0.0.1:1/", &err) == PST_OK, "set");
	T_CHECK(cfg_set(tabs, 3, "ldap_timeout", "2", &err) == PST_OK, "set");
	T_CHECK(cfg_set(tabs, 3, "control_socket", "", &err) == PST_OK, "set");
	app.ps = &ps;
	app.ls = &ls;
	app.cs = &cs;
	app.policy.min_length = ps.min_length;
	app.policy.max_length = ps.max_length;
	app.policy.min_classes = ps.min_classes;
	for (int l = 0; l < LANG_COUNT; l++)
		app.rules[l] = pw_policy_rules(&app.policy, (enum lang)l);
	app.rl_ip = rate_limit_new(256, 1000, 60);
	app.rl_user = rate_limit_new(256, 1000, 60);
	app.change.ldap = &ls;
	app.change.filter = "(uid=%u)";
	app.csrf_key = csrf_key = csrf_key_new();
}

struct rq {
	const char *method, *url, *ctype, *cookie, *origin, *body;
	long clen; /* -2: strlen(body) */
};

static void
run(const struct rq *q, struct http_reply *rep)
{
	struct http_request req;

	memset(&req, 0, sizeof(req));
	memset(rep, 0, sizeof(*rep));
	req.method = q->method;
	req.url = q->url;
	req.ip = "192.0.2.1";
	req.host = "pw.example.org";
	req.origin = q->origin;
	req.content_type = q->ctype;
	req.cookie = q->cookie;
	req.body = q->body ? q->body : "";
	req.body_len = strlen(req.body);
	req.content_length = q->clen == -2 ? (long)req.body_len : q->clen;
	http_route(&app, &req, rep);
}

static int
has(const struct http_reply *rep, const char *s)
{
	return rep->body.data != NULL && strstr(rep->body.data, s) != NULL;
}

static void
test_early(void)
{
	static const struct {
		struct rq q;
		unsigned status;
	} cases[] = {
	        {{"GET", "/nope", NULL, NULL, NULL, NULL, -1}, 404},
	        {{"GET", "/healthz", NULL, NULL, NULL, NULL, -1}, 200},
	        {{"GET", "/style.css", NULL, NULL, NULL, NULL, -1}, 200},
	        {{"PUT", "/", NULL, NULL, NULL, NULL, -1}, 405},
	        {{"DELETE", "/api/v1/password", NULL, NULL, NULL, NULL, -1}, 405},
	        {{"GET", "/api/v1/password", NULL, NULL, NULL, NULL, -1}, 405},
	        {{"POST", "/healthz", NULL, NULL, NULL, NULL, -1}, 405},
	        {{"POST", "/", "application/x-www-form-urlencoded", NULL, NULL, NULL, -1}, 411},
	        {{"POST", "/api/v1/password", "application/json", NULL, NULL, NULL, 1048576}, 413},
	        {{"POST", "/", "application/x-www-form-urlencoded", NULL, NULL, NULL, 9000}, 413},
	        {{"POST", "/api/v1/password", "text/plain", NULL, NULL, "{}", -2}, 415},
	        {{"POST", "/api/v1/password", NULL, NULL, NULL, "{}", -2}, 415},
	        {{"POST", "/api/v1/password", "application/jsonx", NULL, NULL, "{}", -2}, 415},
	        {{"POST", "/", "application/json", NULL, NULL, "{}", -2}, 415},
	        {{"POST", "/", "multipart/form-data; boundary=x", NULL, NULL, "", -2}, 415},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_reply rep;

		run(&cases[i].q, &rep);
		T_CHECK(rep.status == cases[i].status, "%s %s: got %u, want %u", cases[i].q.method,
		        cases[i].q.url, rep.status, cases[i].status);
		if (rep.status == 405)
			T_CHECK(rep.allow != NULL, "405 carries Allow");
		if (strcmp(cases[i].q.url, "/api/v1/password") == 0)
			T_CHECK(rep.content_type &&
			                strcmp(rep.content_type, "application/json") == 0 &&
			                has(&rep, "\"ok\":false"),
			        "API errors are JSON");
		http_reply_release(&rep);
	}
}

static void
test_form_page(char tok[CSRF_TOKEN_LEN + 1], char **cookie_r)
{
	struct rq q = {"GET", "/", NULL, NULL, NULL, NULL, -1};
	struct http_reply rep;
	char session[CSRF_TOKEN_LEN + 1];
	const char *p;

	run(&q, &rep);
	T_CHECK(rep.status == 200, "GET / is 200");
	T_CHECK(rep.set_cookie != NULL && strncmp(rep.set_cookie, CSRF_COOKIE "=", 20) == 0,
	        "GET / sets the CSRF cookie");
	T_CHECK(has(&rep, "autocomplete=\"username\"") &&
	                has(&rep, "autocomplete=\"current-password\"") &&
	                has(&rep, "autocomplete=\"new-password\""),
	        "autocomplete attributes");
	T_CHECK(has(&rep, "<label for=\"user\">") && has(&rep, "<label for=\"current\">") &&
	                has(&rep, "<label for=\"new\">") && has(&rep, "<label for=\"repeat\">"),
	        "every input has a label");
	T_CHECK(has(&rep, "href=\"/style.css\""), "stylesheet linked");
	T_CHECK(!has(&rep, "<script") && !has(&rep, "style=") && !has(&rep, "<style"),
	        "no inline script or style");
	T_CHECK(has(&rep, "At least 10"), "rules shown");
	p = rep.set_cookie ? rep.set_cookie + strlen(CSRF_COOKIE) + 1 : "";
	memcpy(session, p, CSRF_TOKEN_LEN);
	session[CSRF_TOKEN_LEN] = '\0';
	T_CHECK(csrf_token_wellformed(session), "cookie value well formed");
	T_CHECK(csrf_token_for(app.csrf_key, session, tok) == PST_OK && has(&rep, tok),
	        "the page carries the MAC of the cookie");
	T_CHECK(!has(&rep, session), "the page does not carry the cookie value");
	*cookie_r = xasprintf("%s=%s", CSRF_COOKIE, session);
	http_reply_release(&rep);

	/* With the cookie already set, the page reuses it and sets none. */
	q.cookie = *cookie_r;
	run(&q, &rep);
	T_CHECK(rep.set_cookie == NULL && has(&rep, tok), "existing token reused");
	http_reply_release(&rep);
}

static void
test_form_post(const char *tok, const char *cookie)
{
	struct http_reply rep;
	char *body, *forged;
	struct rq q = {"POST", "/", "application/x-www-form-urlencoded", NULL, NULL, NULL, -2};

	body = xasprintf(
	        "csrf=%s&user=alice&current=Alice-Pass-1&new=Tr0mbone-Sky&repeat=Tr0mbone-Sky",
	        tok);
	q.body = body;
	run(&q, &rep);
	T_CHECK(rep.status == 403 && has(&rep, "Not changed"), "no cookie: 403 (%u)", rep.status);
	T_CHECK(rep.set_cookie != NULL, "a 403 page comes with a fresh token");
	http_reply_release(&rep);

	q.cookie = cookie;
	forged = xasprintf("%s=%s", CSRF_COOKIE,
	                   "0000000000000000000000000000000000000000000000000000000000000000");
	q.cookie = forged;
	run(&q, &rep);
	T_CHECK(rep.status == 403, "forged cookie: 403 (%u)", rep.status);
	http_reply_release(&rep);
	xfree(&forged);

	q.cookie = cookie;
	q.origin = "https://evil.example.net";
	run(&q, &rep);
	T_CHECK(rep.status == 403, "cross-site Origin: 403 (%u)", rep.status);
	http_reply_release(&rep);
	q.origin = "null"; /* sandboxed frames, data: pages */
	run(&q, &rep);
	T_CHECK(rep.status == 403, "Origin: null is refused (%u)", rep.status);
	http_reply_release(&rep);
	q.origin = "https://pw.example.org";
	run(&q, &rep);
	T_CHECK(rep.status == 503, "same Origin with a good token passes the CSRF check (%u)",
	        rep.status);
	http_reply_release(&rep);
	q.origin = "https://pw.example.org";
	xfree(&body);

	body = xasprintf("user=alice&current=Alice-Pass-1&new=Tr0mbone-Sky&repeat=Tr0mbone-Sky");
	q.body = body;
	run(&q, &rep);
	T_CHECK(rep.status == 403, "no token field: 403 (%u)", rep.status);
	http_reply_release(&rep);
	xfree(&body);

	/* The old double submit: cookie and field equal, both chosen by the attacker. */
	forged = xasprintf("%s=%064d", CSRF_COOKIE, 7);
	body = xasprintf("csrf=%064d&user=alice&current=Alice-Pass-1&new=Tr0mbone-Sky&"
	                 "repeat=Tr0mbone-Sky",
	                 7);
	q.cookie = forged;
	q.body = body;
	run(&q, &rep);
	T_CHECK(rep.status == 403, "equal attacker-chosen cookie and field: 403 (%u)", rep.status);
	http_reply_release(&rep);
	q.cookie = cookie;
	xfree(&forged);
	xfree(&body);

	body = xasprintf(
	        "csrf=%s&user=alice&current=Alice-Pass-1&new=Tr0mbone-Sky&repeat=Other-Sky-11",
	        tok);
	q.body = body;
	run(&q, &rep);
	T_CHECK(rep.status == 422 && has(&rep, "differ"), "repeat mismatch: 422 (%u)", rep.status);
	http_reply_release(&rep);
	xfree(&body);

	body = xasprintf("csrf=%s&user=%%3Cb%%3Ex&current=Alice-Pass-1&new=short&repeat=short",
	                 tok);
	q.body = body;
	run(&q, &rep);
	T_CHECK(rep.status == 422 && has(&rep, "too short"), "weak password: 422 (%u)", rep.status);
	T_CHECK(has(&rep, "value=\"&lt;b&gt;x\"") && !has(&rep, "<b>x"), "user name escaped");
	http_reply_release(&rep);
	xfree(&body);

	body = xasprintf("csrf=%s&user=bob&current=Bob-Pass-1&new=Tr0mbone-Sky&repeat=Tr0mbone-Sky",
	                 tok);
	q.body = body;
	run(&q, &rep);
	T_CHECK(rep.status == 503 && has(&rep, "not changed"), "directory down: 503 (%u)",
	        rep.status);
	http_reply_release(&rep);
	xfree(&body);
}

static void
test_api(void)
{
	static const struct {
		const char *body;
		const char *origin;
		unsigned status;
		const char *error;
	} cases[] = {
	        {"{\"user\":\"carol\",", NULL, 400, "bad_request"},
	        {"[1]", NULL, 400, "bad_request"},
	        {"{\"user\":\"carol\",\"current\":\"x\"}", NULL, 400, "bad_request"},
	        {"{\"user\":\"carol\",\"current\":\"x\",\"new\":5}", NULL, 400, "bad_request"},
	        {"{\"user\":\"\",\"current\":\"x\",\"new\":\"Tr0mbone-Sky\"}", NULL, 400,
	         "bad_request"},
	        {"{\"user\":\"carol\",\"current\":\"\",\"new\":\"Tr0mbone-Sky\"}", NULL, 400,
	         "bad_request"},
	        {"{\"user\":\"carol\",\"current\":\"x\",\"new\":\"Sh0rt-1\"}", NULL, 422,
	         "too_short"},
	        {"{\"user\":\"carol\",\"current\":\"x\",\"new\":\"nocapitals-at-all\"}", NULL, 422,
	         "too_few_classes"},
	        {"{\"user\":\"carol\",\"current\":\"x\",\"new\":\"My-Carol-Pw-1\"}", NULL, 422,
	         "contains_user_name"},
	        {"{\"user\":\"carol\",\"current\":\"Same-Pass-12\",\"new\":\"Same-Pass-12\"}", NULL,
	         422, "same_as_current"},
	        {"{\"user\":\"carol\",\"current\":\"x\",\"new\":\"Tr0mbone-Sky\"}",
	         "https://evil.example.net", 403, "csrf"},
	        {"{\"user\":\"carol\",\"current\":\"x\",\"new\":\"Tr0mbone-Sky\"}", NULL, 503,
	         "unavailable"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rq q = {"POST", "/api/v1/password", "application/json; charset=utf-8",
		               NULL,   cases[i].origin,    cases[i].body,
		               -2};
		struct http_reply rep;
		char *want = xasprintf("\"error\":\"%s\"", cases[i].error);

		run(&q, &rep);
		T_CHECK(rep.status == cases[i].status && has(&rep, want), "API %s: %u %s",
		        cases[i].body, rep.status, rep.body.data ? rep.body.data : "");
		xfree(&want);
		http_reply_release(&rep);
	}
}

static void
test_rate_limit(void)
{
	struct rq q = {"POST",
	               "/api/v1/password",
	               "application/json",
	               NULL,
	               NULL,
	               "{\"user\":\"Dave\",\"current\":\"x\",\"new\":\"short\"}",
	               -2};
	struct http_reply rep;
	unsigned last = 0;

	/*
	 * A per-client limit of 3. (The per-account limit counts the account
	 * the directory finds, so it is tested against slapd, in
	 * tests/integration/policy-agree.sh.)
	 */
	rate_limit_free(&app.rl_ip);
	app.rl_ip = rate_limit_new(256, 3, 60);
	for (int i = 0; i < 3; i++) {
		run(&q, &rep);
		last = rep.status;
		http_reply_release(&rep);
	}
	T_CHECK(last == 422, "within the limit: %u", last);
	q.body = "{\"user\":\"dave\",\"current\":\"x\",\"new\":\"short\"}";
	run(&q, &rep);
	T_CHECK(rep.status == 429 && rep.retry_after > 0 && has(&rep, "rate_limited"),
	        "over the limit: %u", rep.status);
	http_reply_release(&rep);
}

int
main(void)
{
	char tok[CSRF_TOKEN_LEN + 1], *cookie = NULL;

	log_open("test_pwchange_routes", LOG_TO_STDERR, LOG_LVL_ERROR);
	setup();
	test_early();
	test_form_page(tok, &cookie);
	test_form_post(tok, cookie);
	test_api();
	test_rate_limit();
	xfree(&cookie);
	for (int l = 0; l < LANG_COUNT; l++)
		pw_policy_rules_free(&app.rules[l]);
	rate_limit_free(&app.rl_ip);
	rate_limit_free(&app.rl_user);
	secret_free(&csrf_key);
	return t_done("test_pwchange_routes");
}
