/*
 * test_pwchange_csrf_rate.c: CSRF tokens and the fixed-size rate limiter
 * of postino-pwchange.
 */
#include <stdio.h>
#include <string.h>

#include "../../pwchange/csrf.h"
#include "../../pwchange/rate_limit.h"
#include "t.h"
#include "xalloc.h"

static void
test_csrf(void)
{
	char a[CSRF_TOKEN_LEN + 1], b[CSRF_TOKEN_LEN + 1], forged[CSRF_TOKEN_LEN + 1];
	char *cookie;

	T_CHECK(csrf_token_new(a) == PST_OK && csrf_token_new(b) == PST_OK, "tokens made");
	T_CHECK(csrf_token_wellformed(a) && strlen(a) == CSRF_TOKEN_LEN, "token well formed");
	T_CHECK(strcmp(a, b) != 0, "two tokens differ");
	T_CHECK(csrf_check(a, a) == PST_OK, "equal tokens pass");
	T_CHECK(csrf_check(a, b) == PST_PERMFAIL, "different tokens fail");
	memcpy(forged, a, sizeof(forged));
	forged[10] = forged[10] == 'a' ? 'b' : 'a';
	T_CHECK(csrf_check(a, forged) == PST_PERMFAIL, "one changed digit fails");
	T_CHECK(csrf_check(NULL, a) == PST_PERMFAIL, "missing cookie fails");
	T_CHECK(csrf_check(a, NULL) == PST_PERMFAIL, "missing field fails");
	T_CHECK(csrf_check("", "") == PST_PERMFAIL, "empty tokens fail");
	T_CHECK(csrf_check("abc", "abc") == PST_PERMFAIL, "short equal tokens fail");
	T_CHECK(!csrf_token_wellformed("ZZ"), "non-hex refused");
	cookie = csrf_set_cookie(a);
	T_CHECK(strncmp(cookie, "__Host-", 7) == 0 && strstr(cookie, "; Secure") &&
	                strstr(cookie, "; HttpOnly") && strstr(cookie, "; SameSite=Strict") &&
	                strstr(cookie, "; Path=/") && !strstr(cookie, "Domain"),
	        "cookie attributes: %s", cookie);
	xfree(&cookie);
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
	test_rate();
	return t_done("test_pwchange_csrf_rate");
}
