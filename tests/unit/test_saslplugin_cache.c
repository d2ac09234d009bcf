/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_saslplugin_cache.c: the plugin's lookup cache: hits, expiry after
 * the TTL, the size bound (oldest out first), replacement of a key, deep
 * copies (the caller's data can be freed), and "off" when the TTL is 0.
 */
#include <stdio.h>
#include <string.h>

#include "../../saslplugin/plugin_account.h"
#include "../../saslplugin/plugin_cache.h"
#include "xalloc.h"
#include "t.h"

static void
make(struct account_match *m, const char *uid, const char *secret)
{
	memset(m, 0, sizeof(*m));
	m->n = 1;
	m->acct[0].e = xcalloc(1, sizeof(*m->acct[0].e));
	m->acct[0].e->uid = xstrdup(uid);
	m->acct[0].e->has_class = 1;
	m->acct[0].e->services = xcalloc(2, sizeof(char *));
	m->acct[0].e->services[0] = xstrdup("imap");
	if (secret != NULL) {
		m->acct[0].secrets = xcalloc(2, sizeof(char *));
		m->acct[0].secrets[0] = xstrdup(secret);
	}
}

int
main(void)
{
	struct plugin_cache *c = plugin_cache_new(10, 3);
	struct account_match m, got;
	char key[32];
	int i;

	memset(&m, 0, sizeof(m));
	T_CHECK(plugin_cache_new(0, 10) == NULL, "TTL 0 turns the cache off");
	T_CHECK(plugin_cache_get(NULL, "k", 0, &got) == 0, "an off cache never hits");
	plugin_cache_put(NULL, "k", 0, &m); /* must not crash */

	make(&m, "alice", "SCRAM-SHA-256$4096:c2FsdA==$a:b");
	plugin_cache_put(c, "Nalice", 100, &m);
	account_match_clear(&m); /* the cache holds its own copy */
	T_CHECK(m.acct[0].e == NULL && m.n == 0, "clear empties the match");

	T_CHECK(plugin_cache_get(c, "Nalice", 105, &got) == 1, "hit within the TTL");
	T_STREQ(got.acct[0].e->uid, "alice", "cached uid");
	T_STREQ(got.acct[0].e->services ? got.acct[0].e->services[0] : NULL, "imap",
	        "cached service");
	T_STREQ(got.acct[0].secrets ? got.acct[0].secrets[0] : NULL,
	        "SCRAM-SHA-256$4096:c2FsdA==$a:b", "cached secret");
	T_CHECK(got.n == 1 && got.acct[0].e->has_class == 1, "cached flags");
	account_match_clear(&got);
	T_CHECK(plugin_cache_get(c, "Nbob", 105, &got) == 0, "miss for another key");
	T_CHECK(plugin_cache_get(c, "Nalice", 110, &got) == 0, "expired at the TTL");
	T_CHECK(plugin_cache_count(c) == 0, "the expired entry is gone");

	/* An empty answer (no such account) is cached too. */
	memset(&m, 0, sizeof(m));
	plugin_cache_put(c, "Nnobody", 200, &m);
	T_CHECK(plugin_cache_get(c, "Nnobody", 201, &got) == 1 && got.n == 0,
	        "negative answers are cached");
	account_match_clear(&got);

	/* Bounded: a fourth key pushes out the oldest. */
	for (i = 0; i < 3; i++) {
		snprintf(key, sizeof(key), "Nu%d", i);
		make(&m, key + 1, NULL);
		plugin_cache_put(c, key, 201 + i, &m);
		account_match_clear(&m);
	}
	T_CHECK(plugin_cache_count(c) == 3, "never more than the maximum (%zu)",
	        plugin_cache_count(c));
	T_CHECK(plugin_cache_get(c, "Nnobody", 204, &got) == 0, "the oldest went first");
	T_CHECK(plugin_cache_get(c, "Nu0", 204, &got) == 1, "newer ones stay");
	account_match_clear(&got);

	/* Storing a key again replaces its entry. */
	make(&m, "changed", NULL);
	plugin_cache_put(c, "Nu1", 205, &m);
	account_match_clear(&m);
	T_CHECK(plugin_cache_count(c) == 3, "replacement does not grow the cache");
	T_CHECK(plugin_cache_get(c, "Nu1", 206, &got) == 1, "replaced entry is found");
	T_STREQ(got.acct[0].e->uid, "changed", "replaced value");
	account_match_clear(&got);

	/* A clock that went backwards does not make an entry live forever. */
	T_CHECK(plugin_cache_get(c, "Nu1", 100, &got) == 0, "entries from the future are stale");

	plugin_cache_free(&c);
	T_CHECK(c == NULL, "free NULLs the pointer");
	return t_done("test_saslplugin_cache");
}
