/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bounded_table.c: a set-associative array of (header, payload) slots.
 *
 * Slots are one flat allocation of nbuckets * ways * stride bytes; a
 * payload sits right after its header, so a payload pointer leads back to
 * its slot without a search. Stripe s guards the buckets b with
 * b % nstripes == s.
 */
#include <openssl/crypto.h>
#include <pthread.h>
#include <string.h>

#include "bounded_table.h"
#include "secret.h"
#include "xalloc.h"

struct bt_head {
	int64_t stamp;
	int64_t expires;
	unsigned char used;
	unsigned char key[]; /* key_len bytes, then padding, then the payload */
};

struct bounded_table {
	unsigned char *slots;
	size_t nbuckets, ways, stride, key_len, payload_off;
	size_t nstripes;
	pthread_mutex_t *locks;
	int secret;
	void (*on_evict)(void *payload);
};

#define ALIGN8(n) (((n) + 7) & ~(size_t)7)

struct bounded_table *
bt_new(const struct bt_params *p)
{
	struct bounded_table *t = xcalloc(1, sizeof(*t));
	size_t i;

	t->ways = p->ways > 0 ? p->ways : 8;
	t->nbuckets = (p->capacity + t->ways - 1) / t->ways;
	if (t->nbuckets == 0)
		t->nbuckets = 1;
	t->key_len = p->key_len == 16 ? 16 : BT_KEY_LEN;
	t->payload_off = ALIGN8(sizeof(struct bt_head) + t->key_len);
	t->stride = ALIGN8(t->payload_off + p->payload_size);
	t->slots = xcalloc(t->nbuckets * t->ways, t->stride);
	t->nstripes = p->stripes < t->nbuckets ? p->stripes : t->nbuckets;
	t->locks = t->nstripes > 0 ? xcalloc(t->nstripes, sizeof(*t->locks)) : NULL;
	for (i = 0; i < t->nstripes; i++)
		pthread_mutex_init(&t->locks[i], NULL);
	t->secret = p->secret;
	t->on_evict = p->on_evict;
	return t;
}

static struct bt_head *
slot(const struct bounded_table *t, size_t i)
{
	return (struct bt_head *)(void *)(t->slots + i * t->stride);
}

static void *
payload_of(const struct bounded_table *t, struct bt_head *h)
{
	return (unsigned char *)h + t->payload_off;
}

static void
evict(struct bounded_table *t, struct bt_head *h)
{
	if (h->used && t->on_evict != NULL)
		t->on_evict(payload_of(t, h));
	if (t->secret)
		secret_wipe(h, t->stride);
	else
		memset(h, 0, t->stride);
}

void
bt_free(struct bounded_table **tp)
{
	struct bounded_table *t = *tp;
	size_t i;

	*tp = NULL;
	if (t == NULL)
		return;
	for (i = 0; i < t->nbuckets * t->ways; i++)
		evict(t, slot(t, i));
	for (i = 0; i < t->nstripes; i++)
		pthread_mutex_destroy(&t->locks[i]);
	xfree(&t->locks);
	xfree(&t->slots);
	xfree(&t);
}

void
bt_key_make(const struct keyed_part *parts, size_t nparts, struct bt_key *k)
{
	keyed_hash(parts, nparts, k->d);
}

static size_t
bucket_index(const struct bounded_table *t, const struct bt_key *k)
{
	uint64_t h;

	memcpy(&h, k->d, sizeof(h));
	return (size_t)(h % t->nbuckets);
}

static pthread_mutex_t *
lock_of(struct bounded_table *t, size_t bucket)
{
	return t->nstripes > 0 ? &t->locks[bucket % t->nstripes] : NULL;
}

void
bt_lock(struct bounded_table *t, const struct bt_key *k)
{
	pthread_mutex_t *m = lock_of(t, bucket_index(t, k));

	if (m != NULL)
		pthread_mutex_lock(m);
}

void
bt_unlock(struct bounded_table *t, const struct bt_key *k)
{
	pthread_mutex_t *m = lock_of(t, bucket_index(t, k));

	if (m != NULL)
		pthread_mutex_unlock(m);
}

