/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_sync_accounts.c: the change stream's record table: round trip,
 * keys sharing a home slot (also across the end of the table), delete
 * with the run shifted back, growth, the bound, the memory of a million
 * records, and the collision rule: a record put over one naming another
 * account stands for both (SYNC_ACCT_ALL) until it is removed.
 */
#include <stdint.h>
#include <string.h>

#include "keyed_hash.h"
#include "result.h"
#include "../../authd/sync_accounts.h"
#include "t.h"

static struct sync_account
rec(unsigned acct, unsigned dig, unsigned flags)
{
	struct sync_account a;

	memset(&a, 0, sizeof(a));
	memcpy(a.account, &acct, sizeof(acct));
	memcpy(a.digest, &dig, sizeof(dig));
	a.flags = flags;
	return a;
}

static int
has(const struct sync_accounts *m, uint64_t key, unsigned acct, unsigned dig)
{
	struct sync_account a, want = rec(acct, dig, 0);

	return sync_accounts_find(m, key, &a) &&
	       memcmp(a.account, want.account, SYNC_ACCOUNT_LEN) == 0 &&
	       memcmp(a.digest, want.digest, SYNC_DIGEST_LEN) == 0;
}

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

/* keys from base up in steps of 8: one home slot, a run of n */
static void
test_one_home(uint64_t base, const char *what)
{
	struct sync_accounts *m = sync_accounts_new();
	struct sync_account a;
	unsigned i;
	int ok = 1;

	for (i = 0; i < 12; i++) {
		a = rec(i, i + 100, SYNC_ACCT_UID);
		ok &= sync_accounts_put(m, base + 8 * (uint64_t)i, &a);
	}
	T_CHECK(ok && sync_accounts_count(m) == 12, "%s: 12 keys in one run", what);
	sync_accounts_remove(m, base + 8 * 3);
	sync_accounts_remove(m, base);
	for (i = 0, ok = 1; i < 12; i++)
		if (i != 3 && i != 0)
			ok &= has(m, base + 8 * (uint64_t)i, i, i + 100);
	T_CHECK(ok, "%s: the rest of the run is found after two deletes", what);
	T_CHECK(!sync_accounts_find(m, base + 8 * 3, &a) && !sync_accounts_find(m, base, &a),
	        "%s: the deleted keys are gone", what);
	T_CHECK(sync_accounts_count(m) == 10, "%s: count 10", what);
	sync_accounts_free(&m);
}

static void
test_many(void)
{
	struct sync_accounts *m = sync_accounts_new();
	struct sync_account a;
	size_t small = sync_accounts_bytes(m);
	unsigned i;
	int ok = 1;

	for (i = 0; i < 200000; i++) {
		a = rec(i, ~i, SYNC_ACCT_UID);
		ok &= sync_accounts_put(m, mix(i), &a);
	}
	T_CHECK(ok && sync_accounts_count(m) == 200000, "200000 put");
	T_CHECK(sync_accounts_bytes(m) > small, "the table grew (%zu > %zu)",
	        sync_accounts_bytes(m), small);
	for (i = 0; i < 200000; i += 2)
		sync_accounts_remove(m, mix(i));
	for (i = 0, ok = 1; i < 200000; i++)
		ok &= (i % 2 == 0) ? !sync_accounts_find(m, mix(i), &a) : has(m, mix(i), i, ~i);
	T_CHECK(ok, "after deleting the even keys, exactly the odd ones are found");
	T_CHECK(sync_accounts_count(m) == 100000, "count 100000 (%zu)", sync_accounts_count(m));
	sync_accounts_remove(m, mix(0));
	T_CHECK(sync_accounts_count(m) == 100000, "removing an absent key changes nothing");
	sync_accounts_free(&m);
	T_CHECK(m == NULL, "free clears the pointer");
}

