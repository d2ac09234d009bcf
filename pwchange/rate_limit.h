/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rate_limit.h: fixed-window attempt counters in a fixed-size table.
 *
 * pwchange counts attempts per client address and per account name. The
 * table never grows: its size is set at start-up, so a flood of distinct
 * keys costs no memory, only the eviction of the oldest windows. It is a
 * lib/bounded_table: keys are hashed with lib/keyed_hash's random
 * per-process key, so a client cannot aim its keys at one bucket to evict
 * a chosen counter.
 */
#ifndef POSTINO_PWCHANGE_RATE_LIMIT_H
#define POSTINO_PWCHANGE_RATE_LIMIT_H

#include <stddef.h>
#include <time.h>

#include "result.h"

struct rate_limit;

/*
 * rate_limit_new - a table of about slots entries (rounded up to a whole
 * number of buckets) allowing max attempts per key in each window_s window.
 */
struct rate_limit *rate_limit_new(size_t slots, long max, long window_s);
void rate_limit_free(struct rate_limit **rlp);

/*
 * rate_limit_hit - count one attempt for key at time now. PST_OK while the
 * key is within its limit; PST_PERMFAIL once over it, with *retry_after_r
 * (optional) set to the seconds until its window ends. Thread-safe.
 */
enum pst_result rate_limit_hit(struct rate_limit *rl, const void *key, size_t keylen, time_t now,
                               long *retry_after_r);

#endif