/* find_any - k's entry in its bucket, live or not, or NULL */
static struct bt_head *
find_any(struct bounded_table *t, const struct bt_key *k)
{
	size_t base = bucket_index(t, k) * t->ways, i;

	for (i = 0; i < t->ways; i++) {
		struct bt_head *h = slot(t, base + i);

		/*
		 * Constant time over key_len bytes, a length that is the same for
		 * every key and no secret: no padding to hide a length (as
		 * secret_equal does, at 50 times the cost, for secrets of any length).
		 */
		if (h->used && CRYPTO_memcmp(h->key, k->d, t->key_len) == 0)
			return h;
	}
	return NULL;
}

void *
bt_find(struct bounded_table *t, const struct bt_key *k, int64_t now)
{
	struct bt_head *h = find_any(t, k);

	return h != NULL && h->expires > now ? payload_of(t, h) : NULL;
}

/* victim - the slot a new key takes: empty, else expired, else lowest stamp */
static struct bt_head *
victim(struct bounded_table *t, const struct bt_key *k, int64_t now)
{
	size_t base = bucket_index(t, k) * t->ways, i;
	struct bt_head *v = NULL;

	for (i = 0; i < t->ways; i++) {
		struct bt_head *h = slot(t, base + i);

		if (!h->used)
			return h;
		if (h->expires <= now)
			v = h;
		else if (v == NULL || (v->expires > now && h->stamp < v->stamp))
			v = h;
	}
	return v;
}

void *
bt_insert(struct bounded_table *t, const struct bt_key *k, int64_t now, int64_t stamp,
          int64_t expires, int *fresh_r)
{
	struct bt_head *h = find_any(t, k);
	int fresh = 0;

	if (h == NULL || h->expires <= now) {
		if (h == NULL)
			h = victim(t, k, now);
		evict(t, h);
		memcpy(h->key, k->d, t->key_len);
		h->used = 1;
		fresh = 1;
	}
	h->stamp = stamp;
	h->expires = expires;
	if (fresh_r != NULL)
		*fresh_r = fresh;
	return payload_of(t, h);
}

void
bt_remove(struct bounded_table *t, void *payload)
{
	evict(t, (struct bt_head *)(void *)((unsigned char *)payload - t->payload_off));
}

size_t
bt_bucket_drop_if(struct bounded_table *t, const struct bt_key *k, bt_pred pred, void *arg)
{
	size_t base = bucket_index(t, k) * t->ways, i, n = 0;

	for (i = 0; i < t->ways; i++) {
		struct bt_head *h = slot(t, base + i);

		if (h->used && pred(h->key, payload_of(t, h), arg)) {
			evict(t, h);
			n++;
		}
	}
	return n;
}

/*
 * walk - visit every used slot, stripe by stripe under its lock; pred
 * NULL drops all. With count_live, counts live entries and drops none.
 */
static size_t
walk(struct bounded_table *t, bt_pred pred, void *arg, int count_live, int64_t now)
{
	size_t s, b, i, n = 0, nstripes = t->nstripes > 0 ? t->nstripes : 1;

	for (s = 0; s < nstripes; s++) {
		pthread_mutex_t *m = lock_of(t, s);

		if (m != NULL)
			pthread_mutex_lock(m);
		for (b = s; b < t->nbuckets; b += nstripes) {
			for (i = 0; i < t->ways; i++) {
				struct bt_head *h = slot(t, b * t->ways + i);

				if (!h->used)
					continue;
				if (count_live) {
					n += h->expires > now;
				} else if (pred == NULL || pred(h->key, payload_of(t, h), arg)) {
					evict(t, h);
					n++;
				}
			}
		}
		if (m != NULL)
			pthread_mutex_unlock(m);
	}
	return n;
}

size_t
bt_drop_if(struct bounded_table *t, bt_pred pred, void *arg)
{
	return walk(t, pred, arg, 0, 0);
}

size_t
bt_clear(struct bounded_table *t)
{
	return walk(t, NULL, NULL, 0, 0);
}

size_t
bt_count(struct bounded_table *t, int64_t now)
{
	return walk(t, NULL, NULL, 1, now);
}

size_t
bt_capacity(const struct bounded_table *t)
{
	return t->nbuckets * t->ways;
}
