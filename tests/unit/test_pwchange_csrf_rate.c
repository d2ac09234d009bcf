/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_pwchange_csrf_rate.c: CSRF tokens bound to the session cookie, the
 * Origin decisions, and the fixed-size rate limiter of postino-pwchange.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../pwchange/csrf.h"
#include "../../pwchange/http.h"
#include "../../pwchange/rate_limit.h"
#include "secret.h"
#include "t.h"
#include "xalloc.h"

static void
test_csrf(void)
{
	char a[CSRF_TOKEN_LEN + 1], b[CSRF_TOKEN_LEN + 1], ta[CSRF_TOKEN_LEN + 1];
	char tb[CSRF_TOKEN_LEN + 1], t2[CSRF_TOKEN_LEN + 1], forged[CSRF_TOKEN_LEN + 1];
	struct secret *key = csrf_key_new(), *other = csrf_key_new();
	char *cookie;

	T_CHECK(key != NULL && other != NULL && key->len == 32, "keys made");
	T_CHECK(csrf_session_new(a) == PST_OK && csrf_session_new(b) == PST_OK, "sessions made");
	T_CHECK(csrf_token_wellformed(a) && strlen(a) == CSRF_TOKEN_LEN, "session well formed");
	T_CHECK(strcmp(a, b) != 0, "two sessions differ");
	T_CHECK(csrf_token_for(key, a, ta) == PST_OK && csrf_token_wellformed(ta), "token made");
	T_CHECK(csrf_token_for(key, b, tb) == PST_OK && strcmp(ta, tb) != 0,
	        "tokens of two sessions differ");
	T_CHECK(csrf_token_for(key, a, t2) == PST_OK && strcmp(ta, t2) == 0,
	        "the token of a session is stable");
	T_CHECK(strcmp(ta, a) != 0, "the token is not the cookie");

	T_CHECK(csrf_check(key, a, ta) == PST_OK, "cookie and its token pass");
	T_CHECK(csrf_check(key, a, a) == PST_PERMFAIL, "double submit of the cookie fails");
	T_CHECK(csrf_check(key, ta, ta) == PST_PERMFAIL, "double submit of a token fails");
	memset(forged, 'a', CSRF_TOKEN_LEN);
	forged[CSRF_TOKEN_LEN] = '\0';
	T_CHECK(csrf_check(key, forged, forged) == PST_PERMFAIL,
	        "attacker-chosen equal values fail");
	T_CHECK(csrf_check(key, b, ta) == PST_PERMFAIL, "token of another session fails");
	T_CHECK(csrf_check(other, a, ta) == PST_PERMFAIL, "token under another key fails");
	memcpy(forged, ta, sizeof(forged));
	forged[10] = forged[10] == 'a' ? 'b' : 'a';
	T_CHECK(csrf_check(key, a, forged) == PST_PERMFAIL, "one changed digit fails");
	memcpy(forged, ta, sizeof(forged));
	forged[0] = forged[0] == 'a' ? 'A' : 'a';
	T_CHECK(csrf_check(key, a, forged) == PST_PERMFAIL, "upper case or changed digit fails");
	T_CHECK(csrf_check(key, NULL, ta) == PST_PERMFAIL, "missing cookie fails");
	T_CHECK(csrf_check(key, a, NULL) == PST_PERMFAIL, "missing field fails");
	T_CHECK(csrf_check(NULL, a, ta) == PST_PERMFAIL, "no key fails");
	T_CHECK(csrf_check(key, "", "") == PST_PERMFAIL, "empty tokens fail");
	T_CHECK(csrf_check(key, "abc", "abc") == PST_PERMFAIL, "short equal tokens fail");
	T_CHECK(!csrf_token_wellformed("ZZ"), "non-hex refused");
	cookie = csrf_set_cookie(a);
	T_CHECK(strncmp(cookie, "__Host-", 7) == 0 && strstr(cookie, "; Secure") &&
	                strstr(cookie, "; HttpOnly") && strstr(cookie, "; SameSite=Strict") &&
	                strstr(cookie, "; Path=/") && !strstr(cookie, "Domain"),
	        "cookie attributes: %s", cookie);
	xfree(&cookie);
	secret_free(&key);
	secret_free(&other);
}