static void
test_collision_rule(void)
{
	struct sync_accounts *m = sync_accounts_new();
	struct sync_account a = rec(1, 10, SYNC_ACCT_UID), b = rec(2, 20, SYNC_ACCT_UID), got;

	/* The low two bits of a key are not part of it: 40 and 41 collide. */
	sync_accounts_put(m, 40, &a);
	sync_accounts_put(m, 40, &a);
	T_CHECK(sync_accounts_find(m, 40, &got) && got.flags == SYNC_ACCT_UID,
	        "the same account put again stays one account");
	sync_accounts_put(m, 41, &b);
	T_CHECK(sync_accounts_find(m, 40, &got) && (got.flags & SYNC_ACCT_ALL),
	        "another account over it: the record stands for every account");
	sync_accounts_put(m, 40, &a);
	T_CHECK(sync_accounts_find(m, 40, &got) && (got.flags & SYNC_ACCT_ALL),
	        "and stays so when the first account is put again");
	T_CHECK(sync_accounts_count(m) == 1, "one record for the colliding keys");
	sync_accounts_remove(m, 41);
	T_CHECK(!sync_accounts_find(m, 40, &got), "removed, the record is gone for both");

	sync_accounts_put(m, 80, &a);
	b = rec(1, 30, 0); /* no uid */
	sync_accounts_put(m, 80, &b);
	T_CHECK(sync_accounts_find(m, 80, &got) && (got.flags & SYNC_ACCT_ALL),
	        "an entry without uid over an account: every account");
	b = rec(3, 30, SYNC_ACCT_UID | SYNC_ACCT_ALL);
	sync_accounts_put(m, 120, &b);
	T_CHECK(sync_accounts_find(m, 120, &got) && got.flags == (SYNC_ACCT_UID | SYNC_ACCT_ALL),
	        "a multi-uid entry is stored as every account");
	sync_accounts_free(&m);
}

static void
test_bound(void)
{
	struct sync_accounts *m = sync_accounts_new_max(100);
	struct sync_account a = rec(7, 7, SYNC_ACCT_UID);
	unsigned i;
	int ok = 1;

	for (i = 0; i < 100; i++)
		ok &= sync_accounts_put(m, mix(i + 1), &a);
	T_CHECK(ok, "100 records fit a table of 100");
	T_CHECK(!sync_accounts_put(m, mix(1000), &a), "the 101st is refused");
	T_CHECK(sync_accounts_put(m, mix(5), &a), "replacing a record is not refused");
	sync_accounts_remove(m, mix(5));
	T_CHECK(sync_accounts_put(m, mix(1000), &a), "after a delete there is room again");
	sync_accounts_free(&m);
}

static void
test_million(void)
{
	struct sync_accounts *m = sync_accounts_new();
	struct sync_account a = rec(1, 2, SYNC_ACCT_UID);
	unsigned i;

	for (i = 0; i < 1000000; i++)
		sync_accounts_put(m, mix(i + 7), &a);
	T_CHECK(sync_accounts_count(m) == 1000000, "a million records");
	T_CHECK(sync_accounts_bytes(m) <= 40u << 20, "a million records in %zu MiB (<= 40)",
	        sync_accounts_bytes(m) >> 20);
	sync_accounts_free(&m);
}

static void
test_key(void)
{
	unsigned char u1[16], u2[16];

	memset(u1, 0x11, sizeof(u1));
	memcpy(u2, u1, sizeof(u2));
	u2[15] ^= 1;
	T_CHECK(keyed_hash_init() == PST_OK, "key drawn");
	T_CHECK(sync_accounts_key(u1, 16) == sync_accounts_key(u1, 16), "one UUID, one key");
	T_CHECK(sync_accounts_key(u1, 16) != sync_accounts_key(u2, 16),
	        "another UUID, another key");
	keyed_hash_shutdown();
}

int
main(void)
{
	struct sync_accounts *m = sync_accounts_new();
	struct sync_account a;

	T_CHECK(!sync_accounts_find(m, 12345, &a) && sync_accounts_count(m) == 0, "empty");
	sync_accounts_free(&m);
	test_one_home(0x4000000000000000ULL, "mid-table");
	test_one_home(0xffffffffffffff00ULL, "across the end");
	test_many();
	test_collision_rule();
	test_bound();
	test_million();
	test_key();
	return t_done("test_sync_accounts");
}
