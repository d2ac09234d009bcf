/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sm_conn.h: serving one socketmap client connection.
 *
 * sendmail and Postfix keep a connection open and send one request after
 * another, possibly several at once. Every wait is bounded: a started
 * request must arrive whole within socketmap_read_timeout_ms, a connection
 * may sit idle for socketmap_idle_timeout, a request longer than
 * socketmap_max_request is refused (PERM) and the connection closed, and
 * the buffer never holds more than one maximal request.
 */
#ifndef SM_CONN_H
#define SM_CONN_H

struct sm_ctx;

/* sm_conn_serve - answer requests on fd (non-blocking) until EOF, error or time-out; closes fd */
void sm_conn_serve(const struct sm_ctx *c, int fd);

#endif
