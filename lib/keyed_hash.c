/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * keyed_hash.c: HMAC-SHA256 (RFC 2104) under a per-process random key.
 *
 * Computed on two SHA-256 contexts that absorbed the key's inner and outer
 * pads once, at keyed_hash_init: each hash copies them into a context of
 * its thread's own, so it costs two compressions and no allocation. A
 * cache hit takes two of these; EVP_MAC duplicated three digest contexts
 * per hash (and allocated each), about three times the cost.
 */
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "keyed_hash.h"
#include "log.h"
#include "secret.h"

#define SHA256_BLOCK 64

static EVP_MD *sha256;
static EVP_MD_CTX *inner_ctx, *outer_ctx; /* read only after keyed_hash_init */
static pthread_key_t work_key;
static pthread_once_t work_once = PTHREAD_ONCE_INIT;

static void
work_free(void *ctx)
{
	EVP_MD_CTX_free(ctx);
}

static void
work_key_make(void)
{
	if (pthread_key_create(&work_key, work_free) != 0)
		log_panic("keyed_hash: pthread_key_create failed");
}

/* work_ctx - the calling thread's context, freed when the thread ends */
static EVP_MD_CTX *
work_ctx(void)
{
	EVP_MD_CTX *w;

	pthread_once(&work_once, work_key_make);
	w = pthread_getspecific(work_key);
	if (w == NULL) {
		w = EVP_MD_CTX_new();
		if (w == NULL || pthread_setspecific(work_key, w) != 0)
			log_panic("keyed_hash: no digest context");
	}
	return w;
}

/* pad_ctx - a context that has absorbed key XOR pad (the key zero-filled to a block) */
static EVP_MD_CTX *
pad_ctx(const unsigned char *key, size_t len, unsigned char pad)
{
	unsigned char block[SHA256_BLOCK];
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	size_t i;
	int ok;

	memset(block, pad, sizeof(block));
	for (i = 0; i < len; i++)
		block[i] ^= key[i];
	ok = c != NULL && EVP_DigestInit_ex(c, sha256, NULL) == 1 &&
	     EVP_DigestUpdate(c, block, sizeof(block)) == 1;
	secret_wipe(block, sizeof(block));
	if (!ok) {
		EVP_MD_CTX_free(c);
		return NULL;
	}
	return c;
}

enum pst_result
keyed_hash_init(void)
{
	unsigned char key[32];

	if (inner_ctx != NULL)
		return PST_OK;
	if (RAND_bytes(key, sizeof(key)) != 1)
		return PST_TEMPFAIL;
	sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (sha256 != NULL) {
		inner_ctx = pad_ctx(key, sizeof(key), 0x36);
		outer_ctx = pad_ctx(key, sizeof(key), 0x5c);
	}
	secret_wipe(key, sizeof(key));
	if (inner_ctx == NULL || outer_ctx == NULL) {
		keyed_hash_shutdown();
		return PST_TEMPFAIL;
	}
	return PST_OK;
}

void
keyed_hash_shutdown(void)
{
	EVP_MD_CTX *w;

	EVP_MD_CTX_free(inner_ctx);
	inner_ctx = NULL;
	EVP_MD_CTX_free(outer_ctx);
	outer_ctx = NULL;
	EVP_MD_free(sha256);
	sha256 = NULL;
	/* The calling thread's context; other threads free theirs as they end. */
	pthread_once(&work_once, work_key_make);
	w = pthread_getspecific(work_key);
	if (w != NULL) {
		pthread_setspecific(work_key, NULL);
		EVP_MD_CTX_free(w);
	}
}

void
keyed_hash(const struct keyed_part *parts, size_t nparts, unsigned char *out)
{
	EVP_MD_CTX *w = work_ctx();
	unsigned char inner[KEYED_HASH_LEN];
	unsigned int len = 0;
	size_t i;

	if (inner_ctx == NULL || EVP_MD_CTX_copy_ex(w, inner_ctx) != 1)
		log_panic("keyed_hash: not initialised");
	for (i = 0; i < nparts; i++) {
		unsigned char lenbuf[4];
		uint32_t n = (uint32_t)parts[i].len;

		lenbuf[0] = (unsigned char)(n >> 24);
		lenbuf[1] = (unsigned char)(n >> 16);
		lenbuf[2] = (unsigned char)(n >> 8);
		lenbuf[3] = (unsigned char)n;
		if (EVP_DigestUpdate(w, parts[i].p, parts[i].len) != 1 ||
		    EVP_DigestUpdate(w, lenbuf, sizeof(lenbuf)) != 1)
			log_panic("keyed_hash: digest update failed");
	}
	if (EVP_DigestFinal_ex(w, inner, &len) != 1 || len != KEYED_HASH_LEN ||
	    EVP_MD_CTX_copy_ex(w, outer_ctx) != 1 || EVP_DigestUpdate(w, inner, len) != 1 ||
	    EVP_DigestFinal_ex(w, out, &len) != 1 || len != KEYED_HASH_LEN)
		log_panic("keyed_hash: digest final failed");
	secret_wipe(inner, sizeof(inner));
}
