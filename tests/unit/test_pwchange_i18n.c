/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_pwchange_i18n.c: postino-pwchange's message catalogue and language
 * choice: every message has a code and a non-empty text in every language
 * with the same placeholders; Accept-Language with q-values, the ?lang=
 * argument and the cookie; the page and the API in Italian, with the lang
 * attribute, the switch, the live region and the stable codes.
 */
#include <stdio.h>
#include <string.h>

#include "../../pwchange/app.h"
#include "../../pwchange/csrf.h"
#include "../../pwchange/http.h"
#include "../../pwchange/lang.h"
#include "../../pwchange/messages.h"
#include "../../pwchange/rate_limit.h"
#include "config.h"
#include "log.h"
#include "secret.h"
#include "t.h"
#include "xalloc.h"

/* placeholders - the {1} {2} a text holds, as a bit set; -1 for a stray brace */
static int
placeholders(const char *t)
{
	int set = 0;

	for (; *t; t++) {
		if (t[0] == '{' && (t[1] == '1' || t[1] == '2') && t[2] == '}') {
			set |= 1 << (t[1] - '0');
			t += 2;
		} else if (*t == '{' || *t == '}') {
			return -1;
		}
	}
	return set;
}

static void
test_catalogue(void)
{
	int missing = 0;

	T_CHECK(strcmp(msg_text(LANG_EN, MSG_NONE), "") == 0, "MSG_NONE has no text");
	for (int id = MSG_NONE + 1; id < MSG_COUNT; id++) {
		const char *code = msg_code((enum msg_id)id);
		const char *en = msg_text(LANG_EN, (enum msg_id)id);
		size_t n = strlen(code);
		int dup = 0;

		T_CHECK(n > 0 && strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_") == n,
		        "message %d has a code of [a-z0-9_]: \"%s\"", id, code);
		for (int other = MSG_NONE + 1; other < id; other++)
			dup += strcmp(code, msg_code((enum msg_id)other)) == 0;
		T_CHECK(dup == 0, "code \"%s\" is used once", code);
		for (int l = 0; l < LANG_COUNT; l++) {
			const char *t = msg_text((enum lang)l, (enum msg_id)id);

			if (t == NULL || *t == '\0' || (l != LANG_EN && t == en)) {
				missing++;
				T_CHECK(0, "message %s has no %s text", code,
				        lang_tag((enum lang)l));
				continue;
			}
			T_CHECK(placeholders(t) >= 0 && placeholders(t) == placeholders(en),
			        "message %s in %s has the placeholders of the English", code,
			        lang_tag((enum lang)l));
			if (l != LANG_EN)
				T_CHECK(strcmp(t, en) != 0, "message %s is translated into %s",
				        code, lang_tag((enum lang)l));
		}
	}
	T_CHECK(missing == 0, "every message has every translation (%d missing)", missing);
}

static void
test_format(void)
{
	char *m = msg_format(LANG_IT, MSG_RULE_LENGTH, 12, 64);

	T_STREQ(m, "Almeno 12 e al massimo 64 caratteri.", "both placeholders");
	xfree(&m);
	m = msg_format(LANG_EN, MSG_RATE_LIMITED, 15, 0);
	T_STREQ(m, "Too many attempts. Wait 15 minutes and try again.", "one placeholder");
	xfree(&m);
	m = msg_format(LANG_EN, MSG_NONE, 1, 2);
	T_STREQ(m, "", "no message");
	xfree(&m);
	T_STREQ(msg_text((enum lang)99, MSG_DONE), "Done.", "an unknown language is English");
	T_STREQ(msg_code((enum msg_id)9999), "", "an unknown id has no code");
}

