/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pw_metrics.c: lock-free counters. Refusal reasons are the fixed error
 * codes of the API (change_outcome.error, string literals), kept in a
 * small table filled on first use, so a label never comes from a client.
 */
#include <stdatomic.h>
#include <string.h>

#include "buf.h"
#include "change_flow.h"
#include "pw_metrics.h"

#define MAX_REASONS 32
#define P           "postino_pwchange_"

enum { OUT_CHANGED, OUT_REFUSED, OUT_FAILED, OUT_N };
static const char *const outcome_names[OUT_N] = {"changed", "refused", "failed"};

static atomic_uint_fast64_t outcomes[OUT_N];
static atomic_uint_fast64_t flush_failed, rl_ip, rl_user, tls_errors;
static _Atomic(const char *) reason_names[MAX_REASONS];
static atomic_uint_fast64_t reason_counts[MAX_REASONS];

static void
count_reason(const char *code)
{
	for (int i = 0; i < MAX_REASONS; i++) {
		const char *have = atomic_load(&reason_names[i]);

		if (have == NULL) {
			const char *expect = NULL;

			if (!atomic_compare_exchange_strong(&reason_names[i], &expect, code))
				have = expect;
			else
				have = code;
		}
		if (have == code || strcmp(have, code) == 0) {
			atomic_fetch_add_explicit(&reason_counts[i], 1, memory_order_relaxed);
			return;
		}
	}
}

void
pw_metrics_outcome(const struct change_outcome *out)
{
	int o = out->status == 200 ? OUT_CHANGED : out->status >= 500 ? OUT_FAILED : OUT_REFUSED;

	atomic_fetch_add_explicit(&outcomes[o], 1, memory_order_relaxed);
	if (o == OUT_REFUSED)
		count_reason(out->error != NULL ? out->error : "other");
	if (o == OUT_CHANGED && out->warning != MSG_NONE)
		atomic_fetch_add_explicit(&flush_failed, 1, memory_order_relaxed);
}

void
pw_metrics_rate_limited(const char *scope)
{
	atomic_fetch_add_explicit(strcmp(scope, "ip") == 0 ? &rl_ip : &rl_user, 1,
	                          memory_order_relaxed);
}

void
pw_metrics_tls_error(void)
{
	atomic_fetch_add_explicit(&tls_errors, 1, memory_order_relaxed);
}

#define LOAD(x) ((unsigned long long)atomic_load_explicit(&(x), memory_order_relaxed))

void
pw_metrics_render(struct buf *out, void *arg)
{
	(void)arg;
	buf_appends(out, "# HELP " P "changes_total password change attempts by outcome\n"
	                 "# TYPE " P "changes_total counter\n");
	for (int i = 0; i < OUT_N; i++)
		buf_appendf(out, P "changes_total{outcome=\"%s\"} %llu\n", outcome_names[i],
		            LOAD(outcomes[i]));
	buf_appends(out, "# HELP " P "refusals_total refused attempts by reason (the API's error)\n"
	                 "# TYPE " P "refusals_total counter\n");
	for (int i = 0; i < MAX_REASONS; i++) {
		const char *name = atomic_load(&reason_names[i]);

		if (name != NULL)
			buf_appendf(out, P "refusals_total{reason=\"%s\"} %llu\n", name,
			            LOAD(reason_counts[i]));
	}
	buf_appendf(out,
	            "# HELP " P "rate_limited_total requests refused by a rate limit\n"
	            "# TYPE " P "rate_limited_total counter\n" P
	            "rate_limited_total{limit=\"ip\"} %llu\n" P
	            "rate_limited_total{limit=\"user\"} %llu\n"
	            "# HELP " P "authd_flush_failures_total changes postino-authd could not be "
	            "told about\n# TYPE " P "authd_flush_failures_total counter\n" P
	            "authd_flush_failures_total %llu\n"
	            "# HELP " P "tls_errors_total TLS failures (handshakes, bad records)\n"
	            "# TYPE " P "tls_errors_total counter\n" P "tls_errors_total %llu\n",
	            LOAD(rl_ip), LOAD(rl_user), LOAD(flush_failed), LOAD(tls_errors));
}
