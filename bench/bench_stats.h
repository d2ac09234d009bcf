/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_stats.h: what a load run counts, and the one result line it prints.
 *
 * Every answer is checked against the expected one. A wrong answer is either
 * an OK for a wrong password (the dangerous kind) or a NO for a right one;
 * failures to get any answer (connect refused, closed without a reply, time
 * out) are errors, counted apart, because a mail client sees them as "try
 * again later" and not as a verdict.
 *
 * The result is one line of key=value pairs starting with "RESULT", so the
 * driver script can collect it with awk and humans can still read it.
 *
 * Header-only (static inline) because every .c file in bench/ is its own binary.
 */
#ifndef POSTINO_BENCH_STATS_H
#define POSTINO_BENCH_STATS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_proc.h"
#include "xalloc.h"

/* Processes whose CPU and memory a run reports: up to 4 named on the
 * command line (server, slapd) and the load tool itself ("client"). */
#define WATCH_MAX      5
#define WATCH_NAME_MAX 16

struct watch {
	char name[WATCH_NAME_MAX];
	long pid;
	struct proc_usage start, end;
	unsigned long peak_rss_kib; /* largest VmRSS sum seen while sampling */
	int gone;                   /* the process tree vanished during the run */
};

struct stats {
	unsigned long long started;  /* measured requests sent */
	unsigned long long ok_right; /* OK for a right password */
	unsigned long long no_wrong; /* NO for a wrong password */
	unsigned long long wrong_ok; /* OK for a wrong password */
	unsigned long long wrong_no; /* NO for a right password */
	unsigned long long err_connect, err_noreply, err_timeout, err_other;
	uint32_t *lat_us; /* latency of each answered request */
	size_t nlat, caplat;
};

/* now_ns - CLOCK_MONOTONIC in nanoseconds */
static inline uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* stats_init - room for up to cap latencies (the run's request cap) */
static inline void
stats_init(struct stats *s, size_t cap)
{
	*s = (struct stats){0};
	s->caplat = cap;
	s->lat_us = xcalloc(cap ? cap : 1, sizeof(*s->lat_us));
}

static inline void
stats_free(struct stats *s)
{
	xfree(&s->lat_us);
}

/* stats_answer - count one answer; got_ok is 1 for an accepted credential */
static inline void
stats_answer(struct stats *s, int expect_ok, int got_ok, uint64_t lat_ns)
{
	uint64_t us = lat_ns / 1000;

	if (expect_ok && got_ok)
		s->ok_right++;
	else if (!expect_ok && !got_ok)
		s->no_wrong++;
	else if (got_ok)
		s->wrong_ok++;
	else
		s->wrong_no++;
	if (s->nlat < s->caplat)
		s->lat_us[s->nlat++] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
}

static inline unsigned long long
stats_answered(const struct stats *s)
{
	return s->ok_right + s->no_wrong + s->wrong_ok + s->wrong_no;
}

static inline unsigned long long
stats_errors(const struct stats *s)
{
	return s->err_connect + s->err_noreply + s->err_timeout + s->err_other;
}

static inline int
stats_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* stats_percentile - nearest-rank percentile of the sorted latencies */
static inline uint32_t
stats_percentile(const struct stats *s, double pct)
{
	size_t rank;

	if (s->nlat == 0)
		return 0;
	rank = (size_t)(pct / 100.0 * (double)s->nlat + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > s->nlat)
		rank = s->nlat;
	return s->lat_us[rank - 1];
}

/* watch_sample - update the peak RSS of each watched tree */
static inline void
watch_sample(struct watch *w, int n)
{
	for (int i = 0; i < n; i++) {
		struct proc_usage u;

		if (proc_tree_usage(w[i].pid, 0, &u) < 0) {
			w[i].gone = 1;
			continue;
		}
		if (u.rss_kib > w[i].peak_rss_kib)
			w[i].peak_rss_kib = u.rss_kib;
	}
}

/* watch_mark - take the start (end = 0) or end (end = 1) reading of each tree */
static inline void
watch_mark(struct watch *w, int n, int end)
{
	for (int i = 0; i < n; i++) {
		struct proc_usage *u = end ? &w[i].end : &w[i].start;

		if (proc_tree_usage(w[i].pid, end, u) < 0)
			w[i].gone = 1;
		else if (u->rss_kib > w[i].peak_rss_kib)
			w[i].peak_rss_kib = u->rss_kib;
	}
}

/*
 * stats_print - the RESULT line. secs is the measured wall time; CPU time
 * per request is the watched tree's CPU time over the measured window
 * divided by the requests answered in it.
 */
static inline void
stats_print(FILE *out, const char *tool, const char *label, unsigned conc, double secs,
            struct stats *s, const struct watch *w, int nw)
{
	unsigned long long answered = stats_answered(s);

	qsort(s->lat_us, s->nlat, sizeof(*s->lat_us), stats_cmp_u32);
	fprintf(out,
	        "RESULT tool=%s label=%s conc=%u secs=%.3f requests=%llu rps=%.1f p50_us=%u "
	        "p99_us=%u max_us=%u ok=%llu no=%llu wrong=%llu wrong_ok=%llu wrong_no=%llu "
	        "errors=%llu err_connect=%llu err_noreply=%llu err_timeout=%llu err_other=%llu",
	        tool, label, conc, secs, answered, secs > 0 ? (double)answered / secs : 0.0,
	        stats_percentile(s, 50), stats_percentile(s, 99), stats_percentile(s, 100),
	        s->ok_right + s->wrong_ok, s->no_wrong + s->wrong_no, s->wrong_ok + s->wrong_no,
	        s->wrong_ok, s->wrong_no, stats_errors(s), s->err_connect, s->err_noreply,
	        s->err_timeout, s->err_other);
	for (int i = 0; i < nw; i++) {
		double cpu_us = proc_ticks_to_us(w[i].end.ticks - w[i].start.ticks);

		if (w[i].gone) {
			fprintf(out, " %s_gone=1", w[i].name);
			continue;
		}
		fprintf(out,
		        " %s_cpu_us=%.1f %s_rss_kib=%lu %s_hwm_kib=%lu %s_pss_kib=%lu %s_nproc=%d",
		        w[i].name, answered ? cpu_us / (double)answered : 0.0, w[i].name,
		        w[i].peak_rss_kib, w[i].name, w[i].end.hwm_kib, w[i].name, w[i].end.pss_kib,
		        w[i].name, w[i].end.nproc);
	}
	fputc('\n', out);
	fflush(out);
}

#endif
