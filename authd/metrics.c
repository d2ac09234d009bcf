/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * metrics.c: the "stats" reply as Prometheus metric families.
 *
 * Known keys get a family with labels (answers by outcome, cache lookups by
 * cache and result, the latency histogram, per-server state); any other
 * numeric key is exported as postino_authd_<key>, so a counter added to
 * "stats" later appears here without a change.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth_ctx.h"
#include "buf.h"
#include "ctl_server.h"
#include "metrics.h"

#define MAX_KEYS 512
#define P        "postino_authd_"

struct kv {
	char key[96];
	char val[256];
	int used;
};

struct stats_lines {
	struct kv kv[MAX_KEYS];
	int n;
};

static void
parse_stats(const char *s, struct stats_lines *st)
{
	while (*s != '\0' && st->n < MAX_KEYS) {
		const char *nl = strchr(s, '\n'), *eq;
		size_t len = nl ? (size_t)(nl - s) : strlen(s);

		eq = memchr(s, '=', len);
		if (eq != NULL && (size_t)(eq - s) < sizeof(st->kv[0].key) &&
		    len - (size_t)(eq - s) - 1 < sizeof(st->kv[0].val)) {
			struct kv *k = &st->kv[st->n++];

			memcpy(k->key, s, (size_t)(eq - s));
			k->key[eq - s] = '\0';
			memcpy(k->val, eq + 1, len - (size_t)(eq - s) - 1);
			k->val[len - (size_t)(eq - s) - 1] = '\0';
			k->used = 0;
		}
		s += len + (nl ? 1 : 0);
	}
}

static struct kv *
find(struct stats_lines *st, const char *key)
{
	for (int i = 0; i < st->n; i++)
		if (strcmp(st->kv[i].key, key) == 0)
			return &st->kv[i];
	return NULL;
}

static int
numeric(const char *v)
{
	char *end;

	if (*v == '\0')
		return 0;
	(void)strtod(v, &end);
	return *end == '\0';
}

/* label_escape - a label value: backslash, quote and newline escaped */
static void
label_escape(struct buf *out, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			buf_appendc(out, '\\');
		buf_appendc(out, *v);
	}
}

static void
family(struct buf *out, const char *name, const char *type, const char *help)
{
	buf_appendf(out, "# HELP " P "%s %s\n# TYPE " P "%s %s\n", name, help, name, type);
}

/* one - a family of a single sample from key; nothing if key is absent */
static void
one(struct buf *out, struct stats_lines *st, const char *key, const char *name, const char *type,
    const char *help)
{
	struct kv *k = find(st, key);

	if (k == NULL || !numeric(k->val))
		return;
	k->used = 1;
	family(out, name, type, help);
	buf_appendf(out, P "%s %s\n", name, k->val);
}

/* labelled - a family from keys[i] with label=values[i] */
static void
labelled(struct buf *out, struct stats_lines *st, const char *name, const char *help,
         const char *const *keys, const char *const *values, int n)
{
	int shown = 0;

	for (int i = 0; i < n; i++) {
		struct kv *k = find(st, keys[i]);

		if (k == NULL || !numeric(k->val))
			continue;
		if (!shown++)
			family(out, name, "counter", help);
		k->used = 1;
		buf_appendf(out, P "%s{%s} %s\n", name, values[i], k->val);
	}
}

static void
latency(struct buf *out, struct stats_lines *st)
{
	unsigned long long cum = 0;
	int shown = 0;

	for (int i = 0; i < st->n; i++) {
		struct kv *k = &st->kv[i];
		long long le;

		if (sscanf(k->key, "latency_ms_le_%lld", &le) == 1) {
			if (!shown++)
				family(out, "request_duration_seconds", "histogram",
				       "time from a complete request to its answer");
			cum += strtoull(k->val, NULL, 10);
			buf_appendf(out, P "request_duration_seconds_bucket{le=\"%g\"} %llu\n",
			            (double)le / 1000.0, cum);
			k->used = 1;
		} else if (strncmp(k->key, "latency_ms_gt_", 14) == 0) {
			cum += strtoull(k->val, NULL, 10);
			k->used = 1;
		}
	}
	if (shown) {
		buf_appendf(out, P "request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", cum);
		buf_appendf(out, P "request_duration_seconds_count %llu\n", cum);
	}
}

static void
servers(struct buf *out, struct stats_lines *st)
{
	static const char *const fam[][3] = {
	        {"ldap_server_up", "gauge",
	         "1 if the directory server is in use, 0 if down or probed"},
	        {"ldap_server_operations_total", "counter", "LDAP operations sent to the server"},
	        {"ldap_server_errors_total", "counter", "LDAP operations that failed"},
	};

	for (int f = 0; f < 3; f++) {
		for (int i = 0;; i++) {
			char key[64];
			struct kv *uri, *v;

			snprintf(key, sizeof(key), "ldap_server_%d_uri", i);
			if ((uri = find(st, key)) == NULL)
				break;
			snprintf(key, sizeof(key), "ldap_server_%d_%s", i,
			         f == 0   ? "state"
			         : f == 1 ? "ops"
			                  : "errors");
			if ((v = find(st, key)) == NULL)
				continue;
			if (i == 0)
				family(out, fam[f][0], fam[f][1], fam[f][2]);
			uri->used = v->used = 1;
			buf_appendf(out, P "%s{server=\"", fam[f][0]);
			label_escape(out, uri->val);
			if (f == 0)
				buf_appendf(out, "\",state=\"%s\"} %d\n", v->val,
				            strcmp(v->val, "up") == 0);
			else
				buf_appendf(out, "\"} %s\n", v->val);
		}
	}
}

