/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_opts.h: the options every load tool shares, with their bounds.
 *
 * A benchmark must always end: duration and request count are both capped
 * here, so no combination of options makes an unbounded run.
 *
 * Header-only (static inline) because every .c file in bench/ is its own binary.
 */
#ifndef POSTINO_BENCH_OPTS_H
#define POSTINO_BENCH_OPTS_H

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_mix.h"
#include "bench_stats.h"
#include "xalloc.h"

#define BENCH_CONC_MAX     1024
#define BENCH_SECONDS_MAX  600.0
#define BENCH_WARMUP_MAX   60.0
#define BENCH_REQUESTS_MAX 10000000ULL
#define BENCH_TIMEOUT_MAX  60000U

struct bench_opts {
	struct mix mix;
	unsigned conc;
	double seconds;                  /* measured duration */
	double warmup;                   /* unmeasured lead-in */
	unsigned long long max_requests; /* cap on measured requests */
	unsigned timeout_ms;             /* per request */
	unsigned long long seed;         /* 0: pick one from the clock and PID */
	const char *label;
	struct watch watch[WATCH_MAX];
	int nwatch;
};

/* bench_opts_init - the defaults */
static inline void
bench_opts_init(struct bench_opts *o)
{
	*o = (struct bench_opts){0};
	o->mix = (struct mix)MIX_DEFAULTS;
	o->conc = 1;
	o->seconds = 5.0;
	o->warmup = 1.0;
	o->max_requests = 1000000ULL;
	o->timeout_ms = 10000U;
	o->label = "run";
}

/* Options with these letters are the shared ones. */
#define BENCH_SHORTOPTS "c:d:w:n:U:T:l:p:"

static const struct option bench_common_longopts[] = {
        {"concurrency", required_argument, NULL, 'c'}, {"seconds", required_argument, NULL, 'd'},
        {"warmup", required_argument, NULL, 'w'},      {"requests", required_argument, NULL, 'n'},
        {"users", required_argument, NULL, 'U'},       {"timeout-ms", required_argument, NULL, 'T'},
        {"label", required_argument, NULL, 'l'},       {"watch", required_argument, NULL, 'p'},
        {"hot", required_argument, NULL, 1001},        {"hot-pct", required_argument, NULL, 1002},
        {"wrong-pct", required_argument, NULL, 1003},  {"seed", required_argument, NULL, 1004},
        {"wrong-hot", no_argument, NULL, 1005},        {NULL, 0, NULL, 0},
};

/* bench_longopts - a tool's own options (NULL-terminated) followed by the shared ones */
static inline struct option *
bench_longopts(const struct option *own)
{
	size_t n = 0, m = 0;
	struct option *all;

	while (own[n].name != NULL)
		n++;
	while (bench_common_longopts[m].name != NULL)
		m++;
	all = xcalloc(n + m + 1, sizeof(*all));
	memcpy(all, own, n * sizeof(*all));
	memcpy(all + n, bench_common_longopts, (m + 1) * sizeof(*all));
	return all;
}

#define BENCH_USAGE                                                                                \
	"  -c, --concurrency N   requests in flight (1..1024, default 1)\n"                        \
	"  -d, --seconds S       measured duration (default 5, max 600)\n"                         \
	"  -w, --warmup S        unmeasured lead-in (default 1, max 60)\n"                         \
	"  -n, --requests N      cap on measured requests (default 1000000, max 10000000)\n"       \
	"  -U, --users N|A-B     load users u00001..uN, or uA..uB (default 1000)\n"                \
	"      --hot N           size of the hot set (default 20)\n"                               \
	"      --hot-pct P       percent of requests for hot users (default 50)\n"                 \
	"      --wrong-pct P     percent of requests with a wrong password (default 10)\n"         \
	"      --wrong-hot       hot users get wrong passwords too (default: only the others)\n"   \
	"      --seed N          random seed (default: from the clock and PID)\n"                  \
	"  -T, --timeout-ms MS   per-request time-out (default 10000)\n"                           \
	"  -l, --label NAME      label of the RESULT line\n"                                       \
	"  -p, --watch NAME=PID  report CPU and memory of PID and its children (up to 4)\n"

/*
 * bench_seed - the run's seed. Successive runs must not replay the same
 * sequence: the same users would get the same wrong passwords run after
 * run, and the directory's lockout policy counts those across runs.
 */
static inline unsigned long long
bench_seed(const struct bench_opts *o)
{
	struct timespec ts;

	if (o->seed != 0)
		return o->seed;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ((unsigned long long)ts.tv_sec * 1000000007ULL) ^ (unsigned long long)ts.tv_nsec ^
	       ((unsigned long long)getpid() << 32);
}

