/*
 * csrf.c: CSRF token generation and checking.
 */
#include <string.h>

#include <openssl/rand.h>

#include "csrf.h"
#include "secret.h"
#include "xalloc.h"

enum pst_result
csrf_token_new(char out[CSRF_TOKEN_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[CSRF_TOKEN_LEN / 2];

	if (RAND_bytes(raw, sizeof(raw)) != 1) {
		out[0] = '\0';
		return PST_TEMPFAIL;
	}
	for (size_t i = 0; i < sizeof(raw); i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 0xF];
	}
	out[CSRF_TOKEN_LEN] = '\0';
	secret_wipe(raw, sizeof(raw));
	return PST_OK;
}

int
csrf_token_wellformed(const char *tok)
{
	size_t i;

	if (tok == NULL)
		return 0;
	for (i = 0; i < CSRF_TOKEN_LEN; i++)
		if (!((tok[i] >= '0' && tok[i] <= '9') || (tok[i] >= 'a' && tok[i] <= 'f')))
			return 0;
	return tok[i] == '\0';
}

enum pst_result
csrf_check(const char *cookie_tok, const char *field_tok)
{
	if (!csrf_token_wellformed(cookie_tok) || !csrf_token_wellformed(field_tok))
		return PST_PERMFAIL;
	return secret_equal(cookie_tok, CSRF_TOKEN_LEN, field_tok, CSRF_TOKEN_LEN) ? PST_OK
	                                                                           : PST_PERMFAIL;
}

char *
csrf_set_cookie(const char *tok)
{
	return xasprintf("%s=%s; Path=/; Secure; HttpOnly; SameSite=Strict", CSRF_COOKIE, tok);
}
