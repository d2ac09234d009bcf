/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_bounded_table.c: the decisions of lib/bounded_table: hit, miss,
 * expiry, eviction at capacity (empty, then expired, then lowest stamp),
 * keys that share a bucket, the eviction hook and the wipe of payloads.
 */
#include <stdint.h>
#include <string.h>

#include "bounded_table.h"
#include "keyed_hash.h"
#include "result.h"
#include "t.h"

struct pl {
	unsigned char secret[24];
	long n;
};

static int evicted;

static void
on_evict(void *payload)
{
	(void)payload;
	evicted++;
}

/*
 * key_in - a key that lands in bucket b (of nbuckets) with tag t: the
 * bucket comes from the first 8 bytes, the tag makes it a different key
 */
static struct bt_key
key_in(uint64_t b, unsigned char t)
{
	struct bt_key k;

	memset(&k, 0, sizeof(k));
	memcpy(k.d, &b, sizeof(b));
	k.d[BT_KEY_LEN - 1] = t;
	return k;
}

static struct bounded_table *
table(size_t cap, unsigned ways, unsigned stripes)
{
	struct bt_params p = {
	        .capacity = cap,
	        .payload_size = sizeof(struct pl),
	        .ways = ways,
	        .stripes = stripes,
	        .secret = 1,
	        .on_evict = on_evict,
	};

	return bt_new(&p);
}

static void
test_hit_miss_expiry(void)
{
	struct bounded_table *t = table(64, 4, 4);
	struct bt_key a = key_in(3, 1), b = key_in(3, 2);
	struct pl *p;
	int fresh = -1;

	T_CHECK(bt_capacity(t) == 64, "capacity 64 (%zu)", bt_capacity(t));
	bt_lock(t, &a);
	T_CHECK(bt_find(t, &a, 100) == NULL, "empty table misses");
	p = bt_insert(t, &a, 100, 100, 200, &fresh);
	T_CHECK(fresh == 1 && p->n == 0, "insert makes a zeroed entry (never NULL)");
	p->n = 7;
	T_CHECK(bt_find(t, &a, 199) == p && p->n == 7, "hit before expiry");
	T_CHECK(bt_find(t, &b, 150) == NULL, "same bucket, other key: miss");
	T_CHECK(bt_find(t, &a, 200) == NULL, "miss at the expiry");
	p = bt_insert(t, &a, 150, 150, 300, &fresh);
	T_CHECK(fresh == 0 && p->n == 7, "insert of a live key keeps its payload");
	T_CHECK(bt_find(t, &a, 250) == p, "and takes the new expiry");
	p = bt_insert(t, &a, 300, 300, 400, &fresh);
	T_CHECK(fresh == 1 && p->n == 0, "insert of an expired key starts afresh");
	bt_unlock(t, &a);
	T_CHECK(bt_count(t, 350) == 1 && bt_count(t, 400) == 0, "count sees only live entries");
	bt_free(&t);
	T_CHECK(t == NULL, "free NULLs the pointer");
}

static void
test_collisions_and_eviction(void)
{
	/* One bucket of 4: every key collides. */
	struct bounded_table *t = table(4, 4, 0);
	struct bt_key k[6];
	struct pl *p[6];
	int i;

	for (i = 0; i < 6; i++)
		k[i] = key_in((uint64_t)i * 1000, (unsigned char)i);
	evicted = 0;
	for (i = 0; i < 4; i++) {
		p[i] = bt_insert(t, &k[i], 0, 10 + i, 1000, NULL);
		p[i]->n = i;
	}
	for (i = 0; i < 4; i++)
		T_CHECK(bt_find(t, &k[i], 0) == p[i] && p[i]->n == i, "colliding key %d kept apart",
		        i);
	/* Full and all live: the lowest stamp (k[0]) goes. */
	p[4] = bt_insert(t, &k[4], 0, 50, 1000, NULL);
	T_CHECK(bt_find(t, &k[0], 0) == NULL, "lowest stamp evicted");
	T_CHECK(evicted == 1, "eviction hook ran once (%d)", evicted);
	T_CHECK(bt_find(t, &k[1], 0) != NULL && bt_find(t, &k[4], 0) == p[4], "others stay");
	/* An expired entry goes before a live one with a lower stamp. */
	(void)bt_insert(t, &k[2], 0, 60, 100, NULL);
	p[5] = bt_insert(t, &k[5], 100, 70, 1000, NULL);
	T_CHECK(bt_find(t, &k[2], 0) == NULL && bt_find(t, &k[1], 0) != NULL,
	        "expired slot taken before the lowest live stamp");
	T_CHECK(bt_count(t, 0) == 4, "never more than capacity");
	bt_free(&t);
	T_CHECK(evicted == 6, "free evicts the rest (%d)", evicted);
}