/* bench_num - parse a decimal number within [lo, hi]; -1 if not */
static inline int
bench_num(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != '\0' || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

/* bench_watch_add - parse NAME=PID */
static inline int
bench_watch_add(struct bench_opts *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	double pid;
	size_t nlen;

	if (o->nwatch >= WATCH_MAX - 1 || eq == NULL)
		return -1;
	nlen = (size_t)(eq - arg);
	if (nlen == 0 || nlen >= WATCH_NAME_MAX || bench_num(eq + 1, 1, 4194304, &pid) < 0)
		return -1;
	for (size_t i = 0; i < nlen; i++) {
		if (!((arg[i] >= 'a' && arg[i] <= 'z') || (arg[i] >= '0' && arg[i] <= '9') ||
		      arg[i] == '_'))
			return -1;
	}
	memcpy(o->watch[o->nwatch].name, arg, nlen);
	o->watch[o->nwatch].name[nlen] = '\0';
	o->watch[o->nwatch].pid = (long)pid;
	o->nwatch++;
	return 0;
}

/*
 * bench_watch_self - watch the load tool too, as "client": it shares the
 * CPUs with the daemon and slapd, so its cost belongs in the picture.
 */
static inline void
bench_watch_self(struct bench_opts *o)
{
	struct watch *w = &o->watch[o->nwatch++];

	snprintf(w->name, sizeof(w->name), "client");
	w->pid = (long)getpid();
}

/*
 * bench_common_opt - handle a shared option. Returns 1 if it was one and
 * was valid, 0 if it is not a shared option, -1 if it was invalid (after a
 * message on stderr).
 */
static inline int
bench_common_opt(struct bench_opts *o, int opt, const char *arg)
{
	double v = 0;
	int bad = 0;

	switch (opt) {
	case 'c':
		bad = bench_num(arg, 1, BENCH_CONC_MAX, &v);
		o->conc = (unsigned)v;
		break;
	case 'd':
		bad = bench_num(arg, 0.1, BENCH_SECONDS_MAX, &v);
		o->seconds = v;
		break;
	case 'w':
		bad = bench_num(arg, 0, BENCH_WARMUP_MAX, &v);
		o->warmup = v;
		break;
	case 'n':
		bad = bench_num(arg, 1, (double)BENCH_REQUESTS_MAX, &v);
		o->max_requests = (unsigned long long)v;
		break;
	case 'U':
		bad = mix_parse_range(arg, &o->mix);
		break;
	case 'T':
		bad = bench_num(arg, 1, BENCH_TIMEOUT_MAX, &v);
		o->timeout_ms = (unsigned)v;
		break;
	case 'l':
		bad = strlen(arg) == 0 || strlen(arg) > 64 || strpbrk(arg, " \t\n=") != NULL;
		o->label = arg;
		break;
	case 'p':
		bad = bench_watch_add(o, arg);
		break;
	case 1001:
		bad = bench_num(arg, 0, 99999, &v);
		o->mix.hot = (unsigned)v;
		break;
	case 1002:
		bad = bench_num(arg, 0, 100, &v);
		o->mix.hot_pct = (unsigned)v;
		break;
	case 1003:
		bad = bench_num(arg, 0, 100, &v);
		o->mix.wrong_pct = (unsigned)v;
		break;
	case 1004:
		bad = bench_num(arg, 0, 1e15, &v);
		o->seed = (unsigned long long)v;
		break;
	case 1005:
		o->mix.wrong_hot = 1;
		break;
	default:
		return 0;
	}
	if (bad) {
		fprintf(stderr, "invalid value for option: %s\n", arg);
		return -1;
	}
	return 1;
}

/* Memory samples per second while a run lasts. */
#define BENCH_SAMPLE_NS (250 * 1000 * 1000ULL)

/* The time line of a run: a warm-up, then the measured window. */
struct bench_window {
	uint64_t begin_ns;    /* the run's start */
	uint64_t t0;          /* the measured window's start */
	uint64_t next_sample; /* when to sample memory next */
	int measuring;        /* past the warm-up: requests started now count */
};

/* bench_window_warm_ns - the warm-up in nanoseconds */
static inline uint64_t
bench_window_warm_ns(const struct bench_opts *o)
{
	return (uint64_t)(o->warmup * 1e9);
}

/* bench_window_start - begin the run; without a warm-up measuring begins at once */
static inline void
bench_window_start(struct bench_window *win, struct bench_opts *o)
{
	*win = (struct bench_window){.begin_ns = now_ns()};
	if (bench_window_warm_ns(o) == 0) {
		watch_mark(o->watch, o->nwatch, 0);
		win->measuring = 1;
		win->t0 = now_ns();
	}
}

/*
 * bench_window_tick - once per turn of a tool's loop: end the warm-up when
 * it is over, sample memory, and return 1 once the measured time is over
 */
static inline int
bench_window_tick(struct bench_window *win, struct bench_opts *o)
{
	uint64_t now = now_ns();

	if (!win->measuring && now - win->begin_ns >= bench_window_warm_ns(o)) {
		watch_mark(o->watch, o->nwatch, 0);
		win->measuring = 1;
		win->t0 = now = now_ns();
	}
	if (now >= win->next_sample) {
		watch_sample(o->watch, o->nwatch);
		win->next_sample = now_ns() + BENCH_SAMPLE_NS;
	}
	return win->measuring && now - win->t0 >= (uint64_t)(o->seconds * 1e9);
}

/*
 * bench_window_end - the closing readings and the RESULT line; the window
 * ends with the last measured answer (or now, if none came)
 */
static inline void
bench_window_end(const struct bench_window *win, struct bench_opts *o, const char *tool,
                 uint64_t last_done_ns, struct stats *st)
{
	watch_mark(o->watch, o->nwatch, 1);
	if (last_done_ns < win->t0)
		last_done_ns = now_ns();
	stats_print(stdout, tool, o->label, o->conc, (double)(last_done_ns - win->t0) / 1e9, st,
	            o->watch, o->nwatch);
}

/* bench_exit_status - 1 if the run failed, else 2 if any answer was wrong or missing, else 0 */
static inline int
bench_exit_status(int run_rc, const struct stats *st)
{
	if (run_rc < 0)
		return 1;
	return st->wrong_ok + st->wrong_no + stats_errors(st) ? 2 : 0;
}

#endif