static void
test_accept(void)
{
	static const struct {
		const char *hdr;
		int found;
		enum lang want;
	} cases[] = {
	        {"it", 1, LANG_IT},
	        {"it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7", 1, LANG_IT},
	        {"en-US,en;q=0.9,it;q=0.8", 1, LANG_EN},
	        {"en;q=0.5, it;q=0.8", 1, LANG_IT},
	        {"de-DE, it;q=0.3, en;q=0.2", 1, LANG_IT},
	        {"IT-ch", 1, LANG_IT},
	        {"fr, de", 0, LANG_EN},
	        {"it;q=0, en;q=0.1", 1, LANG_EN},
	        {"it;q=0", 0, LANG_EN},
	        {"*", 1, LANG_EN},
	        {"it;q=0.5, *;q=0.9", 1, LANG_EN},
	        {"en;q=0, *", 1, LANG_IT},
	        {"en;q=0.5, it;q=0.5", 1, LANG_EN},
	        {"it;q=0.5, en;q=0.5", 1, LANG_IT},
	        {"it;q=1.000", 1, LANG_IT},
	        {"it;q=1.5, en", 1, LANG_EN}, /* a bad qvalue drops the range */
	        {"it;q=0.1234, en;q=0.1", 1, LANG_EN},
	        {"it;level=1, en;q=0.1", 1, LANG_EN}, /* only q is a parameter */
	        {"italiano-lungo, it-toolongsubtag, en", 1, LANG_EN},
	        {"", 0, LANG_EN},
	        {",,, ;q=1, it ", 1, LANG_IT},
	        {"  it  ;  q=0.7  ", 1, LANG_IT},
	        {"i t", 0, LANG_EN},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum lang l = LANG_EN;
		int found = lang_from_accept(cases[i].hdr, strlen(cases[i].hdr), &l);

		T_CHECK(found == cases[i].found && (!found || l == cases[i].want),
		        "Accept-Language \"%s\": found %d, %s", cases[i].hdr, found, lang_tag(l));
	}
}

static void
test_choose(void)
{
	char *c;

	T_CHECK(lang_choose(NULL, NULL, NULL) == LANG_EN, "nothing: English");
	T_CHECK(lang_choose(NULL, NULL, "it-IT,it;q=0.9") == LANG_IT, "Accept-Language");
	T_CHECK(lang_choose(NULL, LANG_COOKIE "=en", "it") == LANG_EN, "the cookie wins");
	T_CHECK(lang_choose("it", LANG_COOKIE "=en", "en") == LANG_IT, "?lang= wins");
	T_CHECK(lang_choose("xx", "a=1; " LANG_COOKIE "=it", "en") == LANG_IT,
	        "an unknown ?lang= is ignored");
	T_CHECK(lang_choose(NULL, LANG_COOKIE "=klingon", "it") == LANG_IT,
	        "an unknown cookie value is ignored");
	c = lang_set_cookie(LANG_IT);
	T_CHECK(strncmp(c, LANG_COOKIE "=it;", strlen(LANG_COOKIE) + 4) == 0 &&
	                strstr(c, "; Secure") && strstr(c, "; Path=/") && !strstr(c, "Domain"),
	        "language cookie: %s", c);
	xfree(&c);
}

static struct ldap_settings ls;
static struct common_settings cs;
static struct pwchange_settings ps;
static struct pwchange_app app;

static void
setup(void)
{
	struct cfg_table tabs[3] = {ldap_settings_table(&ls), common_settings_table(&cs),
	                            pwchange_settings_table(&ps)};
	char *err = NULL;

	cfg_defaults(tabs, 3);
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
	app.csrf_key = csrf_key_new();
}

static void
teardown(void)
{
	struct cfg_table tabs[3] = {ldap_settings_table(&ls), common_settings_table(&cs),
	                            pwchange_settings_table(&ps)};
	struct secret *k = (struct secret *)app.csrf_key;

	for (int l = 0; l < LANG_COUNT; l++)
		pw_policy_rules_free(&app.rules[l]);
	rate_limit_free(&app.rl_ip);
	rate_limit_free(&app.rl_user);
	secret_free(&k);
	cfg_release(tabs, 3);
}

