/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sync_accounts.c: the change stream's records, one 24-byte slot each in
 * a linear-probing table (no per-entry allocation: a million accounts
 * took 110 MiB as heap nodes with uid strings, about 32 MiB here).
 *
 * Key: 64 bits of a keyed hash of the entryUUID (two of them hold the
 * record's flags, one is always set so that 0 marks a free slot). Home
 * slot: the key scaled to the capacity, which need not be a power of two;
 * the table grows by a quarter when four fifths are used, so a million
 * records take 1.25 to 1.56 million slots. Deletion shifts the following
 * run back (no tombstones).
 *
 * Why a collision never keeps a wrong answer cached. A record tells the
 * stream which account to evict when its entry changes or goes; one too
 * few evictions could keep an old password or a lifted lock's refusal
 * answering, one too many costs a directory round trip. Two entries A
 * and B whose UUIDs share a key share the record:
 *  - put of B over A's record: if the two name different accounts (or one
 *    names none), the record becomes SYNC_ACCT_ALL, and stays so until it
 *    is removed: any later change or delete through it evicts everything,
 *    which covers both. If they name the same account, evicting that
 *    account covers both.
 *  - a modify of A compared with B's attribute digest: the digests cover
 *    the DN, which differ, so it counts as a change and evicts.
 *  - delete of A removes the shared record; B is then unknown, and a
 *    later change or delete of an unknown entry evicts (its account, or
 *    everything), as for any entry the stream never saw.
 * The same holds for a key that collides with an entry renamed to another
 * uid (put with another account): the rename already evicted both names,
 * and the record evicts everything afterwards. The account is named by
 * 8 bytes of its digest and the caches flush every entry that starts
 * with them: a collision there flushes a second account too, never less.
 *
 * The attribute digest is 8 bytes of an HMAC under a key drawn at start:
 * a change goes unseen only if the entry's digests before and after
 * coincide, a chance of 2^-64 per change that nobody can steer without
 * the key; a password change, which the service account cannot read,
 * is caught by its pwdChangedTime stamp (change_events.c) besides.
 */
#include <stdint.h>
#include <string.h>

#include "keyed_hash.h"
#include "sync_accounts.h"
#include "xalloc.h"

#define KEY_FLAGS   3u
#define KEY_NONZERO 4u
#define MIN_CAP     1024

struct slot {
	uint64_t key; /* 0: free; else key | KEY_NONZERO, flags in the low bits */
	unsigned char account[SYNC_ACCOUNT_LEN];
	unsigned char digest[SYNC_DIGEST_LEN];
};

struct sync_accounts {
	struct slot *s;
	size_t cap, count, max;
};

struct sync_accounts *
sync_accounts_new_max(size_t max)
{
	struct sync_accounts *m = xcalloc(1, sizeof(*m));

	m->cap = MIN_CAP;
	m->max = max;
	m->s = xcalloc(m->cap, sizeof(*m->s));
	return m;
}

struct sync_accounts *
sync_accounts_new(void)
{
	return sync_accounts_new_max(SYNC_ACCOUNTS_MAX);
}

void
sync_accounts_free(struct sync_accounts **mp)
{
	struct sync_accounts *m = *mp;

	*mp = NULL;
	if (m == NULL)
		return;
	xfree(&m->s);
	xfree(&m);
}

uint64_t
sync_accounts_key(const unsigned char *uuid, size_t len)
{
	unsigned char full[KEYED_HASH_LEN];
	struct keyed_part parts[2] = {{"sync-uuid", 9}, {uuid, len}};
	uint64_t k;

	keyed_hash(parts, 2, full);
	memcpy(&k, full, sizeof(k));
	return k;
}

static uint64_t
norm(uint64_t key)
{
	return (key & ~(uint64_t)KEY_FLAGS) | KEY_NONZERO;
}

static size_t
home(uint64_t nkey, size_t cap)
{
	return (size_t)(((unsigned __int128)nkey * cap) >> 64);
}

/* lookup - the slot holding nkey, or the free slot ending its run */
static size_t
lookup(const struct sync_accounts *m, uint64_t nkey)
{
	size_t i = home(nkey, m->cap);

	while (m->s[i].key != 0 && (m->s[i].key & ~(uint64_t)KEY_FLAGS) != nkey)
		i = i + 1 < m->cap ? i + 1 : 0;
	return i;
}

int
sync_accounts_find(const struct sync_accounts *m, uint64_t key, struct sync_account *out)
{
	const struct slot *sl = &m->s[lookup(m, norm(key))];

	if (sl->key == 0)
		return 0;
	memcpy(out->account, sl->account, SYNC_ACCOUNT_LEN);
	memcpy(out->digest, sl->digest, SYNC_DIGEST_LEN);
	out->flags = (unsigned)(sl->key & KEY_FLAGS);
	return 1;
}

static void
grow(struct sync_accounts *m)
{
	struct slot *old = m->s;
	size_t ocap = m->cap, i;

	m->cap = ocap + ocap / 4;
	m->s = xcalloc(m->cap, sizeof(*m->s));
	for (i = 0; i < ocap; i++)
		if (old[i].key != 0)
			m->s[lookup(m, old[i].key & ~(uint64_t)KEY_FLAGS)] = old[i];
	xfree(&old);
}

/* merged_flags - the flags of a record put over one that may be another entry's */
static unsigned
merged_flags(const struct slot *old, const struct sync_account *a)
{
	unsigned of = (unsigned)(old->key & KEY_FLAGS), nf = a->flags & KEY_FLAGS;

	if ((of & SYNC_ACCT_ALL) || (of & SYNC_ACCT_UID) != (nf & SYNC_ACCT_UID) ||
	    ((nf & SYNC_ACCT_UID) && memcmp(old->account, a->account, SYNC_ACCOUNT_LEN) != 0))
		nf |= SYNC_ACCT_ALL;
	return nf;
}

int
sync_accounts_put(struct sync_accounts *m, uint64_t key, const struct sync_account *a)
{
	uint64_t nkey = norm(key);
	size_t i = lookup(m, nkey);
	unsigned flags = a->flags & KEY_FLAGS;

	if (m->s[i].key != 0) {
		flags = merged_flags(&m->s[i], a);
	} else {
		if (m->count >= m->max)
			return 0;
		if ((m->count + 1) * 5 > m->cap * 4) {
			grow(m);
			i = lookup(m, nkey);
		}
		m->count++;
	}
	m->s[i].key = nkey | flags;
	memcpy(m->s[i].account, a->account, SYNC_ACCOUNT_LEN);
	memcpy(m->s[i].digest, a->digest, SYNC_DIGEST_LEN);
	return 1;
}

void
sync_accounts_remove(struct sync_accounts *m, uint64_t key)
{
	size_t i = lookup(m, norm(key)), j = i;

	if (m->s[i].key == 0)
		return;
	/* Shift back each later member of the run that may sit at i. */
	for (;;) {
		size_t h;

		j = j + 1 < m->cap ? j + 1 : 0;
		if (m->s[j].key == 0)
			break;
		h = home(m->s[j].key & ~(uint64_t)KEY_FLAGS, m->cap);
		if ((j + m->cap - h) % m->cap >= (j + m->cap - i) % m->cap) {
			m->s[i] = m->s[j];
			i = j;
		}
	}
	memset(&m->s[i], 0, sizeof(m->s[i]));
	m->count--;
}

size_t
sync_accounts_count(const struct sync_accounts *m)
{
	return m->count;
}

size_t
sync_accounts_bytes(const struct sync_accounts *m)
{
	return sizeof(*m) + m->cap * sizeof(*m->s);
}
