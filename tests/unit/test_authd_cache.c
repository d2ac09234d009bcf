/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_authd_cache.c: the credential cache (hit, miss, password mismatch,
 * TTLs, replacement of an old password, flush per user and all, bounded
 * size) and the DN cache.
 */
#include <string.h>

#include "../../authd/account_info.h"
#include "../../authd/auth_cache.h"
#include "../../authd/dn_cache.h"
#include "account_policy.h"
#include "keyed_hash.h"
#include "secret.h"
#include "t.h"
#include "xalloc.h"

static void
key_for(const char *login, const char *realm, const char *service, const char *pw,
        struct auth_cache_key *k)
{
	struct secret *s = secret_from_str(pw);

	auth_cache_key(login, realm, service, s, k);
	account_name_digest(login, k->user);
	secret_free(&s);
}

static void
test_cred_cache(void)
{
	struct auth_cache *c = auth_cache_new(1024);
	struct auth_cache_key k1, k2, k3, kimap, kbob;
	int64_t now = 1000000;

	key_for("alice", "", "smtp", "Alice-Pass-1", &k1);
	key_for("alice", "", "smtp", "wrong", &k2);
	key_for("alice", "", "smtp", "Alice-Pass-2", &k3);
	key_for("alice", "", "imap", "Alice-Pass-1", &kimap);
	key_for("bob", "", "smtp", "Alice-Pass-1", &kbob);

	T_CHECK(auth_cache_lookup(c, &k1, now) == AC_MISS, "empty cache misses");
	auth_cache_store(c, &k1, 1, now + 300000);
	T_CHECK(auth_cache_lookup(c, &k1, now + 1) == AC_POSITIVE, "stored password hits");
	T_CHECK(auth_cache_lookup(c, &k2, now + 1) == AC_MISS, "another password misses");
	T_CHECK(auth_cache_lookup(c, &kimap, now + 1) == AC_MISS, "another service misses");
	T_CHECK(auth_cache_lookup(c, &kbob, now + 1) == AC_MISS, "another user misses");
	T_CHECK(auth_cache_lookup(c, &k1, now + 300000) == AC_MISS, "expired at the TTL");

	auth_cache_store(c, &k2, 0, now + 30000);
	T_CHECK(auth_cache_lookup(c, &k2, now + 1) == AC_NEGATIVE, "negative entry hits");
	T_CHECK(auth_cache_lookup(c, &k1, now + 1) == AC_POSITIVE, "negative beside positive");

	/* A new good password evicts the old one at once. */
	auth_cache_store(c, &k3, 1, now + 300000);
	T_CHECK(auth_cache_lookup(c, &k3, now + 2) == AC_POSITIVE, "new password cached");
	T_CHECK(auth_cache_lookup(c, &k1, now + 2) == AC_MISS, "old password dropped");

	auth_cache_store(c, &kimap, 1, now + 300000);
	auth_cache_store(c, &kbob, 1, now + 300000);
	T_CHECK(auth_cache_count(c, now + 3) == 4, "four live entries (got %zu)",
	        auth_cache_count(c, now + 3));
	T_CHECK(auth_cache_flush_user(c, "ALICE@example.org") == 3, "flush alice: 3 entries");
	T_CHECK(auth_cache_lookup(c, &kimap, now + 3) == AC_MISS, "alice/imap flushed");
	T_CHECK(auth_cache_lookup(c, &kbob, now + 3) == AC_POSITIVE, "bob kept");
	T_CHECK(auth_cache_flush_all(c) == 1, "flush all drops bob");
	T_CHECK(auth_cache_lookup(c, &kbob, now + 3) == AC_MISS, "bob gone");
	auth_cache_free(&c);
	T_CHECK(c == NULL, "free NULLs the pointer");

	/* The size is bounded: 64 entries, 1000 stores, never more than 64 live. */
	c = auth_cache_new(64);
	for (int i = 0; i < 1000; i++) {
		char u[32];
		struct auth_cache_key k;

		snprintf(u, sizeof(u), "u%05d", i);
		key_for(u, "", "smtp", "pw", &k);
		auth_cache_store(c, &k, 1, now + 1000 + i);
	}
	T_CHECK(auth_cache_count(c, now) <= 64, "bounded at 64 (got %zu)",
	        auth_cache_count(c, now));
	auth_cache_free(&c);
}

static struct account_info *
info(const char *dn, int disabled)
{
	struct account_info *i = xcalloc(1, sizeof(*i));

	i->dn = xstrdup(dn);
	i->acct = xcalloc(1, sizeof(*i->acct));
	i->acct->dn = xstrdup(dn);
	i->acct->has_class = 1;
	i->acct->disabled = disabled;
	i->acct->services = xcalloc(2, sizeof(char *));
	i->acct->services[0] = xstrdup("imap");
	return i;
}

static void
test_dn_cache(void)
{
	struct dn_cache *c = dn_cache_new(64);
	struct account_info *a = info("uid=alice,dc=x", 0), *got;
	int64_t now = 5000;

	T_CHECK(dn_cache_get(c, "alice", "", NULL, now) == NULL, "empty");
	dn_cache_put(c, "alice", "", NULL, a, now + 1000);
	got = dn_cache_get(c, "alice", "", NULL, now);
	T_CHECK(got != NULL && strcmp(got->dn, "uid=alice,dc=x") == 0, "DN back");
	T_CHECK(got != NULL && got->acct != NULL && got->acct->services != NULL &&
	                strcmp(got->acct->services[0], "imap") == 0,
	        "policy back");
	account_info_free(&got);
	T_CHECK(dn_cache_get(c, "alice", "realm", NULL, now) == NULL, "realm is part of the key");
	T_CHECK(dn_cache_get(c, "alice", "", "smtp", now) == NULL, "service is part of the key");
	T_CHECK(dn_cache_get(c, "alice", "", NULL, now + 1000) == NULL, "expires");
	dn_cache_drop(c, "alice", "", NULL);
	T_CHECK(dn_cache_get(c, "alice", "", NULL, now) == NULL, "dropped");
	dn_cache_put(c, "alice", "", NULL, a, now + 1000);
	dn_cache_put(c, "alice", "example.org", NULL, a, now + 1000);
	T_CHECK(dn_cache_flush_user(c, "Alice") == 2, "flush user drops both realms");
	dn_cache_put(c, "bob", "", NULL, a, now + 1000);
	T_CHECK(dn_cache_flush_all(c) == 1, "flush all");
	account_info_free(&a);
	dn_cache_free(&c);
}

int
main(void)
{
	T_CHECK(keyed_hash_init() == PST_OK, "key drawn");
	test_cred_cache();
	test_dn_cache();
	keyed_hash_shutdown();
	return t_done("authd_cache");
}
