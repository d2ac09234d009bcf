/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mux_conn.c: deciding, from the bytes so far and the clock, whether a
 * connection has a request to answer.
 */
#include "mux_conn.h"

void
mux_conn_begin(struct mux_conn_state *st, int64_t now_ms, long read_timeout_ms)
{
	st->read_deadline_ms = now_ms + read_timeout_ms;
	st->field5_deadline_ms = 0;
	st->pieces = 0;
}

void
mux_conn_note_read(struct mux_conn_state *st)
{
	st->pieces++;
}

enum mux_conn_action
mux_conn_step(struct mux_conn_state *st, const uint8_t *buf, size_t len, int eof, int64_t now_ms,
              long field5_wait_ms, struct mux_request *req, const char **why, int64_t *wake_ms)
{
	enum mux_status s = mux_parse(buf, len, MUX_FIELD_MAX, req);

	*why = NULL;
	*wake_ms = st->read_deadline_ms;
	switch (s) {
	case MUX_TOO_LONG:
		*why = "request field longer than 256 bytes";
		return MUX_CONN_REFUSE;
	case MUX_TRAILING:
		*why = "bytes after the 5th field";
		return MUX_CONN_REFUSE;
	case MUX_HAVE_5:
		return MUX_CONN_DISPATCH;
	case MUX_HAVE_4_MORE:
		/*
		 * A 5th field has begun: it must complete. A stray byte or a
		 * client_addr shorter than declared is never answered as 4.
		 */
		if (eof) {
			*why = "closed mid-request";
			return MUX_CONN_DROP;
		}
		if (now_ms >= st->read_deadline_ms) {
			*why = "read time-out";
			return MUX_CONN_DROP;
		}
		return MUX_CONN_WAIT;
	case MUX_HAVE_4:
		if (eof || field5_wait_ms <= 0 || st->pieces <= 1)
			goto four;
		if (st->field5_deadline_ms == 0)
			st->field5_deadline_ms = now_ms + field5_wait_ms;
		if (now_ms >= st->field5_deadline_ms || now_ms >= st->read_deadline_ms)
			goto four;
		*wake_ms = st->field5_deadline_ms < st->read_deadline_ms ? st->field5_deadline_ms
		                                                         : st->read_deadline_ms;
		return MUX_CONN_WAIT;
	case MUX_NEED_MORE:
		if (eof) {
			*why = len == 0 ? "closed without a request" : "closed mid-request";
			return MUX_CONN_DROP;
		}
		if (now_ms >= st->read_deadline_ms) {
			*why = "read time-out";
			return MUX_CONN_DROP;
		}
		return MUX_CONN_WAIT;
	}
	*why = "parser error";
	return MUX_CONN_DROP;

four:
	/* Exactly 4 whole fields and nothing after them. */
	return MUX_CONN_DISPATCH;
}
