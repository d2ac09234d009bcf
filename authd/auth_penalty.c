/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_penalty.c: failure counts on lib/bounded_table. Records never
 * expire by the table's clock (the quiet period is applied on read); the
 * stamp is the time of the last failure, so a full bucket forgets the
 * account whose last failure is oldest.
 */
#include <ctype.h>
#include <string.h>

#include "auth_penalty.h"
#include "bounded_table.h"
#include "keyed_hash.h"
#include "xalloc.h"

#define KEY_LEN 16
#define WAYS    4
#define STRIPES 64
/* Recent distinct wrong passwords remembered per account. */
#define RECENT 4

struct penalty_entry {
	long failures;
	long pending;
	uint64_t recent[RECENT]; /* digests of recent wrong passwords; 0 = none */
	unsigned next_recent;
	int64_t last_fail_ms;
	int64_t next_ms; /* the earliest time the next delayed attempt may run */
};

struct auth_penalty {
	struct bounded_table *t;
};

struct auth_penalty *
auth_penalty_new(size_t entries)
{
	struct auth_penalty *p = xcalloc(1, sizeof(*p));
	struct bt_params bp = {
	        .capacity = entries,
	        .payload_size = sizeof(struct penalty_entry),
	        .key_len = KEY_LEN,
	        .ways = WAYS,
	        .stripes = STRIPES,
	};

	p->t = bt_new(&bp);
	return p;
}

void
auth_penalty_free(struct auth_penalty **pp)
{
	struct auth_penalty *p = *pp;

	*pp = NULL;
	if (p == NULL)
		return;
	bt_free(&p->t);
	xfree(&p);
}

/*
 * fold_part - s lower-cased, with every run of blanks as one blank, into a
 * new buffer: the directory matches account names without regard to case
 * or to how many blanks sit between words (RFC 4518), so neither may make
 * a new penalty record.
 */
static char *
fold_part(const char *s, size_t *len_r)
{
	char *d = xmalloc(strlen(s) + 1);
	size_t n = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' && n > 0 && d[n - 1] == ' ')
			continue;
		d[n++] = (char)tolower((unsigned char)*s);
	}
	d[n] = '\0';
	*len_r = n;
	return d;
}

void
auth_penalty_key(const char *where, const char *what, struct penalty_key *k)
{
	unsigned char full[KEYED_HASH_LEN];
	struct keyed_part parts[3];
	char *w = fold_part(where, &parts[1].len), *f = fold_part(what, &parts[2].len);

	parts[0].p = "p";
	parts[0].len = 1;
	parts[1].p = w;
	parts[2].p = f;
	keyed_hash(parts, 3, full);
	memcpy(k->d, full, sizeof(k->d));
	xfree(&w);
	xfree(&f);
}

void
auth_penalty_key_digest(const unsigned char id[16], struct penalty_key *k)
{
	unsigned char full[KEYED_HASH_LEN];
	struct keyed_part parts[2] = {{"e", 1}, {id, 16}};

	keyed_hash(parts, 2, full);
	memcpy(k->d, full, sizeof(k->d));
}

uint64_t
auth_penalty_pw_digest(const char *login, const char *realm, const void *pw, size_t pwlen)
{
	unsigned char full[KEYED_HASH_LEN];
	struct keyed_part parts[4] = {
	        {"w", 1},
	        {login, strlen(login)},
	        {realm, strlen(realm)},
	        {pw, pwlen},
	};
	uint64_t d;

	keyed_hash(parts, 4, full);
	memcpy(&d, full, sizeof(d));
	return d != 0 ? d : 1;
}

int64_t
auth_penalty_delay_for(long failures, const struct penalty_params *pp)
{
	long over = failures - pp->free;

	if (over < 0)
		return 0;
	if (over >= 30 || (1L << over) >= pp->max_s)
		return (int64_t)pp->max_s * 1000;
	return (int64_t)(1L << over) * 1000;
}

