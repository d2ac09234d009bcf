/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * keyed_hash.c: HMAC-SHA256 with OpenSSL's EVP_MAC, keyed once per process.
 */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdint.h>

#include "keyed_hash.h"
#include "log.h"
#include "secret.h"

static EVP_MAC *mac;
static EVP_MAC_CTX *keyed_ctx; /* initialised with the key; duplicated per use */

enum pst_result
keyed_hash_init(void)
{
	unsigned char key[32];
	char digest[] = "SHA256";
	OSSL_PARAM params[2];

	if (keyed_ctx != NULL)
		return PST_OK;
	if (RAND_bytes(key, sizeof(key)) != 1)
		return PST_TEMPFAIL;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (mac == NULL || (keyed_ctx = EVP_MAC_CTX_new(mac)) == NULL ||
	    EVP_MAC_init(keyed_ctx, key, sizeof(key), params) != 1) {
		secret_wipe(key, sizeof(key));
		keyed_hash_shutdown();
		return PST_TEMPFAIL;
	}
	secret_wipe(key, sizeof(key));
	return PST_OK;
}

void
keyed_hash_shutdown(void)
{
	EVP_MAC_CTX_free(keyed_ctx);
	keyed_ctx = NULL;
	EVP_MAC_free(mac);
	mac = NULL;
}

void
keyed_hash(const struct keyed_part *parts, size_t nparts, unsigned char *out)
{
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(keyed_ctx);
	size_t outlen = 0;
	size_t i;

	if (ctx == NULL)
		log_panic("keyed_hash: EVP_MAC_CTX_dup failed");
	for (i = 0; i < nparts; i++) {
		unsigned char lenbuf[4];
		uint32_t n = (uint32_t)parts[i].len;

		lenbuf[0] = (unsigned char)(n >> 24);
		lenbuf[1] = (unsigned char)(n >> 16);
		lenbuf[2] = (unsigned char)(n >> 8);
		lenbuf[3] = (unsigned char)n;
		if (EVP_MAC_update(ctx, parts[i].p, parts[i].len) != 1 ||
		    EVP_MAC_update(ctx, lenbuf, sizeof(lenbuf)) != 1)
			log_panic("keyed_hash: EVP_MAC_update failed");
	}
	if (EVP_MAC_final(ctx, out, &outlen, KEYED_HASH_LEN) != 1 || outlen != KEYED_HASH_LEN)
		log_panic("keyed_hash: EVP_MAC_final failed");
	EVP_MAC_CTX_free(ctx);
}
