/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_cache.c: the credential cache on lib/bounded_table.
 *
 * The table key is the ident digest followed by the first half of the
 * credential digest: the ident picks the bucket, so one account's answers
 * (one per recent password) share a bucket and a new good password can
 * drop the old ones there. The stamp is the expiry, so a full bucket gives
 * up the entry closest to expiry. Striped locks: the I/O threads and the
 * workers look up and store different accounts side by side.
 */
#include <ctype.h>
#include <openssl/crypto.h>
#include <string.h>

#include "auth_cache.h"
#include "bounded_table.h"
#include "secret.h"
#include "xalloc.h"

#define KEY_LEN 32 /* the ident digest, then half the credential digest */
#define WAYS    8
#define STRIPES 64

struct cache_payload {
	unsigned char user[16];
	unsigned char positive;
};

struct auth_cache {
	struct bounded_table *t;
};

struct auth_cache *
auth_cache_new(size_t entries)
{
	struct auth_cache *c = xcalloc(1, sizeof(*c));
	struct bt_params p = {
	        .capacity = entries,
	        .payload_size = sizeof(struct cache_payload),
	        .key_len = KEY_LEN,
	        .ways = WAYS,
	        .stripes = STRIPES,
	        .secret = 1,
	};

	c->t = bt_new(&p);
	return c;
}

void
auth_cache_free(struct auth_cache **cp)
{
	struct auth_cache *c = *cp;

	*cp = NULL;
	if (c == NULL)
		return;
	bt_free(&c->t);
	xfree(&c);
}

void
account_name_digest(const char *login, unsigned char out[16])
{
	unsigned char full[KEYED_HASH_LEN];
	char name[257];
	size_t i;
	struct keyed_part part;

	/*
	 * "alice", "Alice" and "alice@example.org" are one account to a
	 * flush: flushing too much costs one LDAP round trip, flushing too
	 * little keeps an old password alive.
	 */
	for (i = 0; i < sizeof(name) - 1 && login[i] != '\0' && login[i] != '@'; i++)
		name[i] = (char)tolower((unsigned char)login[i]);
	name[i] = '\0';
	part.p = name;
	part.len = i;
	keyed_hash(&part, 1, full);
	memcpy(out, full, 16);
}

void
auth_cache_key(const char *login, const char *realm, const char *service, const struct secret *pw,
               struct auth_cache_key *k)
{
	unsigned char full[KEYED_HASH_LEN];
	struct keyed_part parts[5] = {
	        {"i", 1},
	        {login, strlen(login)},
	        {realm, strlen(realm)},
	        {service, strlen(service)},
	        {pw->data, pw->len},
	};

	keyed_hash(parts, 4, full);
	memcpy(k->ident, full, sizeof(k->ident));
	parts[0].p = "c";
	keyed_hash(parts, 5, k->cred);
	/* Only a store needs the account's digest, and it is the entry's (see auth_cache.h). */
	memset(k->user, 0, sizeof(k->user));
	secret_wipe(full, sizeof(full));
}

static void
table_key(const struct auth_cache_key *k, struct bt_key *tk)
{
	memcpy(tk->d, k->ident, sizeof(k->ident));
	memcpy(tk->d + sizeof(k->ident), k->cred, BT_KEY_LEN - sizeof(k->ident));
}

enum auth_cache_hit
auth_cache_lookup(struct auth_cache *c, const struct auth_cache_key *k, int64_t now_ms)
{
	enum auth_cache_hit hit = AC_MISS;
	struct cache_payload *e;
	struct bt_key tk;

	table_key(k, &tk);
	bt_lock(c->t, &tk);
	e = bt_find(c->t, &tk, now_ms);
	if (e != NULL)
		hit = e->positive ? AC_POSITIVE : AC_NEGATIVE;
	bt_unlock(c->t, &tk);
	secret_wipe(&tk, sizeof(tk));
	return hit;
}

/* other_positive - a positive answer of the same ident for another password */
static int
other_positive(const unsigned char *key, void *payload, void *arg)
{
	const struct bt_key *mine = arg;
	const struct cache_payload *e = payload;

	return e->positive && memcmp(key, mine->d, 16) == 0 &&
	       CRYPTO_memcmp(key, mine->d, KEY_LEN) != 0;
}

void
auth_cache_store(struct auth_cache *c, const struct auth_cache_key *k, int positive,
                 int64_t expires_ms)
{
	struct cache_payload *e;
	struct bt_key tk;

	table_key(k, &tk);
	bt_lock(c->t, &tk);
	/* A new good password replaces the old one at once. */
	if (positive)
		(void)bt_bucket_drop_if(c->t, &tk, other_positive, &tk);
	/* No clock here: the stamp is the expiry, and only empty slots count as free. */
	e = bt_insert(c->t, &tk, INT64_MIN, expires_ms, expires_ms, NULL);
	memcpy(e->user, k->user, sizeof(e->user));
	e->positive = positive ? 1 : 0;
	bt_unlock(c->t, &tk);
	secret_wipe(&tk, sizeof(tk));
}

struct user_prefix {
	const unsigned char *d;
	size_t len;
};

static int
same_user(const unsigned char *key, void *payload, void *arg)
{
	const struct cache_payload *e = payload;
	const struct user_prefix *u = arg;

	(void)key;
	return memcmp(e->user, u->d, u->len) == 0;
}

size_t
auth_cache_flush_account(struct auth_cache *c, const unsigned char *d, size_t len)
{
	struct user_prefix u = {d, len < 16 ? len : 16};

	return bt_drop_if(c->t, same_user, &u);
}

size_t
auth_cache_flush_user(struct auth_cache *c, const char *user)
{
	unsigned char d[16];

	account_name_digest(user, d);
	return auth_cache_flush_account(c, d, sizeof(d));
}

size_t
auth_cache_flush_all(struct auth_cache *c)
{
	return bt_clear(c->t);
}

size_t
auth_cache_count(struct auth_cache *c, int64_t now_ms)
{
	return bt_count(c->t, now_ms);
}
