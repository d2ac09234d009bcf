/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rate_limit.c: fixed-window counters on lib/bounded_table.
 *
 * A key's table entry lives for its window (expiry = start + window, in
 * seconds); the stamp is the window's start, so a new key takes an empty
 * or expired slot, or else evicts the window that started longest ago (it
 * is the one closest to being forgotten anyway).
 */
#include <string.h>

#include "bounded_table.h"
#include "keyed_hash.h"
#include "log.h"
#include "rate_limit.h"
#include "xalloc.h"

#define RL_WAYS    8
#define RL_STRIPES 16

struct rl_window {
	time_t start;
	long count;
};

struct rate_limit {
	struct bounded_table *t;
	long max, window;
};

struct rate_limit *
rate_limit_new(size_t slots, long max, long window_s)
{
	struct rate_limit *rl = xcalloc(1, sizeof(*rl));
	struct bt_params p = {
	        .capacity = slots,
	        .payload_size = sizeof(struct rl_window),
	        .key_len = 16,
	        .ways = RL_WAYS,
	        .stripes = RL_STRIPES,
	};

	if (keyed_hash_init() != PST_OK)
		log_fatal("rate_limit: no random bytes for the table key");
	rl->t = bt_new(&p);
	rl->max = max;
	rl->window = window_s > 0 ? window_s : 1;
	return rl;
}

void
rate_limit_free(struct rate_limit **rlp)
{
	struct rate_limit *rl = *rlp;

	if (rl == NULL)
		return;
	bt_free(&rl->t);
	xfree(rlp);
}

enum pst_result
rate_limit_hit(struct rate_limit *rl, const void *key, size_t keylen, time_t now,
               long *retry_after_r)
{
	struct keyed_part parts[2] = {{"r", 1}, {key, keylen}};
	struct rl_window *w;
	struct bt_key k;
	enum pst_result r;

	bt_key_make(parts, 2, &k);
	bt_lock(rl->t, &k);
	w = bt_find(rl->t, &k, (int64_t)now);
	/* A clock that went back starts a new window rather than a longer one. */
	if (w == NULL || now < w->start) {
		w = bt_insert(rl->t, &k, (int64_t)now, (int64_t)now, (int64_t)now + rl->window,
		              NULL);
		w->start = now;
		w->count = 0;
	}
	if (w->count < rl->max) {
		w->count++;
		r = PST_OK;
	} else {
		r = PST_PERMFAIL;
	}
	if (retry_after_r)
		*retry_after_r = w->start + rl->window - now;
	bt_unlock(rl->t, &k);
	return r;
}
