/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * csrf.c: CSRF session values, their MAC tokens and the check.
 */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "csrf.h"
#include "secret.h"
#include "xalloc.h"

/* Domain separation: the key may be shared with nothing else, but say what is signed. */
static const char mac_label[] = "postino-pwchange csrf v1";

static void
hex_encode(const unsigned char *raw, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 0xF];
	}
	out[2 * n] = '\0';
}

struct secret *
csrf_key_new(void)
{
	unsigned char raw[32];
	struct secret *k;

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return NULL;
	k = secret_new(raw, sizeof(raw));
	secret_wipe(raw, sizeof(raw));
	return k;
}

enum pst_result
csrf_key_load(const char *path, struct secret **key_r, char **err_r)
{
	struct secret *k = secret_read_file(path, err_r);

	*key_r = NULL;
	if (k == NULL)
		return PST_PERMFAIL;
	if (k->len < CSRF_KEY_MIN) {
		*err_r =
		        xasprintf("%s: the key must be at least %d bytes long", path, CSRF_KEY_MIN);
		secret_free(&k);
		return PST_PERMFAIL;
	}
	*key_r = k;
	return PST_OK;
}

enum pst_result
csrf_session_new(char out[CSRF_TOKEN_LEN + 1])
{
	unsigned char raw[CSRF_TOKEN_LEN / 2];

	if (RAND_bytes(raw, sizeof(raw)) != 1) {
		out[0] = '\0';
		return PST_TEMPFAIL;
	}
	hex_encode(raw, sizeof(raw), out);
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
csrf_token_for(const struct secret *key, const char *session, char out[CSRF_TOKEN_LEN + 1])
{
	unsigned char msg[sizeof(mac_label) + CSRF_TOKEN_LEN], mac[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	out[0] = '\0';
	if (key == NULL || !csrf_token_wellformed(session))
		return PST_PERMFAIL;
	/* The label with its NUL, then the session value. */
	memcpy(msg, mac_label, sizeof(mac_label));
	memcpy(msg + sizeof(mac_label), session, CSRF_TOKEN_LEN);
	if (HMAC(EVP_sha256(), key->data, (int)key->len, msg, sizeof(msg), mac, &n) == NULL ||
	    n != CSRF_TOKEN_LEN / 2)
		return PST_TEMPFAIL;
	hex_encode(mac, n, out);
	secret_wipe(mac, sizeof(mac));
	return PST_OK;
}

enum pst_result
csrf_check(const struct secret *key, const char *cookie_tok, const char *field_tok)
{
	char want[CSRF_TOKEN_LEN + 1];
	int ok;

	if (!csrf_token_wellformed(field_tok) || csrf_token_for(key, cookie_tok, want) != PST_OK)
		return PST_PERMFAIL;
	ok = secret_equal(want, CSRF_TOKEN_LEN, field_tok, CSRF_TOKEN_LEN);
	secret_wipe(want, sizeof(want));
	return ok ? PST_OK : PST_PERMFAIL;
}

char *
csrf_set_cookie(const char *session)
{
	return xasprintf("%s=%s; Path=/; Secure; HttpOnly; SameSite=Strict", CSRF_COOKIE, session);
}