/* rest - every other numeric key, as an untyped sample of its own family */
static void
rest(struct buf *out, struct stats_lines *st)
{
	for (int i = 0; i < st->n; i++) {
		struct kv *k = &st->kv[i];
		int ok = !k->used && numeric(k->val) && isalpha((unsigned char)k->key[0]);

		for (const char *c = k->key; ok && *c != '\0'; c++)
			ok = isalnum((unsigned char)*c) || *c == '_';
		if (!ok)
			continue;
		buf_appendf(out,
		            "# HELP " P "%s stats value %s\n# TYPE " P "%s untyped\n" P "%s %s\n",
		            k->key, k->key, k->key, k->key, k->val);
	}
}

void
authd_metrics_from_stats(const char *stats, struct buf *out)
{
	static const char *const ans_k[] = {"ok", "no", "tempfail"};
	static const char *const ans_v[] = {"outcome=\"ok\"", "outcome=\"no\"",
	                                    "outcome=\"tempfail\""};
	static const char *const cache_k[] = {"cache_hits", "cache_misses", "dn_cache_hits",
	                                      "dn_cache_misses"};
	static const char *const cache_v[] = {
	        "cache=\"credential\",result=\"hit\"", "cache=\"credential\",result=\"miss\"",
	        "cache=\"dn\",result=\"hit\"", "cache=\"dn\",result=\"miss\""};
	static const char *const pen_k[] = {"penalty_delayed", "penalty_refused"};
	static const char *const pen_v[] = {"action=\"delayed\"", "action=\"refused\""};
	struct stats_lines *st = calloc(1, sizeof(*st));

	if (st == NULL)
		return;
	parse_stats(stats, st);
	one(out, st, "requests", "requests_total", "counter", "requests read from clients");
	labelled(out, st, "answers_total", "answers by outcome", ans_k, ans_v, 3);
	latency(out, st);
	labelled(out, st, "cache_lookups_total", "cache lookups by cache and result", cache_k,
	         cache_v, 4);
	one(out, st, "cache_entries", "cache_entries", "gauge", "live credential cache entries");
	labelled(out, st, "penalty_total", "requests delayed or refused for repeated failures",
	         pen_k, pen_v, 2);
	one(out, st, "delayed", "penalty_held", "gauge", "requests held back right now");
	one(out, st, "bad_requests", "bad_requests_total", "counter", "malformed requests");
	one(out, st, "client_timeouts", "client_timeouts_total", "counter",
	    "clients that sent no complete request in time");
	one(out, st, "ldap_errors", "ldap_errors_total", "counter",
	    "LDAP operations that failed for directory reasons");
	one(out, st, "flushes", "flushes_total", "counter", "cache flush commands");
	one(out, st, "reloads", "reloads_total", "counter", "successful reloads");
	one(out, st, "pool_binds", "pool_binds_total", "counter",
	    "user binds answered on the I/O thread's bind pool");
	one(out, st, "pool_fallbacks", "pool_fallbacks_total", "counter",
	    "requests the bind pool handed to the worker threads");
	one(out, st, "pool_searches", "pool_searches_total", "counter",
	    "account searches answered on the I/O thread's search connection");
	one(out, st, "pool_search_fallbacks", "pool_search_fallbacks_total", "counter",
	    "account searches the I/O thread handed to the worker threads");
	one(out, st, "connections", "connections", "gauge", "client connections open");
	one(out, st, "queued", "queued", "gauge", "requests waiting for a worker");
	one(out, st, "uptime_s", "uptime_seconds", "gauge", "seconds since start");
	one(out, st, "sync_events", "sync_events_total", "counter",
	    "directory change-stream entries applied");
	one(out, st, "sync_resyncs", "sync_resyncs_total", "counter",
	    "change-stream refreshes completed (in sync again)");
	one(out, st, "sync_reconnects", "sync_reconnects_total", "counter",
	    "change-stream connections made after the first");
	one(out, st, "sync_live", "sync_live", "gauge",
	    "1 while the change stream is live, vouching for cached answers");
	one(out, st, "sync_last_event_age_s", "sync_last_event_age_seconds", "gauge",
	    "seconds since the last change-stream entry was applied; -1: none yet");
	servers(out, st);
	rest(out, st);
	free(st);
}

void
authd_metrics_render(struct buf *out, void *arg)
{
	struct buf stats = BUF_INIT;

	ctl_execute(arg, NULL, "stats", 5, &stats);
	authd_metrics_from_stats(stats.data != NULL ? stats.data : "", out);
	buf_free(&stats);
}