static void
request(struct http_request *req, const char *method, const char *url, const char *accept,
        const char *arg, const char *cookie, const char *ctype, const char *body)
{
	memset(req, 0, sizeof(*req));
	req->method = method;
	req->url = url;
	req->ip = "192.0.2.7";
	req->host = "pw.example.org";
	req->accept_lang = accept;
	req->lang_arg = arg;
	req->cookie = cookie;
	req->content_type = ctype;
	req->body = body ? body : "";
	req->body_len = strlen(req->body);
	req->content_length = body ? (long)req->body_len : -1;
}

static int
has(const struct http_reply *rep, const char *s)
{
	return rep->body.data != NULL && strstr(rep->body.data, s) != NULL;
}

static void
test_page(void)
{
	struct http_request req;
	struct http_reply rep;
	char session[CSRF_TOKEN_LEN + 1], tok[CSRF_TOKEN_LEN + 1], *cookie, *body;

	request(&req, "GET", "/", "it-IT,it;q=0.9,en;q=0.5", NULL, NULL, NULL, NULL);
	memset(&rep, 0, sizeof(rep));
	http_route(&app, &req, &rep);
	T_CHECK(rep.status == 200 && rep.lang == LANG_IT, "Italian page (%u)", rep.status);
	T_CHECK(has(&rep, "<html lang=\"it\">"), "html lang=it");
	T_CHECK(has(&rep, "<label for=\"user\">Nome utente</label>") &&
	                has(&rep, "<label for=\"current\">Password attuale</label>") &&
	                has(&rep, "<label for=\"new\">Nuova password</label>") &&
	                has(&rep, "<label for=\"repeat\">Ripeti la nuova password</label>"),
	        "Italian labels");
	T_CHECK(has(&rep, "<h1>Cambia la password della posta</h1>"), "Italian heading");
	T_CHECK(has(&rep, "Almeno 10 e al massimo 128 caratteri."), "Italian rules");
	T_CHECK(has(&rep, "action=\"/?lang=it\""), "the form answers in Italian");
	T_CHECK(has(&rep, "<a href=\"/?lang=en\" hreflang=\"en\" lang=\"en\">English</a>") &&
	                has(&rep, "aria-current=\"true\">Italiano<"),
	        "the switch offers English and marks Italian");
	T_CHECK(rep.set_cookie2 == NULL, "no language cookie without a choice");
	T_CHECK(!has(&rep, "<script"), "no script");
	memcpy(session, rep.set_cookie + strlen(CSRF_COOKIE) + 1, CSRF_TOKEN_LEN);
	session[CSRF_TOKEN_LEN] = '\0';
	http_reply_release(&rep);

	/* The switch: ?lang=en on an Italian browser, and the cookie it sets. */
	request(&req, "GET", "/", "it", "en", NULL, NULL, NULL);
	memset(&rep, 0, sizeof(rep));
	http_route(&app, &req, &rep);
	T_CHECK(rep.lang == LANG_EN && has(&rep, "<html lang=\"en\">") &&
	                has(&rep, "<label for=\"user\">User name</label>"),
	        "?lang=en gives English");
	T_CHECK(rep.set_cookie2 != NULL && strstr(rep.set_cookie2, LANG_COOKIE "=en;"),
	        "and keeps the choice in a cookie");
	http_reply_release(&rep);

	/* A form posted in Italian is answered in Italian, with the live region. */
	cookie = xasprintf("%s=%s", CSRF_COOKIE, session);
	T_CHECK(csrf_token_for(app.csrf_key, session, tok) == PST_OK, "token");
	body = xasprintf("csrf=%s&user=carol&current=x&new=short&repeat=short", tok);
	request(&req, "POST", "/", "en", "it", cookie, "application/x-www-form-urlencoded", body);
	memset(&rep, 0, sizeof(rep));
	http_route(&app, &req, &rep);
	T_CHECK(rep.status == 422 && rep.lang == LANG_IT, "Italian refusal (%u)", rep.status);
	T_CHECK(has(&rep, "La nuova password è troppo corta: usa almeno 10 caratteri."),
	        "the rule in Italian");
	T_CHECK(has(&rep, "role=\"alert\" aria-live=\"assertive\" id=\"result\"") &&
	                has(&rep, "<strong>Nessuna modifica.</strong>"),
	        "an assertive live region");
	T_CHECK(has(&rep, "aria-describedby=\"result rules\" aria-invalid=\"true\""),
	        "the new-password field is marked invalid and described by the notice");
	T_CHECK(has(&rep, "<title>Non modificata: "), "the title says it");
	http_reply_release(&rep);
	xfree(&body);

	/* A foreign Origin: the 403 page in the same language. */
	body = xasprintf("csrf=%s&user=carol&current=x&new=short&repeat=short", tok);
	request(&req, "POST", "/", "it", NULL, cookie, "application/x-www-form-urlencoded", body);
	req.origin = "https://evil.example.net";
	memset(&rep, 0, sizeof(rep));
	http_route(&app, &req, &rep);
	T_CHECK(rep.status == 403 && has(&rep, "non è stato modificato nulla"),
	        "the CSRF refusal in Italian (%u)", rep.status);
	http_reply_release(&rep);
	xfree(&body);
	xfree(&cookie);

	request(&req, "GET", "/nope", "it", NULL, NULL, NULL, NULL);
	memset(&rep, 0, sizeof(rep));
	http_route(&app, &req, &rep);
	T_CHECK(rep.status == 404 && has(&rep, "Pagina non trovata."), "404 in Italian");
	http_reply_release(&rep);
}

