/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_cache.c: a fixed-size, set-associative table of keyed digests.
 *
 * One mutex guards the table: every operation is a handful of 80-byte
 * compares, far shorter than the LDAP round trip it saves.
 */
#include <ctype.h>
#include <pthread.h>
#include <string.h>

#include "auth_cache.h"
#include "keyed_hash.h"
#include "secret.h"
#include "xalloc.h"

#define WAYS 8

struct cache_entry {
	unsigned char ident[16];
	unsigned char user[16];
	unsigned char cred[32];
	int64_t expires_ms;
	unsigned char positive;
	unsigned char used;
};

struct auth_cache {
	pthread_mutex_t lock;
	size_t nbuckets;
	struct cache_entry *e; /* nbuckets * WAYS */
};

struct auth_cache *
auth_cache_new(size_t entries)
{
	struct auth_cache *c = xcalloc(1, sizeof(*c));

	c->nbuckets = (entries + WAYS - 1) / WAYS;
	if (c->nbuckets == 0)
		c->nbuckets = 1;
	c->e = xcalloc(c->nbuckets * WAYS, sizeof(*c->e));
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

void
auth_cache_free(struct auth_cache **cp)
{
	struct auth_cache *c = *cp;

	*cp = NULL;
	if (c == NULL)
		return;
	secret_wipe(c->e, c->nbuckets * WAYS * sizeof(*c->e));
	xfree(&c->e);
	pthread_mutex_destroy(&c->lock);
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
	account_name_digest(login, k->user);
	secret_wipe(full, sizeof(full));
}

static struct cache_entry *
bucket_of(struct auth_cache *c, const unsigned char ident[16])
{
	uint64_t h;

	memcpy(&h, ident, sizeof(h));
	return c->e + (h % c->nbuckets) * WAYS;
}

enum auth_cache_hit
auth_cache_lookup(struct auth_cache *c, const struct auth_cache_key *k, int64_t now_ms)
{
	enum auth_cache_hit hit = AC_MISS;
	struct cache_entry *b;
	int i;

	pthread_mutex_lock(&c->lock);
	b = bucket_of(c, k->ident);
	for (i = 0; i < WAYS; i++) {
		if (!b[i].used || b[i].expires_ms <= now_ms)
			continue;
		if (memcmp(b[i].ident, k->ident, sizeof(k->ident)) != 0)
			continue;
		if (secret_equal(b[i].cred, sizeof(b[i].cred), k->cred, sizeof(k->cred))) {
			hit = b[i].positive ? AC_POSITIVE : AC_NEGATIVE;
			break;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

void
auth_cache_store(struct auth_cache *c, const struct auth_cache_key *k, int positive,
                 int64_t expires_ms)
{
	struct cache_entry *b, *victim = NULL;
	int i;

	pthread_mutex_lock(&c->lock);
	b = bucket_of(c, k->ident);
	for (i = 0; i < WAYS; i++) {
		if (!b[i].used)
			continue;
		if (memcmp(b[i].ident, k->ident, sizeof(k->ident)) != 0)
			continue;
		if (secret_equal(b[i].cred, sizeof(b[i].cred), k->cred, sizeof(k->cred))) {
			victim = &b[i]; /* the same credential: overwrite */
		} else if (positive && b[i].positive) {
			/* A new good password replaces the old one at once. */
			memset(&b[i], 0, sizeof(b[i]));
		}
	}
	for (i = 0; victim == NULL && i < WAYS; i++)
		if (!b[i].used)
			victim = &b[i];
	if (victim == NULL) {
		/* A full bucket: the entry closest to expiry gives way. */
		victim = &b[0];
		for (i = 1; i < WAYS; i++)
			if (b[i].expires_ms < victim->expires_ms)
				victim = &b[i];
	}
	memcpy(victim->ident, k->ident, sizeof(k->ident));
	memcpy(victim->user, k->user, sizeof(k->user));
	memcpy(victim->cred, k->cred, sizeof(k->cred));
	victim->expires_ms = expires_ms;
	victim->positive = positive ? 1 : 0;
	victim->used = 1;
	pthread_mutex_unlock(&c->lock);
}

size_t
auth_cache_flush_user(struct auth_cache *c, const char *user)
{
	unsigned char d[16];
	size_t i, n = 0;

	account_name_digest(user, d);
	pthread_mutex_lock(&c->lock);
	for (i = 0; i < c->nbuckets * WAYS; i++) {
		if (c->e[i].used && memcmp(c->e[i].user, d, sizeof(d)) == 0) {
			memset(&c->e[i], 0, sizeof(c->e[i]));
			n++;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return n;
}

size_t
auth_cache_flush_all(struct auth_cache *c)
{
	size_t i, n = 0;

	pthread_mutex_lock(&c->lock);
	for (i = 0; i < c->nbuckets * WAYS; i++)
		n += c->e[i].used;
	memset(c->e, 0, c->nbuckets * WAYS * sizeof(*c->e));
	pthread_mutex_unlock(&c->lock);
	return n;
}

size_t
auth_cache_count(struct auth_cache *c, int64_t now_ms)
{
	size_t i, n = 0;

	pthread_mutex_lock(&c->lock);
	for (i = 0; i < c->nbuckets * WAYS; i++)
		n += c->e[i].used && c->e[i].expires_ms > now_ms;
	pthread_mutex_unlock(&c->lock);
	return n;
}