static int
odd_n(const unsigned char *key, void *payload, void *arg)
{
	(void)key;
	(void)arg;
	return ((struct pl *)payload)->n % 2 == 1;
}

static void
test_remove_wipe_drop(void)
{
	struct bounded_table *t = table(256, 8, 8);
	struct bt_key a = key_in(5, 9);
	unsigned char zero[sizeof(struct pl)];
	struct pl *p;
	size_t i;

	memset(zero, 0, sizeof(zero));
	bt_lock(t, &a);
	p = bt_insert(t, &a, 0, 0, 100, NULL);
	memset(p->secret, 'S', sizeof(p->secret));
	p->n = 3;
	bt_remove(t, p);
	/* The slot stays in the table's array: its bytes can be read back. */
	T_CHECK(memcmp(p, zero, sizeof(zero)) == 0, "payload wiped on remove");
	T_CHECK(bt_find(t, &a, 0) == NULL, "removed");
	bt_unlock(t, &a);

	for (i = 0; i < 40; i++) {
		struct bt_key k = key_in(i, (unsigned char)i);

		bt_lock(t, &k);
		p = bt_insert(t, &k, 0, 0, 100, NULL);
		p->n = (long)i;
		bt_unlock(t, &k);
	}
	T_CHECK(bt_drop_if(t, odd_n, NULL) == 20, "drop_if picks by payload");
	T_CHECK(bt_count(t, 0) == 20, "20 left");
	{
		struct bt_key k2 = key_in(2, 2), k3 = key_in(3, 3);

		T_CHECK(bt_find(t, &k2, 0) != NULL && bt_find(t, &k3, 0) == NULL,
		        "even kept, odd dropped");
	}
	T_CHECK(bt_clear(t) == 20 && bt_count(t, 0) == 0, "clear drops the rest");
	bt_free(&t);
}

static void
test_keyed_keys(void)
{
	struct keyed_part ab[2] = {{"ab", 2}, {"c", 1}}, a_bc[2] = {{"a", 1}, {"bc", 2}};
	struct bt_key k1, k2, k3;
	struct bounded_table *t = table(1000, 8, 16);
	int i, lost = 0;

	bt_key_make(ab, 2, &k1);
	bt_key_make(a_bc, 2, &k2);
	bt_key_make(ab, 2, &k3);
	T_CHECK(memcmp(k1.d, k3.d, BT_KEY_LEN) == 0, "same parts, same key");
	T_CHECK(memcmp(k1.d, k2.d, BT_KEY_LEN) != 0, "part boundaries are part of the key");
	/* A keyed hash spreads 500 keys over 125 buckets: none is lost. */
	for (i = 0; i < 500; i++) {
		struct keyed_part part = {&i, sizeof(i)};
		struct bt_key k;

		bt_key_make(&part, 1, &k);
		bt_lock(t, &k);
		((struct pl *)bt_insert(t, &k, 0, i, 10, NULL))->n = i;
		bt_unlock(t, &k);
	}
	for (i = 0; i < 500; i++) {
		struct keyed_part part = {&i, sizeof(i)};
		struct bt_key k;
		struct pl *p;

		bt_key_make(&part, 1, &k);
		bt_lock(t, &k);
		p = bt_find(t, &k, 0);
		lost += p == NULL || p->n != i;
		bt_unlock(t, &k);
	}
	/*
	 * Half full with 8 ways, a few buckets overflow (about 4 keys lost
	 * on average); keys piled into few buckets would lose hundreds.
	 */
	T_CHECK(lost < 50, "keys spread over the buckets (%d lost)", lost);
	bt_free(&t);
}

static void
test_short_keys(void)
{
	struct bt_params p = {.capacity = 16, .payload_size = 8, .key_len = 16};
	struct bounded_table *t = bt_new(&p);
	struct bt_key a = key_in(1, 1), b = key_in(1, 2), c = key_in(1, 0);
	int fresh = -1;

	c.d[15] = 1;
	(void)bt_insert(t, &a, 0, 0, 10, NULL);
	(void)bt_insert(t, &b, 0, 0, 10, &fresh);
	T_CHECK(fresh == 0, "16-byte keys: bytes past 16 do not count");
	T_CHECK(bt_find(t, &c, 0) == NULL, "16-byte keys: byte 15 does");
	T_CHECK(bt_count(t, 0) == 1, "one entry");
	bt_free(&t);
}

int
main(void)
{
	T_CHECK(keyed_hash_init() == PST_OK, "key drawn");
	test_hit_miss_expiry();
	test_collisions_and_eviction();
	test_remove_wipe_drop();
	test_keyed_keys();
	test_short_keys();
	keyed_hash_shutdown();
	return t_done("bounded_table");
}
