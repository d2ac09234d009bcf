/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * stats.h: postino-authd's counters, read through the control socket's
 * "stats" command as key=value lines; also two gauges of the change
 * stream: sync_live (0/1) and sync_last_event_age_s (-1: no entry yet).
 */
#ifndef AUTHD_STATS_H
#define AUTHD_STATS_H

#include <stdint.h>

struct buf;

enum stat_counter {
	ST_REQUESTS = 0,    /* requests answered or dropped after parsing */
	ST_OK,              /* answered OK */
	ST_NO,              /* answered NO */
	ST_TEMPFAIL,        /* directory trouble: closed or NO per authd_tempfail_reply */
	ST_CACHE_HIT,       /* answered from the credential cache */
	ST_CACHE_MISS,      /* credential cache on, but the directory was asked */
	ST_DN_CACHE_HIT,    /* account DN and policy reused */
	ST_DN_CACHE_MISS,   /* account searched */
	ST_PENALTY_DELAY,   /* requests held back for repeated failures */
	ST_PENALTY_REFUSE,  /* requests refused: too many held for one account */
	ST_BAD_REQUEST,     /* malformed requests (too long, NUL bytes, trailing bytes) */
	ST_CLIENT_TIMEOUT,  /* clients that did not send a request in time */
	ST_LDAP_ERRORS,     /* LDAP operations that failed for directory reasons */
	ST_FLUSHES,         /* flush commands */
	ST_RELOADS,         /* successful reloads */
	ST_POOL_BINDS,      /* user binds answered on the I/O thread's bind pool */
	ST_POOL_FALLBACKS,  /* requests the bind pool handed to the workers */
	ST_POOL_SEARCHES,   /* account searches answered on the I/O thread's search connection */
	ST_SEARCH_FALLBACK, /* searches the I/O thread handed to the workers */
	ST_SYNC_EVENTS,     /* change-stream entries applied (refresh and persist) */
	ST_SYNC_RESYNCS,    /* change-stream refreshes completed (in sync again) */
	ST_SYNC_RECONNECTS, /* change-stream connections made after the first */
	ST_COUNT
};

/* stats_init - remember the start time (for uptime) */
void stats_init(void);
void stats_inc(enum stat_counter c);
uint64_t stats_get(enum stat_counter c);
/* stats_sync_event - one change-stream entry applied (ST_SYNC_EVENTS and its time) */
void stats_sync_event(void);
/* stats_sync_live - the change stream is live (1) or not (0): sync_live */
void stats_sync_live(int live);
/* stats_latency - count one request's latency in the histogram */
void stats_latency(int64_t ms);
/* stats_format - append "name=value\n" lines for every counter and bucket */
void stats_format(struct buf *out);

#endif
