/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * stats.c: lock-free counters and a fixed latency histogram.
 *
 * Relaxed atomics are enough: each counter is read on its own, and a
 * "stats" reply that is a request or two out of step is still true.
 */
#include <stdatomic.h>

#include "buf.h"
#include "clock.h"
#include "stats.h"

static const char *const counter_names[ST_COUNT] = {
        "requests",
        "ok",
        "no",
        "tempfail",
        "cache_hits",
        "cache_misses",
        "dn_cache_hits",
        "dn_cache_misses",
        "penalty_delayed",
        "penalty_refused",
        "bad_requests",
        "client_timeouts",
        "ldap_errors",
        "flushes",
        "reloads",
        "pool_binds",
        "pool_fallbacks",
        "pool_searches",
        "pool_search_fallbacks",
        "sync_events",
        "sync_resyncs",
        "sync_reconnects",
};

/* Upper bounds of the latency buckets, milliseconds; the last is open. */
static const int64_t bucket_le[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
#define NBUCKETS (sizeof(bucket_le) / sizeof(bucket_le[0]) + 1)

static atomic_uint_fast64_t counters[ST_COUNT];
static atomic_uint_fast64_t buckets[NBUCKETS];
static int64_t started_ms;
static atomic_int sync_live;
static atomic_int_fast64_t sync_last_event_ms; /* 0: none yet */

void
stats_init(void)
{
	started_ms = clock_now_ms();
}

void
stats_inc(enum stat_counter c)
{
	atomic_fetch_add_explicit(&counters[c], 1, memory_order_relaxed);
}

uint64_t
stats_get(enum stat_counter c)
{
	return atomic_load_explicit(&counters[c], memory_order_relaxed);
}

void
stats_sync_event(void)
{
	stats_inc(ST_SYNC_EVENTS);
	atomic_store_explicit(&sync_last_event_ms, clock_now_ms(), memory_order_relaxed);
}

void
stats_sync_live(int live)
{
	atomic_store_explicit(&sync_live, live != 0, memory_order_relaxed);
}

void
stats_latency(int64_t ms)
{
	size_t i;

	for (i = 0; i < NBUCKETS - 1; i++)
		if (ms <= bucket_le[i])
			break;
	atomic_fetch_add_explicit(&buckets[i], 1, memory_order_relaxed);
}

void
stats_format(struct buf *out)
{
	size_t i;

	buf_appendf(out, "uptime_s=%lld\n", (long long)((clock_now_ms() - started_ms) / 1000));
	for (i = 0; i < ST_COUNT; i++)
		buf_appendf(out, "%s=%llu\n", counter_names[i],
		            (unsigned long long)atomic_load_explicit(&counters[i],
		                                                     memory_order_relaxed));
	{
		int64_t last = atomic_load_explicit(&sync_last_event_ms, memory_order_relaxed);

		buf_appendf(out, "sync_live=%d\nsync_last_event_age_s=%lld\n",
		            atomic_load_explicit(&sync_live, memory_order_relaxed),
		            last > 0 ? (long long)((clock_now_ms() - last) / 1000) : -1LL);
	}
	for (i = 0; i < NBUCKETS; i++) {
		unsigned long long n = atomic_load_explicit(&buckets[i], memory_order_relaxed);

		if (i < NBUCKETS - 1)
			buf_appendf(out, "latency_ms_le_%lld=%llu\n", (long long)bucket_le[i], n);
		else
			buf_appendf(out, "latency_ms_gt_%lld=%llu\n", (long long)bucket_le[i - 1],
			            n);
	}
}
