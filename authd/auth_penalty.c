/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_penalty.c: a fixed-size, set-associative table of failure counts.
 */
#include <ctype.h>
#include <pthread.h>
#include <string.h>

#include "auth_penalty.h"
#include "keyed_hash.h"
#include "xalloc.h"

#define WAYS 4
/* Recent distinct wrong passwords remembered per account. */
#define RECENT 4

struct penalty_entry {
	struct penalty_key key;
	long failures;
	long pending;
	uint64_t recent[RECENT]; /* digests of recent wrong passwords; 0 = none */
	unsigned next_recent;
	int64_t last_fail_ms;
	int64_t next_ms; /* the earliest time the next delayed attempt may run */
	int used;
};

struct auth_penalty {
	pthread_mutex_t lock;
	size_t nbuckets;
	struct penalty_entry *e;
};

struct auth_penalty *
auth_penalty_new(size_t entries)
{
	struct auth_penalty *p = xcalloc(1, sizeof(*p));

	p->nbuckets = (entries + WAYS - 1) / WAYS;
	if (p->nbuckets == 0)
		p->nbuckets = 1;
	p->e = xcalloc(p->nbuckets * WAYS, sizeof(*p->e));
	pthread_mutex_init(&p->lock, NULL);
	return p;
}

void
auth_penalty_free(struct auth_penalty **pp)
{
	struct auth_penalty *p = *pp;

	*pp = NULL;
	if (p == NULL)
		return;
	xfree(&p->e);
	pthread_mutex_destroy(&p->lock);
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

/* find - the entry for k, or NULL; with create, a slot for it (evicting) */
static struct penalty_entry *
find(struct auth_penalty *p, const struct penalty_key *k, int create)
{
	uint64_t h;
	struct penalty_entry *b, *victim = NULL;
	int i;

	memcpy(&h, k->d, sizeof(h));
	b = p->e + (h % p->nbuckets) * WAYS;
	for (i = 0; i < WAYS; i++)
		if (b[i].used && memcmp(&b[i].key, k, sizeof(*k)) == 0)
			return &b[i];
	if (!create)
		return NULL;
	for (i = 0; i < WAYS; i++) {
		if (!b[i].used) {
			victim = &b[i];
			break;
		}
		/* Forget the account whose last failure is oldest. */
		if (victim == NULL || b[i].last_fail_ms < victim->last_fail_ms)
			victim = &b[i];
	}
	memset(victim, 0, sizeof(*victim));
	victim->key = *k;
	victim->used = 1;
	return victim;
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
	int64_t delay = 0;

	*refuse_r = 0;
	pthread_mutex_lock(&p->lock);
	e = find(p, k, 0);
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
	pthread_mutex_unlock(&p->lock);
	return delay;
}

void
auth_penalty_release(struct auth_penalty *p, const struct penalty_key *k)
{
	struct penalty_entry *e;

	pthread_mutex_lock(&p->lock);
	e = find(p, k, 0);
	if (e != NULL && e->pending > 0)
		e->pending--;
	pthread_mutex_unlock(&p->lock);
}

void
auth_penalty_failure(struct auth_penalty *p, const struct penalty_key *k, uint64_t pwd,
                     int64_t now_ms, const struct penalty_params *pp)
{
	struct penalty_entry *e;
	int i, seen = 0;

	pthread_mutex_lock(&p->lock);
	e = find(p, k, 1);
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
	pthread_mutex_unlock(&p->lock);
}

void
auth_penalty_success(struct auth_penalty *p, const struct penalty_key *k)
{
	struct penalty_entry *e;

	pthread_mutex_lock(&p->lock);
	e = find(p, k, 0);
	if (e != NULL) {
		e->failures = 0;
		e->next_ms = 0;
		memset(e->recent, 0, sizeof(e->recent));
	}
	pthread_mutex_unlock(&p->lock);
}

long
auth_penalty_failures(struct auth_penalty *p, const struct penalty_key *k, int64_t now_ms,
                      const struct penalty_params *pp)
{
	struct penalty_entry *e;
	long n = 0;

	pthread_mutex_lock(&p->lock);
	e = find(p, k, 0);
	if (e != NULL)
		n = current(e, now_ms, pp);
	pthread_mutex_unlock(&p->lock);
	return n;
}
