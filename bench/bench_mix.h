/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_mix.h: the request mix both load tools draw from.
 *
 * The harness creates load users u00001..uNNNNN whose password is
 * "pw-u00001" and so on. A request picks a user, either from a small hot set
 * (people who check mail every minute) or uniformly from the whole range, and
 * sends either the right password or a wrong one. The expected answer follows
 * from that choice, so every reply can be checked.
 *
 * By default wrong passwords go only to requests outside the hot set (at a
 * higher rate, so that wrong_pct of all requests are wrong): the hot users'
 * mail clients have their passwords saved, while typos and guessing are
 * spread over many accounts. Aiming wrong passwords at 20 accounts that log
 * in a hundred times a second would instead measure the directory's lockout
 * and the daemon's brute-force delay, which are meant to stop exactly that.
 * wrong_hot = 1 spreads them over every request.
 *
 * These passwords are synthetic and public (they are derived from the user
 * number), which is why they live in plain buffers here; the service
 * account's password never does.
 *
 * Header-only (static inline) because every .c file in bench/ is its own binary.
 */
#ifndef POSTINO_BENCH_MIX_H
#define POSTINO_BENCH_MIX_H

#include <stdint.h>
#include <stdio.h>

/* Names and passwords of generated users are at most this long. */
#define MIX_NAME_MAX 32

struct mix {
	unsigned first;     /* first user number of the range (1 for u00001) */
	unsigned count;     /* users in the range */
	unsigned hot;       /* size of the hot set: users first..first+hot-1 */
	unsigned hot_pct;   /* percent of requests that go to the hot set */
	unsigned wrong_pct; /* percent of requests that carry a wrong password */
	int wrong_hot;      /* 1: hot users get wrong passwords too */
};

#define MIX_DEFAULTS                                                                               \
	{                                                                                          \
		1, 1000, 20, 50, 10, 0                                                             \
	}

struct mix_pick {
	unsigned user; /* user number */
	int wrong;     /* 1 if the password sent is wrong, so NO is expected */
};

/* mix_rand - xorshift64*: fast, and good enough to pick users */
static inline uint64_t
mix_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* mix_seed - a non-zero state for stream number n of a run seeded with seed */
static inline uint64_t
mix_seed(uint64_t seed, unsigned n)
{
	uint64_t s = seed ^ (0x9E3779B97F4A7C15ULL * (n + 1));

	return s ? s : 1;
}

/* mix_pick - choose the next request */
static inline void
mix_next(const struct mix *m, uint64_t *state, struct mix_pick *p)
{
	unsigned hot = m->hot < m->count ? m->hot : m->count;
	uint64_t r = mix_rand(state);
	/* Wrong passwords per 10000 requests of the kind that may get them. */
	unsigned wrong_rate = m->wrong_pct * 100;

	if (hot > 0 && (r % 100) < m->hot_pct) {
		p->user = m->first + (unsigned)((r >> 8) % hot);
		if (!m->wrong_hot)
			wrong_rate = 0;
	} else {
		/* Cold requests: the range outside the hot set, if there is one. */
		unsigned cold = m->count > hot ? m->count - hot : m->count;

		p->user = m->first + (m->count - cold) + (unsigned)((r >> 8) % cold);
		if (!m->wrong_hot && hot > 0 && m->hot_pct < 100)
			wrong_rate = m->wrong_pct * 10000 / (100 - m->hot_pct);
		if (wrong_rate > 10000)
			wrong_rate = 10000;
	}
	p->wrong = ((r >> 40) % 10000) < wrong_rate;
}

/* mix_user - the login name of user n */
static inline int
mix_user(unsigned n, char *buf, size_t sz)
{
	return snprintf(buf, sz, "u%05u", n);
}

/* mix_password - the password sent for user n: right, or wrong */
static inline int
mix_password(unsigned n, int wrong, char *buf, size_t sz)
{
	return snprintf(buf, sz, wrong ? "pw-u%05u-wrong" : "pw-u%05u", n);
}

/* mix_parse_range - "N" (1..N) or "A-B" into first/count; -1 if malformed */
static inline int
mix_parse_range(const char *s, struct mix *m)
{
	unsigned a = 0, b = 0;
	int used = 0;

	if (sscanf(s, "%u-%u%n", &a, &b, &used) == 2 && s[used] == '\0' && a >= 1 && b >= a &&
	    b <= 99999999) {
		m->first = a;
		m->count = b - a + 1;
		return 0;
	}
	if (sscanf(s, "%u%n", &b, &used) == 1 && s[used] == '\0' && b >= 1 && b <= 99999999) {
		m->first = 1;
		m->count = b;
		return 0;
	}
	return -1;
}

#endif
