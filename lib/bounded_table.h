/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bounded_table.h: the one fixed-size table behind every cache and counter
 * keyed by a client's input (authd's credential, DN and penalty tables,
 * pwchange's rate limits).
 *
 * Why one table: each of those used to carry its own hashing, probing and
 * eviction, each slightly different. Here, once:
 *
 * - Fixed capacity, set once: a flood of made-up keys costs evictions,
 *   never memory. Entries sit in buckets of `ways` slots.
 * - Keys are keyed digests (bt_key_make, over lib/keyed_hash's per-process
 *   random key): a client cannot aim keys at one bucket to evict a chosen
 *   entry, and the table never holds a user name or a password. The first
 *   8 bytes of a key choose its bucket, so a caller that wants entries
 *   grouped (one account's answers) puts the group's digest first.
 *   Keys are compared in constant time. A table keeps the first 16 or all
 *   32 bytes of each key: 128 bits of a keyed digest tell keys apart where
 *   only a collision's cost (a miss, a shared count) is at stake.
 * - Every entry has an expiry and a stamp, both in the caller's clock
 *   units. An entry is live while now < expires. The eviction rule: a new
 *   key takes an empty slot of its bucket, else an expired one, else the
 *   slot with the lowest stamp (the caller's "forget first" order: time of
 *   the last failure, start of a window, expiry).
 * - A payload of payload_size bytes per entry, zeroed when the entry is
 *   made; on_evict releases what it owns; with `secret` it is wiped with
 *   secret_wipe whenever the entry goes (keys are always cleared).
 * - Striped locks: bt_lock/bt_unlock guard the key's bucket, so threads
 *   working on different accounts rarely meet. bt_find, bt_insert,
 *   bt_remove and bt_bucket_drop_if run under that lock; the whole-table
 *   walks (bt_drop_if, bt_clear, bt_count) take each stripe in turn.
 */
#ifndef POSTINO_BOUNDED_TABLE_H
#define POSTINO_BOUNDED_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "keyed_hash.h"

#define BT_KEY_LEN 32

struct bt_key {
	unsigned char d[BT_KEY_LEN];
};

struct bt_params {
	size_t capacity;                 /* entries, rounded up to whole buckets (at least one) */
	size_t payload_size;             /* bytes of caller data per entry */
	unsigned key_len;                /* key bytes kept and compared: 16 or 32 (0: 32) */
	unsigned ways;                   /* slots per bucket; 0: 8 */
	unsigned stripes;                /* mutexes; 0: none (one thread owns the table) */
	int secret;                      /* wipe payloads with secret_wipe when entries go */
	void (*on_evict)(void *payload); /* release what a payload owns; may be NULL */
};

/* bt_pred - a visitor shown an entry's key (key_len bytes); non-zero drops it */
typedef int (*bt_pred)(const unsigned char *key, void *payload, void *arg);

struct bounded_table;

struct bounded_table *bt_new(const struct bt_params *p);
/* bt_free - evict every entry (on_evict, wipe) and free; NULLs *tp */
void bt_free(struct bounded_table **tp);

/* bt_key_make - the key for parts: keyed_hash over them (needs keyed_hash_init) */
void bt_key_make(const struct keyed_part *parts, size_t nparts, struct bt_key *k);

void bt_lock(struct bounded_table *t, const struct bt_key *k);
void bt_unlock(struct bounded_table *t, const struct bt_key *k);

/* bt_find - the payload of k's live entry, or NULL (under k's lock) */
void *bt_find(struct bounded_table *t, const struct bt_key *k, int64_t now);
/*
 * bt_insert - the payload of k's entry, made if need be (under k's lock).
 * A live entry of k is kept as it is (*fresh_r = 0); otherwise a slot is
 * taken by the eviction rule and its payload zeroed (*fresh_r = 1). Either
 * way the entry gets the given stamp and expiry.
 */
void *bt_insert(struct bounded_table *t, const struct bt_key *k, int64_t now, int64_t stamp,
                int64_t expires, int *fresh_r);
/* bt_remove - evict the entry whose payload this is (under its key's lock) */
void bt_remove(struct bounded_table *t, void *payload);
/* bt_bucket_drop_if - evict the entries of k's bucket pred picks (under k's lock) */
size_t bt_bucket_drop_if(struct bounded_table *t, const struct bt_key *k, bt_pred pred, void *arg);

/* bt_drop_if - evict every entry pred picks, live or not; returns how many */
size_t bt_drop_if(struct bounded_table *t, bt_pred pred, void *arg);
/* bt_clear - evict everything; returns how many entries there were */
size_t bt_clear(struct bounded_table *t);
/* bt_count - live entries at now */
size_t bt_count(struct bounded_table *t, int64_t now);
/* bt_capacity - slots, after rounding to whole buckets */
size_t bt_capacity(const struct bounded_table *t);

#endif
