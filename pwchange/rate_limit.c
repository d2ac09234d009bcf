/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rate_limit.c: a set-associative table of fixed-window counters.
 *
 * A key's keyed digest picks a bucket of RL_WAYS slots. A key already in
 * its bucket counts on; a new key takes an empty or expired slot, or else
 * evicts the slot whose window started longest ago (it is the one closest
 * to being forgotten anyway).
 */
#include <pthread.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "log.h"
#include "rate_limit.h"
#include "secret.h"
#include "xalloc.h"

#define RL_WAYS   8
#define RL_DIGEST 16

struct rl_slot {
	unsigned char digest[RL_DIGEST];
	time_t start; /* 0 = empty */
	long count;
};

struct rate_limit {
	pthread_mutex_t lock;
	struct rl_slot *slots;
	size_t nbuckets;
	long max, window;
	unsigned char key[32];
};

struct rate_limit *
rate_limit_new(size_t slots, long max, long window_s)
{
	struct rate_limit *rl = xcalloc(1, sizeof(*rl));

	rl->nbuckets = (slots + RL_WAYS - 1) / RL_WAYS;
	if (rl->nbuckets == 0)
		rl->nbuckets = 1;
	rl->slots = xcalloc(rl->nbuckets * RL_WAYS, sizeof(*rl->slots));
	rl->max = max;
	rl->window = window_s > 0 ? window_s : 1;
	if (RAND_bytes(rl->key, sizeof(rl->key)) != 1)
		log_fatal("rate_limit: no random bytes for the table key");
	pthread_mutex_init(&rl->lock, NULL);
	return rl;
}

void
rate_limit_free(struct rate_limit **rlp)
{
	struct rate_limit *rl = *rlp;

	if (rl == NULL)
		return;
	pthread_mutex_destroy(&rl->lock);
	xfree(&rl->slots);
	secret_wipe(rl->key, sizeof(rl->key));
	xfree(rlp);
}

enum pst_result
rate_limit_hit(struct rate_limit *rl, const void *key, size_t keylen, time_t now,
               long *retry_after_r)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	struct rl_slot *bucket, *slot = NULL, *victim = NULL;
	size_t idx = 0;
	int victim_rank = 3;
	enum pst_result r;

	if (HMAC(EVP_sha256(), rl->key, sizeof(rl->key), key, keylen, md, &mdlen) == NULL ||
	    mdlen < RL_DIGEST + sizeof(size_t))
		log_panic("rate_limit: HMAC failed");
	memcpy(&idx, md + RL_DIGEST, sizeof(idx));

	pthread_mutex_lock(&rl->lock);
	bucket = &rl->slots[(idx % rl->nbuckets) * RL_WAYS];
	for (int i = 0; i < RL_WAYS; i++) {
		struct rl_slot *s = &bucket[i];
		int live = s->start != 0 && now >= s->start && now - s->start < rl->window;
		int rank = s->start == 0 ? 0 : !live ? 1 : 2;

		if (live && memcmp(s->digest, md, RL_DIGEST) == 0) {
			slot = s;
			break;
		}
		/* Prefer an empty slot, then an expired one, then the oldest window. */
		if (victim == NULL || rank < victim_rank ||
		    (rank == 2 && victim_rank == 2 && s->start < victim->start)) {
			victim = s;
			victim_rank = rank;
		}
	}
	if (slot == NULL) {
		slot = victim;
		memcpy(slot->digest, md, RL_DIGEST);
		slot->start = now;
		slot->count = 0;
	}
	if (slot->count < rl->max) {
		slot->count++;
		r = PST_OK;
	} else {
		r = PST_PERMFAIL;
	}
	if (retry_after_r)
		*retry_after_r = slot->start + rl->window - now;
	pthread_mutex_unlock(&rl->lock);
	return r;
}