/* table_key - the record's table key: the 16-byte digest, zero-padded */
static void
table_key(const struct penalty_key *k, struct bt_key *tk)
{
	memset(tk, 0, sizeof(*tk));
	memcpy(tk->d, k->d, sizeof(k->d));
}

/* current - the failure count after applying the quiet period */
static long
current(struct penalty_entry *e, int64_t now_ms, const struct penalty_params *pp)
{
	if (e->failures > 0 && now_ms - e->last_fail_ms > (int64_t)pp->reset_s * 1000)
		e->failures = 0;
	return e->failures;
}

int64_t
auth_penalty_check(struct auth_penalty *p, const struct penalty_key *k, int64_t now_ms,
                   const struct penalty_params *pp, int *refuse_r)
{
	struct penalty_entry *e;
	struct bt_key tk;
	int64_t delay = 0;

	*refuse_r = 0;
	table_key(k, &tk);
	bt_lock(p->t, &tk);
	e = bt_find(p->t, &tk, INT64_MIN);
	if (e != NULL) {
		delay = auth_penalty_delay_for(current(e, now_ms, pp), pp);
		if (delay > 0) {
			/*
			 * Attempts queue up behind each other, `pending` per delay
			 * interval: parallel guesses gain nothing, and none is
			 * refused (a right password among them is served late, not
			 * dropped).
			 */
			int64_t spacing = delay / (pp->pending > 0 ? pp->pending : 1);
			int64_t due = now_ms + delay;

			if (e->next_ms > due)
				due = e->next_ms;
			e->next_ms = due + (spacing > 0 ? spacing : 1);
			e->pending++;
			delay = due - now_ms;
		}
	}
	bt_unlock(p->t, &tk);
	return delay;
}

void
auth_penalty_release(struct auth_penalty *p, const struct penalty_key *k)
{
	struct penalty_entry *e;
	struct bt_key tk;

	table_key(k, &tk);
	bt_lock(p->t, &tk);
	e = bt_find(p->t, &tk, INT64_MIN);
	if (e != NULL && e->pending > 0)
		e->pending--;
	bt_unlock(p->t, &tk);
}

void
auth_penalty_failure(struct auth_penalty *p, const struct penalty_key *k, uint64_t pwd,
                     int64_t now_ms, const struct penalty_params *pp)
{
	struct penalty_entry *e;
	struct bt_key tk;
	int i, seen = 0;

	table_key(k, &tk);
	bt_lock(p->t, &tk);
	/* No expiry by the table's clock; the stamp is the last failure. */
	e = bt_insert(p->t, &tk, INT64_MIN, now_ms, INT64_MAX, NULL);
	if (current(e, now_ms, pp) == 0)
		memset(e->recent, 0, sizeof(e->recent));
	for (i = 0; i < RECENT; i++)
		if (pwd != 0 && e->recent[i] == pwd)
			seen = 1;
	if (!seen) {
		e->recent[e->next_recent++ % RECENT] = pwd;
		if (e->failures < 1000000)
			e->failures++;
	}
	e->last_fail_ms = now_ms;
	bt_unlock(p->t, &tk);
}

void
auth_penalty_success(struct auth_penalty *p, const struct penalty_key *k)
{
	struct penalty_entry *e;
	struct bt_key tk;

	table_key(k, &tk);
	bt_lock(p->t, &tk);
	e = bt_find(p->t, &tk, INT64_MIN);
	if (e != NULL) {
		e->failures = 0;
		e->next_ms = 0;
		memset(e->recent, 0, sizeof(e->recent));
	}
	bt_unlock(p->t, &tk);
}

long
auth_penalty_failures(struct auth_penalty *p, const struct penalty_key *k, int64_t now_ms,
                      const struct penalty_params *pp)
{
	struct penalty_entry *e;
	struct bt_key tk;
	long n = 0;

	table_key(k, &tk);
	bt_lock(p->t, &tk);
	e = bt_find(p->t, &tk, INT64_MIN);
	if (e != NULL)
		n = current(e, now_ms, pp);
	bt_unlock(p->t, &tk);
	return n;
}
