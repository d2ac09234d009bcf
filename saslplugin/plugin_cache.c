/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * plugin_cache.c: the lookup cache, a fixed array searched linearly.
 *
 * A few hundred entries and a string compare each cost far less than one
 * directory round trip, and a flat array has no pointers to get wrong, so
 * no hash table. Time comes from the caller (a monotonic clock in the
 * plugin, a counter in the tests).
 */
#include <string.h>

#include "plugin_cache.h"
#include "xalloc.h"

struct cache_slot {
	char *key; /* NULL when the slot is free */
	time_t stored;
	struct account_match m;
};

struct plugin_cache {
	long ttl;
	size_t max;
	struct cache_slot *slot;
};

struct plugin_cache *
plugin_cache_new(long ttl, size_t max)
{
	struct plugin_cache *c;

	if (ttl <= 0 || max == 0)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->ttl = ttl;
	c->max = max;
	c->slot = xcalloc(max, sizeof(*c->slot));
	return c;
}

static void
slot_clear(struct cache_slot *s)
{
	xfree(&s->key);
	account_match_clear(&s->m);
}

void
plugin_cache_free(struct plugin_cache **cp)
{
	struct plugin_cache *c = *cp;
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->max; i++)
		slot_clear(&c->slot[i]);
	xfree(&c->slot);
	xfree(cp);
}

/* fresh - whether an entry stored at t may still be used at now */
static int
fresh(const struct plugin_cache *c, time_t t, time_t now)
{
	return now >= t && now - t < c->ttl;
}

int
plugin_cache_get(struct plugin_cache *c, const char *key, time_t now, struct account_match *m)
{
	size_t i;

	if (c == NULL)
		return 0;
	for (i = 0; i < c->max; i++) {
		struct cache_slot *s = &c->slot[i];

		if (s->key == NULL || strcmp(s->key, key) != 0)
			continue;
		if (!fresh(c, s->stored, now)) {
			slot_clear(s);
			return 0;
		}
		account_match_copy(m, &s->m);
		return 1;
	}
	return 0;
}

void
plugin_cache_put(struct plugin_cache *c, const char *key, time_t now, const struct account_match *m)
{
	struct cache_slot *victim = NULL;
	int victim_free = 0;
	size_t i;

	if (c == NULL)
		return;
	/* Reuse the key's slot, else a free or stale one, else the oldest. */
	for (i = 0; i < c->max; i++) {
		struct cache_slot *s = &c->slot[i];

		if (s->key != NULL && strcmp(s->key, key) == 0) {
			victim = s;
			break;
		}
		if (s->key == NULL || !fresh(c, s->stored, now)) {
			if (!victim_free) {
				victim = s;
				victim_free = 1;
			}
		} else if (!victim_free && (victim == NULL || s->stored < victim->stored)) {
			victim = s;
		}
	}
	slot_clear(victim);
	victim->key = xstrdup(key);
	victim->stored = now;
	account_match_copy(&victim->m, m);
}

size_t
plugin_cache_count(const struct plugin_cache *c)
{
	size_t i, n = 0;

	for (i = 0; c != NULL && i < c->max; i++)
		if (c->slot[i].key != NULL)
			n++;
	return n;
}
