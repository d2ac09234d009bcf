/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mux_conn.h: the request state machine of one client connection, kept
 * free of I/O so it can be tested byte by byte.
 *
 * saslauthd 2.1.28 clients send 4 fields; cyrus-sasl master sends 5. Both
 * libsasl2 and testsaslauthd write the whole request with one writev(), and
 * a UNIX stream socket delivers one small write as one piece, so a request
 * whose 4 fields arrived in a single read is complete: it is answered at
 * once, and 4-field clients pay no wait. A request that trickled in over
 * several reads came from a client that writes field by field; after its
 * 4th field (and nothing more buffered) it gets field5_wait_ms for a 5th
 * before the 4 fields are answered. EOF after 4 fields answers at once. A
 * client that sends nothing, or too little, is dropped at its read
 * deadline. Only a whole 4- or 5-field request is ever answered: a 5th
 * field that has begun must complete (EOF or the read deadline before it
 * does drops the connection), and bytes after a 5th field are refused. Either way the 5th field
 * (client_addr) only feeds the log, so guessing wrong can never change an answer or leave a client
 * waiting.
 */
#ifndef AUTHD_MUX_CONN_H
#define AUTHD_MUX_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "mux_proto.h"

/* Room for the largest request and one byte more, to see trailing junk. */
#define MUX_CONN_BUF (MUX_REQUEST_MAX + 1)

enum mux_conn_action {
	MUX_CONN_WAIT = 0, /* read more (until the returned wake-up time) */
	MUX_CONN_DISPATCH, /* a complete request is in req */
	MUX_CONN_REFUSE,   /* answer NO without checking: *why says why */
	MUX_CONN_DROP,     /* close without an answer (short read, time-out) */
};

struct mux_conn_state {
	int64_t read_deadline_ms;   /* the whole request by then */
	int64_t field5_deadline_ms; /* 0 until 4 fields have arrived */
	int pieces;                 /* reads that brought bytes */
};

/* mux_conn_begin - start the clock for a new connection */
void mux_conn_begin(struct mux_conn_state *st, int64_t now_ms, long read_timeout_ms);

/* mux_conn_note_read - count a read that brought bytes */
void mux_conn_note_read(struct mux_conn_state *st);

/*
 * mux_conn_step - decide what to do with buf[0..len) at now_ms; eof says
 * the client closed its side. On WAIT, *wake_ms is when to call again even
 * without new bytes. On DROP, *why says why (for the log).
 */
enum mux_conn_action mux_conn_step(struct mux_conn_state *st, const uint8_t *buf, size_t len,
                                   int eof, int64_t now_ms, long field5_wait_ms,
                                   struct mux_request *req, const char **why, int64_t *wake_ms);

#endif
