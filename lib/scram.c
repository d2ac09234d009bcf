/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * scram.c: SCRAM secrets (RFC 5802/7677) in RFC 5803 authPassword form.
 *
 * The parser accepts what Cyrus SASL's SCRAM plugin accepts: blanks
 * around the "$" separators and after the value; it is as strict as Cyrus
 * on key lengths (exactly the hash size) and stricter on the iteration
 * count, which must lie in [SCRAM_MIN_ITER, SCRAM_MAX_ITER] because the
 * Cyrus client refuses more than 65536.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "b64.h"
#include "scram.h"
#include "secret.h"
#include "xalloc.h"

/* authPassword values longer than this are not SCRAM secrets. */
#define SCRAM_VALUE_MAX 1024

const char *
scram_mech_name(enum scram_hash h)
{
	return h == SCRAM_SHA1 ? "SCRAM-SHA-1" : "SCRAM-SHA-256";
}

static const EVP_MD *
scram_md(enum scram_hash h)
{
	return h == SCRAM_SHA1 ? EVP_sha1() : EVP_sha256();
}

static size_t
scram_key_len(enum scram_hash h)
{
	return h == SCRAM_SHA1 ? 20 : 32;
}

enum pst_result
scram_compute(enum scram_hash h, const struct secret *pw, unsigned iter, const unsigned char *salt,
              size_t salt_len, struct scram_secret *out)
{
	unsigned char salted[SCRAM_MAX_KEY], client_key[SCRAM_MAX_KEY];
	const EVP_MD *md = scram_md(h);
	size_t klen = scram_key_len(h);
	unsigned n1 = 0, n2 = 0;
	enum pst_result r = PST_TEMPFAIL;

	memset(out, 0, sizeof(*out));
	if (pw == NULL || pw->len == 0 || iter < SCRAM_MIN_ITER || iter > SCRAM_MAX_ITER)
		return PST_PERMFAIL;
	if (salt == NULL) {
		if (RAND_bytes(out->salt, SCRAM_SALT_LEN) != 1)
			return PST_TEMPFAIL;
		out->salt_len = SCRAM_SALT_LEN;
	} else {
		if (salt_len == 0 || salt_len > SCRAM_MAX_SALT)
			return PST_PERMFAIL;
		memcpy(out->salt, salt, salt_len);
		out->salt_len = salt_len;
	}
	out->hash = h;
	out->iter = iter;
	out->key_len = klen;
	if (PKCS5_PBKDF2_HMAC(pw->data, (int)pw->len, out->salt, (int)out->salt_len, (int)iter, md,
	                      (int)klen, salted) == 1 &&
	    HMAC(md, salted, (int)klen, (const unsigned char *)"Client Key", 10, client_key, &n1) !=
	            NULL &&
	    EVP_Digest(client_key, klen, out->stored_key, NULL, md, NULL) == 1 &&
	    HMAC(md, salted, (int)klen, (const unsigned char *)"Server Key", 10, out->server_key,
	         &n2) != NULL &&
	    n1 == klen && n2 == klen)
		r = PST_OK;
	OPENSSL_cleanse(salted, sizeof(salted));
	OPENSSL_cleanse(client_key, sizeof(client_key));
	if (r != PST_OK)
		memset(out, 0, sizeof(*out));
	return r;
}

char *
scram_format(const struct scram_secret *sec)
{
	char *salt = b64_encode(sec->salt, sec->salt_len);
	char *sk = b64_encode(sec->stored_key, sec->key_len);
	char *vk = b64_encode(sec->server_key, sec->key_len);
	char *out =
	        xasprintf("%s$%u:%s$%s:%s", scram_mech_name(sec->hash), sec->iter, salt, sk, vk);

	free(salt);
	free(sk);
	free(vk);
	return out;
}

/* scram_skip - advance *i past blanks */
static void
scram_skip(const char *v, size_t len, size_t *i)
{
	while (*i < len && (v[*i] == ' ' || v[*i] == '\t'))
		(*i)++;
}

/* scram_token - [*i, end) up to one of stops (or blank/end); returns its length */
static size_t
scram_token(const char *v, size_t len, size_t *i, const char *stops)
{
	size_t start = *i;

	while (*i < len && v[*i] != ' ' && v[*i] != '\t' && strchr(stops, v[*i]) == NULL)
		(*i)++;
	return *i - start;
}

enum pst_result
scram_parse(const char *v, size_t len, struct scram_secret *out)
{
	size_t i = 0, n, klen, got;
	unsigned long iter = 0;
	const char *tok;

	memset(out, 0, sizeof(*out));
	if (v == NULL || len > SCRAM_VALUE_MAX || memchr(v, '\0', len) != NULL)
		return PST_PERMFAIL;
	scram_skip(v, len, &i);
	tok = v + i;
	n = scram_token(v, len, &i, "$");
	if (n == 11 && memcmp(tok, "SCRAM-SHA-1", 11) == 0)
		out->hash = SCRAM_SHA1;
	else if (n == 13 && memcmp(tok, "SCRAM-SHA-256", 13) == 0)
		out->hash = SCRAM_SHA256;
	else
		goto bad;
	klen = scram_key_len(out->hash);
	scram_skip(v, len, &i);
	if (i >= len || v[i++] != '$')
		goto bad;
	scram_skip(v, len, &i);
	/* Iteration count: 1..20 digits, as Cyrus reads it with strtoul. */
	for (n = 0; i < len && v[i] >= '0' && v[i] <= '9' && n < 20; i++, n++) {
		if (iter <= SCRAM_MAX_ITER)
			iter = iter * 10 + (unsigned long)(v[i] - '0');
	}
	if (n == 0 || iter < SCRAM_MIN_ITER || iter > SCRAM_MAX_ITER)
		goto bad;
	out->iter = (unsigned)iter;
	if (i >= len || v[i++] != ':')
		goto bad;
	tok = v + i;
	n = scram_token(v, len, &i, "$");
	if (b64_decode(tok, n, out->salt, sizeof(out->salt), &out->salt_len) < 0)
		goto bad;
	scram_skip(v, len, &i);
	if (i >= len || v[i++] != '$')
		goto bad;
	scram_skip(v, len, &i);
	tok = v + i;
	n = scram_token(v, len, &i, ":");
	if (b64_decode(tok, n, out->stored_key, sizeof(out->stored_key), &got) < 0 || got != klen)
		goto bad;
	if (i >= len || v[i++] != ':')
		goto bad;
	tok = v + i;
	n = scram_token(v, len, &i, "");
	if (b64_decode(tok, n, out->server_key, sizeof(out->server_key), &got) < 0 || got != klen)
		goto bad;
	scram_skip(v, len, &i);
	if (i != len)
		goto bad;
	out->key_len = klen;
	return PST_OK;
bad:
	memset(out, 0, sizeof(*out));
	return PST_PERMFAIL;
}

enum pst_result
scram_verify(const struct scram_secret *sec, const struct secret *pw)
{
	struct scram_secret calc;
	enum pst_result r;
	int same;

	r = scram_compute(sec->hash, pw, sec->iter, sec->salt, sec->salt_len, &calc);
	if (r != PST_OK)
		return r;
	same = calc.key_len == sec->key_len &&
	       CRYPTO_memcmp(calc.stored_key, sec->stored_key, calc.key_len) == 0;
	same &= CRYPTO_memcmp(calc.server_key, sec->server_key, calc.key_len) == 0;
	OPENSSL_cleanse(&calc, sizeof(calc));
	return same ? PST_OK : PST_PERMFAIL;
}
