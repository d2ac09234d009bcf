/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dn_cache.c: account policies on lib/bounded_table, keyed by a keyed
 * digest of (login, realm, service), so crafted logins cannot aim at one
 * bucket and the table holds no login strings. The stamp is the expiry:
 * in a full bucket the entry closest to expiry gives way.
 */
#include <string.h>

#include "account_ident.h"
#include "account_info.h"
#include "auth_cache.h"
#include "bounded_table.h"
#include "dn_cache.h"
#include "xalloc.h"

#define KEY_LEN 16
#define WAYS    4
#define STRIPES 64

struct dn_payload {
	unsigned char user[16];
	struct account_info *info;
};

struct dn_cache {
	struct bounded_table *t;
};

static void
payload_free(void *payload)
{
	struct dn_payload *e = payload;

	account_info_free(&e->info);
}

struct dn_cache *
dn_cache_new(size_t entries)
{
	struct dn_cache *c = xcalloc(1, sizeof(*c));
	struct bt_params p = {
	        .capacity = entries,
	        .payload_size = sizeof(struct dn_payload),
	        .key_len = KEY_LEN,
	        .ways = WAYS,
	        .stripes = STRIPES,
	        .on_evict = payload_free,
	};

	c->t = bt_new(&p);
	return c;
}

void
dn_cache_free(struct dn_cache **cp)
{
	struct dn_cache *c = *cp;

	*cp = NULL;
	if (c == NULL)
		return;
	bt_free(&c->t);
	xfree(&c);
}

/* make_key - service NULL and "" are one key, as the filter ignores both */
static void
make_key(const char *login, const char *realm, const char *service, struct bt_key *k)
{
	struct keyed_part parts[4] = {
	        {"d", 1},
	        {login, strlen(login)},
	        {realm, strlen(realm)},
	        {service != NULL ? service : "", service != NULL ? strlen(service) : 0},
	};

	bt_key_make(parts, 4, k);
}

struct account_info *
dn_cache_get(struct dn_cache *c, const char *login, const char *realm, const char *service,
             int64_t now_ms)
{
	struct dn_payload *e;
	struct account_info *copy = NULL;
	struct bt_key k;

	make_key(login, realm, service, &k);
	bt_lock(c->t, &k);
	e = bt_find(c->t, &k, now_ms);
	if (e != NULL)
		copy = account_info_dup_policy(e->info);
	bt_unlock(c->t, &k);
	return copy;
}

void
dn_cache_put(struct dn_cache *c, const char *login, const char *realm, const char *service,
             const struct account_info *info, int64_t expires_ms)
{
	struct dn_payload *e;
	struct account_info *copy = account_info_dup_policy(info);
	unsigned char user[16];
	struct bt_key k;

	make_key(login, realm, service, &k);
	/* Keyed by the entry, not the spelling: a flush of the uid finds it. */
	account_ident_digest(info->dn, login, user);
	bt_lock(c->t, &k);
	/* No clock here: only empty slots count as free; the stamp orders the rest. */
	e = bt_insert(c->t, &k, INT64_MIN, expires_ms, expires_ms, NULL);
	account_info_free(&e->info);
	memcpy(e->user, user, sizeof(e->user));
	e->info = copy;
	bt_unlock(c->t, &k);
}

void
dn_cache_drop(struct dn_cache *c, const char *login, const char *realm, const char *service)
{
	struct dn_payload *e;
	struct bt_key k;

	make_key(login, realm, service, &k);
	bt_lock(c->t, &k);
	e = bt_find(c->t, &k, INT64_MIN);
	if (e != NULL)
		bt_remove(c->t, e);
	bt_unlock(c->t, &k);
}

struct user_prefix {
	const unsigned char *d;
	size_t len;
};

static int
same_user(const unsigned char *key, void *payload, void *arg)
{
	const struct dn_payload *e = payload;
	const struct user_prefix *u = arg;

	(void)key;
	return memcmp(e->user, u->d, u->len) == 0;
}

size_t
dn_cache_flush_account(struct dn_cache *c, const unsigned char *d, size_t len)
{
	struct user_prefix u = {d, len < 16 ? len : 16};

	return bt_drop_if(c->t, same_user, &u);
}

size_t
dn_cache_flush_user(struct dn_cache *c, const char *user)
{
	unsigned char d[16];

	account_name_digest(user, d);
	return dn_cache_flush_account(c, d, sizeof(d));
}

size_t
dn_cache_flush_all(struct dn_cache *c)
{
	return bt_clear(c->t);
}
