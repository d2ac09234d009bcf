/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sync_client.h: an RFC 4533 content synchronisation consumer
 * (refreshAndPersist, as served by slapd's syncprov overlay) that any event
 * loop can drive.
 *
 * The caller connects and binds (ldap_conn.h) and hands the handle over;
 * from then on nothing blocks: sync_client_fd() is the socket to watch,
 * sync_client_step() reads whatever has arrived (ldap_result with a zero
 * time-out) and reports entries to the caller's callback, and
 * sync_client_deadline() says when step() must run even without input.
 *
 * Liveness: syncprov sends nothing while nothing changes, so a silent
 * stream and a dead one look alike. The client sends a small probe (a
 * base search of the root DSE) on the same connection every ping_ms; a
 * probe unanswered for stall_ms, garbage, a message over max_pdu bytes, a
 * search that ends or a closed connection all end the stream: step()
 * returns PST_TEMPFAIL and the caller reconnects (the cookie is kept, so
 * the next refresh sends only what changed). PST_PERMFAIL means the server
 * does not offer content synchronisation for this search.
 */
#ifndef POSTINO_SYNC_CLIENT_H
#define POSTINO_SYNC_CLIENT_H

#include <ldap.h>
#include <stddef.h>
#include <stdint.h>

#include "result.h"
#include "sync_msg.h"

struct sync_client;

/* One entry's news. For the UUIDs of a syncIdSet, dn and msg are NULL. */
struct sync_event {
	enum sync_state state;
	const unsigned char *uuid; /* SYNC_UUID_LEN bytes */
	const char *dn;            /* the entry's DN (for a delete: its last DN), or NULL */
	LDAP *ld;                  /* with msg, for ldap_get_values_len() */
	LDAPMessage *msg;
	int refreshing; /* sent during the refresh phase, before persist */
};

struct sync_client_callbacks {
	void (*entry)(void *arg, const struct sync_event *ev);
	/* refresh_done - the refresh phase is over; changes now come as they happen */
	void (*refresh_done)(void *arg);
};

struct sync_client_params {
	const char *base;
	const char *filter;       /* NULL: (objectClass=*) */
	const char *const *attrs; /* NULL-terminated; NULL: all user attributes */
	long ping_ms;             /* probe interval */
	long stall_ms;            /* a probe unanswered this long ends the stream */
	long max_pdu;             /* largest message accepted, bytes */
};

/* sync_client_new - a consumer (not connected); params and callbacks are copied */
struct sync_client *sync_client_new(const struct sync_client_params *p,
                                    const struct sync_client_callbacks *cb, void *arg);
void sync_client_free(struct sync_client **sp);

/*
 * sync_client_start - take over ld (connected and bound) and send the sync
 * search with the kept cookie. On failure ld is closed.
 */
enum pst_result sync_client_start(struct sync_client *s, LDAP *ld, int64_t now_ms, char **err_r);
/* sync_client_fd - the connection's socket, or -1 when not started */
int sync_client_fd(const struct sync_client *s);
/*
 * sync_client_step - handle what has arrived (at most a bounded number of
 * messages per call) and the probe. PST_OK: go on; otherwise *err_r says
 * why the stream ended, and the caller must sync_client_stop().
 */
enum pst_result sync_client_step(struct sync_client *s, int64_t now_ms, char **err_r);
/* sync_client_deadline - when step() must run at the latest (ms, same clock) */
int64_t sync_client_deadline(const struct sync_client *s);
/* sync_client_more - 1 if step() stopped at its bound with messages left */
int sync_client_more(const struct sync_client *s);
/* sync_client_stop - close the connection; the cookie is kept */
void sync_client_stop(struct sync_client *s);
/* sync_client_forget - drop the cookie: the next start refreshes everything */
void sync_client_forget(struct sync_client *s);

/* sync_client_persisting - 1 once the refresh is over and the stream is live */
int sync_client_persisting(const struct sync_client *s);
/* sync_client_last_contact - when the server was last heard from (ms) */
int64_t sync_client_last_contact(const struct sync_client *s);
/* sync_client_cookie - the kept cookie (not NUL-terminated), its length in *len */
const unsigned char *sync_client_cookie(const struct sync_client *s, size_t *len);

/*
 * sync_request_value - encode the Sync Request control value (mode
 * refreshAndPersist, the cookie if any) into buf; its length, or 0 if it
 * does not fit.
 */
size_t sync_request_value(const unsigned char *cookie, size_t cookie_len, unsigned char *buf,
                          size_t cap);

#endif
