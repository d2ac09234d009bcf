/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conn_guard.h: absolute deadlines for connections, and room kept for new
 * clients, against slow clients (slowloris) from many addresses.
 *
 * libmicrohttpd's connection time-out restarts with every byte, so a
 * client sending one byte a second holds a connection, and its thread,
 * for ever. Here every connection gets a deadline from its start to send
 * its whole request (TLS handshake, headers, body), and another, from the
 * moment the answer is queued, to read it; traffic does not move them.
 * Many addresses of one network count together (per_net), so a client
 * with a whole /24 or /64 cannot take every connection. And when fewer
 * than `spare` connections are left, the oldest connections
 * still sending their request after a grace time are closed to make room:
 * a real client sends its request in milliseconds, so it is never among
 * them.
 *
 * A connection is closed with shutdown(2) on its socket, under the lock
 * that libmicrohttpd's close notification also takes, before it closes
 * the descriptor: the descriptor is never one that was reused.
 */
#ifndef POSTINO_PWCHANGE_CONN_GUARD_H
#define POSTINO_PWCHANGE_CONN_GUARD_H

#include <microhttpd.h>

struct conn_guard;

enum conn_phase {
	CONN_RECEIVING = 0, /* handshake, headers and body: deadline from the start */
	CONN_PROCESSING,    /* the request is complete; the directory is asked (its time-outs) */
	CONN_SENDING,       /* the answer is queued: deadline from now */
};

/*
 * conn_guard_new - deadline_s per phase; evict when more than max_conns -
 * spare are open; at most per_net connections from one /24 or /64
 * (0: no such limit)
 */
struct conn_guard *conn_guard_new(long deadline_s, long max_conns, long spare, long per_net);
void conn_guard_free(struct conn_guard **gp);

/* conn_guard_notify - the MHD_OPTION_NOTIFY_CONNECTION callback; cls is the guard */
void conn_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                       enum MHD_ConnectionNotificationCode toe);
/* conn_guard_accept - the MHD_OPTION_ACCEPT_POLICY callback: the per-network limit */
enum MHD_Result conn_guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
/*
 * conn_guard_phase - move c to phase (a new deadline for CONN_SENDING);
 * 0 if the guard has already cut c. Libmicrohttpd may still hold a whole
 * request read before the cut: it must not be acted on, since its client
 * never sees the answer and (rightly, for a connection it had kept idle)
 * sends the request again on a new one.
 */
int conn_guard_phase(struct conn_guard *g, struct MHD_Connection *c, enum conn_phase phase);
/* conn_guard_closed - connections closed so far by deadline or for room (for tests and logs) */
unsigned long conn_guard_closed(struct conn_guard *g);

#endif
