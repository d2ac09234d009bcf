/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sync_accounts.c: a chained hash table on the entryUUID, grown by
 * doubling. UUIDs are random, so their first bytes are the hash.
 */
#include <stdint.h>
#include <string.h>

#include "sync_accounts.h"
#include "sync_msg.h"
#include "xalloc.h"

struct node {
	unsigned char uuid[SYNC_UUID_LEN];
	struct sync_account a;
	struct node *next;
};

struct sync_accounts {
	struct node **b;
	size_t nb, count;
};

struct sync_accounts *
sync_accounts_new(void)
{
	struct sync_accounts *m = xcalloc(1, sizeof(*m));

	m->nb = 1024;
	m->b = xcalloc(m->nb, sizeof(*m->b));
	return m;
}

static void
node_free(struct node **np)
{
	xfree(&(*np)->a.uid);
	xfree(np);
}

void
sync_accounts_free(struct sync_accounts **mp)
{
	struct sync_accounts *m = *mp;
	size_t i;

	*mp = NULL;
	if (m == NULL)
		return;
	for (i = 0; i < m->nb; i++) {
		while (m->b[i] != NULL) {
			struct node *n = m->b[i];

			m->b[i] = n->next;
			node_free(&n);
		}
	}
	xfree(&m->b);
	xfree(&m);
}

static size_t
slot(const struct sync_accounts *m, const unsigned char *uuid)
{
	uint64_t h = 0;
	int i;

	/* Time-based (v1) UUIDs vary most at the front, random ones everywhere. */
	for (i = 0; i < SYNC_UUID_LEN; i++)
		h = (h ^ uuid[i]) * 1099511628211ULL;
	return (size_t)(h & (m->nb - 1));
}

static struct node **
find(struct sync_accounts *m, const unsigned char *uuid)
{
	struct node **np = &m->b[slot(m, uuid)];

	while (*np != NULL && memcmp((*np)->uuid, uuid, SYNC_UUID_LEN) != 0)
		np = &(*np)->next;
	return np;
}

const struct sync_account *
sync_accounts_find(struct sync_accounts *m, const unsigned char *uuid)
{
	struct node *n = *find(m, uuid);

	return n != NULL ? &n->a : NULL;
}

static void
grow(struct sync_accounts *m)
{
	struct node **old = m->b;
	size_t onb = m->nb, i;

	m->nb *= 2;
	m->b = xcalloc(m->nb, sizeof(*m->b));
	for (i = 0; i < onb; i++) {
		while (old[i] != NULL) {
			struct node *n = old[i];
			size_t s = slot(m, n->uuid);

			old[i] = n->next;
			n->next = m->b[s];
			m->b[s] = n;
		}
	}
	xfree(&old);
}

int
sync_accounts_put(struct sync_accounts *m, const unsigned char *uuid, const char *uid, int multi,
                  const unsigned char digest[SYNC_DIGEST_LEN])
{
	struct node **np = find(m, uuid), *n = *np;

	if (n == NULL) {
		if (m->count >= SYNC_ACCOUNTS_MAX)
			return 0;
		n = xcalloc(1, sizeof(*n));
		memcpy(n->uuid, uuid, SYNC_UUID_LEN);
		*np = n;
		m->count++;
	}
	xfree(&n->a.uid);
	n->a.uid = uid != NULL ? xstrdup(uid) : NULL;
	n->a.multi = multi;
	memcpy(n->a.digest, digest, SYNC_DIGEST_LEN);
	if (m->count > m->nb * 2)
		grow(m);
	return 1;
}

void
sync_accounts_remove(struct sync_accounts *m, const unsigned char *uuid)
{
	struct node **np = find(m, uuid), *n = *np;

	if (n == NULL)
		return;
	*np = n->next;
	node_free(&n);
	m->count--;
}

size_t
sync_accounts_count(const struct sync_accounts *m)
{
	return m->count;
}