static void
test_api(void)
{
	static const struct {
		const char *accept, *body;
		unsigned status;
		const char *want[3];
	} cases[] = {
	        {"it",
	         "{\"user\":\"carol\",\"current\":\"x\",\"new\":\"Sh0rt-1\"}",
	         422,
	         {"\"error\":\"too_short\",\"code\":\"too_short\"", "troppo corta",
	          "\"lang\":\"it\""}},
	        {"en",
	         "{\"user\":\"carol\",\"current\":\"x\",\"new\":\"Sh0rt-1\"}",
	         422,
	         {"\"code\":\"too_short\"", "too short", "\"lang\":\"en\""}},
	        {"it",
	         "{\"user\":\"\",\"current\":\"x\",\"new\":\"Tr0mbone-Sky\"}",
	         400,
	         {"\"error\":\"bad_request\",\"code\":\"user_missing\"", "Inserisci il tuo nome",
	          "\"lang\":\"it\""}},
	        {"it", "{\"user\":", 400, {"\"code\":\"json_malformed\"", "\"detail\":", "JSON"}},
	        {"it",
	         "{\"user\":\"carol\",\"current\":\"x\",\"new\":\"Tr0mbone-Sky\"}",
	         503,
	         {"\"error\":\"unavailable\",\"code\":\"unavailable\"", "non è raggiungibile",
	          "\"lang\":\"it\""}},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_request req;
		struct http_reply rep;

		request(&req, "POST", "/api/v1/password", cases[i].accept, NULL, NULL,
		        "application/json", cases[i].body);
		memset(&rep, 0, sizeof(rep));
		http_route(&app, &req, &rep);
		T_CHECK(rep.status == cases[i].status, "API %s: %u", cases[i].body, rep.status);
		for (int k = 0; k < 3; k++)
			T_CHECK(has(&rep, cases[i].want[k]), "API %s [%s]: %s", cases[i].body,
			        cases[i].accept, rep.body.data ? rep.body.data : "");
		http_reply_release(&rep);
	}
}

int
main(void)
{
	log_open("test_pwchange_i18n", LOG_TO_STDERR, LOG_LVL_ERROR);
	test_catalogue();
	test_format();
	test_accept();
	test_choose();
	setup();
	test_page();
	test_api();
	teardown();
	return t_done("test_pwchange_i18n");
}
