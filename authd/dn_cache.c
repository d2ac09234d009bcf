/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dn_cache.c: a fixed-size, set-associative table of account policies,
 * indexed by a keyed digest of the login (so crafted logins cannot aim at
 * one bucket) and checked against the stored key string.
 */
#include <pthread.h>
#include <string.h>

#include "account_info.h"
#include "account_ident.h"
#include "auth_cache.h"
#include "dn_cache.h"
#include "keyed_hash.h"
#include "xalloc.h"

#define WAYS 4

struct dn_entry {
	char *key; /* login \0 realm \0 service, as one counted string */
	size_t keylen;
	unsigned char user[16];
	struct account_info *info;
	int64_t expires_ms;
};

struct dn_cache {
	pthread_mutex_t lock;
	size_t nbuckets;
	struct dn_entry *e;
};

struct dn_cache *
dn_cache_new(size_t entries)
{
	struct dn_cache *c = xcalloc(1, sizeof(*c));

	c->nbuckets = (entries + WAYS - 1) / WAYS;
	if (c->nbuckets == 0)
		c->nbuckets = 1;
	c->e = xcalloc(c->nbuckets * WAYS, sizeof(*c->e));
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

static void
entry_clear(struct dn_entry *e)
{
	xfree(&e->key);
	account_info_free(&e->info);
	memset(e, 0, sizeof(*e));
}

void
dn_cache_free(struct dn_cache **cp)
{
	struct dn_cache *c = *cp;
	size_t i;

	*cp = NULL;
	if (c == NULL)
		return;
	for (i = 0; i < c->nbuckets * WAYS; i++)
		entry_clear(&c->e[i]);
	xfree(&c->e);
	pthread_mutex_destroy(&c->lock);
	xfree(&c);
}

/* make_key - the counted key string and its bucket */
static char *
make_key(struct dn_cache *c, const char *login, const char *realm, const char *service,
         size_t *len_r, struct dn_entry **bucket_r)
{
	size_t ll = strlen(login), rl = strlen(realm), sl = service ? strlen(service) : 0;
	char *k = xmalloc(ll + rl + sl + 3);
	unsigned char d[KEYED_HASH_LEN];
	struct keyed_part part;
	uint64_t h;

	memcpy(k, login, ll + 1);
	memcpy(k + ll + 1, realm, rl + 1);
	if (sl > 0)
		memcpy(k + ll + rl + 2, service, sl);
	k[ll + rl + 2 + sl] = '\0';
	*len_r = ll + rl + sl + 2;
	part.p = k;
	part.len = *len_r;
	keyed_hash(&part, 1, d);
	memcpy(&h, d, sizeof(h));
	*bucket_r = c->e + (h % c->nbuckets) * WAYS;
	return k;
}

static struct dn_entry *
bucket_find(struct dn_entry *b, const char *k, size_t len)
{
	int i;

	for (i = 0; i < WAYS; i++)
		if (b[i].key != NULL && b[i].keylen == len && memcmp(b[i].key, k, len) == 0)
			return &b[i];
	return NULL;
}

struct account_info *
dn_cache_get(struct dn_cache *c, const char *login, const char *realm, const char *service,
             int64_t now_ms)
{
	struct dn_entry *b, *e;
	struct account_info *copy = NULL;
	size_t len;
	char *k = make_key(c, login, realm, service, &len, &b);

	pthread_mutex_lock(&c->lock);
	e = bucket_find(b, k, len);
	if (e != NULL && e->expires_ms > now_ms)
		copy = account_info_dup_policy(e->info);
	pthread_mutex_unlock(&c->lock);
	xfree(&k);
	return copy;
}

void
dn_cache_put(struct dn_cache *c, const char *login, const char *realm, const char *service,
             const struct account_info *info, int64_t expires_ms)
{
	struct dn_entry *b, *e;
	size_t len;
	char *k = make_key(c, login, realm, service, &len, &b);
	struct account_info *copy = account_info_dup_policy(info);
	unsigned char user[16];
	int i;

	/* Keyed by the entry, not the spelling: a flush of the uid finds it. */
	account_ident_digest(info->dn, login, user);
	pthread_mutex_lock(&c->lock);
	e = bucket_find(b, k, len);
	if (e == NULL) {
		for (i = 0; i < WAYS && e == NULL; i++)
			if (b[i].key == NULL)
				e = &b[i];
		if (e == NULL) {
			/* A full bucket: the entry closest to expiry gives way. */
			e = &b[0];
			for (i = 1; i < WAYS; i++)
				if (b[i].expires_ms < e->expires_ms)
					e = &b[i];
		}
	}
	entry_clear(e);
	e->key = k;
	e->keylen = len;
	memcpy(e->user, user, sizeof(e->user));
	e->info = copy;
	e->expires_ms = expires_ms;
	pthread_mutex_unlock(&c->lock);
}

void
dn_cache_drop(struct dn_cache *c, const char *login, const char *realm, const char *service)
{
	struct dn_entry *b, *e;
	size_t len;
	char *k = make_key(c, login, realm, service, &len, &b);

	pthread_mutex_lock(&c->lock);
	e = bucket_find(b, k, len);
	if (e != NULL)
		entry_clear(e);
	pthread_mutex_unlock(&c->lock);
	xfree(&k);
}

size_t
dn_cache_flush_user(struct dn_cache *c, const char *user)
{
	unsigned char d[16];
	size_t i, n = 0;

	account_name_digest(user, d);
	pthread_mutex_lock(&c->lock);
	for (i = 0; i < c->nbuckets * WAYS; i++) {
		if (c->e[i].key != NULL && memcmp(c->e[i].user, d, sizeof(d)) == 0) {
			entry_clear(&c->e[i]);
			n++;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return n;
}

size_t
dn_cache_flush_all(struct dn_cache *c)
{
	size_t i, n = 0;

	pthread_mutex_lock(&c->lock);
	for (i = 0; i < c->nbuckets * WAYS; i++) {
		if (c->e[i].key != NULL) {
			entry_clear(&c->e[i]);
			n++;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return n;
}