/* A configured key: two instances reading one file agree; short keys are refused. */
static void
test_csrf_key_file(void)
{
	char path[] = "/tmp/test_csrf_key.XXXXXX", *err = NULL;
	char s[CSRF_TOKEN_LEN + 1], t1[CSRF_TOKEN_LEN + 1];
	struct secret *k1 = NULL, *k2 = NULL;
	int fd = mkstemp(path);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;

	T_CHECK(fp != NULL, "temp file");
	if (fp == NULL)
		return;
	fputs("0123456789abcdef0123456789abcdef-shared\n", fp);
	fclose(fp);
	T_CHECK(csrf_key_load(path, &k1, &err) == PST_OK, "key file read");
	T_CHECK(csrf_key_load(path, &k2, &err) == PST_OK, "key file read again");
	T_CHECK(csrf_session_new(s) == PST_OK && csrf_token_for(k1, s, t1) == PST_OK,
	        "token by the first instance");
	T_CHECK(csrf_check(k2, s, t1) == PST_OK, "the second instance accepts it");
	secret_free(&k1);
	secret_free(&k2);
	fp = fopen(path, "w");
	if (fp != NULL) {
		fputs("too-short-a-key\n", fp);
		fclose(fp);
	}
	T_CHECK(csrf_key_load(path, &k1, &err) == PST_PERMFAIL && k1 == NULL && err != NULL,
	        "a short key is refused: %s", err ? err : "");
	xfree(&err);
	unlink(path);
	T_CHECK(csrf_key_load(path, &k1, &err) == PST_PERMFAIL, "a missing file is refused");
	xfree(&err);
}

/* The Origin and Sec-Fetch-Site decisions every POST goes through. */
static void
test_origin(void)
{
	static const struct {
		const char *origin, *site;
		int ok;
	} cases[] = {
	        {NULL, NULL, 1},
	        {"https://pw.example.org", NULL, 1},
	        {"https://PW.example.org", "same-origin", 1},
	        {NULL, "none", 1},
	        {"null", NULL, 0},
	        {"null", "same-origin", 0},
	        {"https://evil.example.net", NULL, 0},
	        {"http://pw.example.org", NULL, 0},
	        {"https://pw.example.org.evil.net", NULL, 0},
	        {"https://pw.example.org:444", NULL, 0},
	        {"https://pw.example.org", "cross-site", 0},
	        {"https://pw.example.org", "same-site", 0},
	        {NULL, "cross-site", 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_request req;

		memset(&req, 0, sizeof(req));
		req.host = "pw.example.org";
		req.origin = cases[i].origin;
		req.fetch_site = cases[i].site;
		T_CHECK(http_same_origin(&req) == cases[i].ok, "Origin %s, Sec-Fetch-Site %s: %d",
		        cases[i].origin ? cases[i].origin : "-",
		        cases[i].site ? cases[i].site : "-", cases[i].ok);
	}
}

static void
test_rate(void)
{
	struct rate_limit *rl = rate_limit_new(64, 3, 60);
	long retry = 0;
	char key[32];
	int over = 0;

	for (int i = 0; i < 3; i++)
		T_CHECK(rate_limit_hit(rl, "1.2.3.4", 7, 1000, &retry) == PST_OK, "hit %d allowed",
		        i);
	T_CHECK(rate_limit_hit(rl, "1.2.3.4", 7, 1010, &retry) == PST_PERMFAIL, "4th refused");
	T_CHECK(retry == 50, "retry after the window's end: %ld", retry);
	T_CHECK(rate_limit_hit(rl, "5.6.7.8", 7, 1010, &retry) == PST_OK, "other key allowed");
	T_CHECK(rate_limit_hit(rl, "1.2.3.4", 7, 1060, &retry) == PST_OK, "new window allowed");

	/* A flood of distinct keys fits in the fixed table and evicts old windows. */
	for (int i = 0; i < 10000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		if (rate_limit_hit(rl, key, strlen(key), 2000, NULL) != PST_OK)
			over++;
	}
	T_CHECK(over == 0, "fresh keys are never refused (%d)", over);
	/* A key hit over its limit right after the flood is still limited. */
	for (int i = 0; i < 3; i++)
		(void)rate_limit_hit(rl, "hot", 3, 2001, NULL);
	T_CHECK(rate_limit_hit(rl, "hot", 3, 2001, NULL) == PST_PERMFAIL, "hot key limited");
	T_CHECK(rate_limit_hit(rl, "hot", 3, 1990, NULL) == PST_OK, "clock going back resets");
	rate_limit_free(&rl);
	T_CHECK(rl == NULL, "freed");
}

int
main(void)
{
	test_csrf();
	test_csrf_key_file();
	test_origin();
	test_rate();
	return t_done("test_pwchange_csrf_rate");
}
