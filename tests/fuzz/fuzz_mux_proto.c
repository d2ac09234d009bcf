/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_mux_proto.c: the saslauthd request and reply parsers on arbitrary
 * bytes, and authd's per-connection decision on top of them. Every span
 * must lie inside the input, re-encoding a complete request must give back
 * exactly the bytes it consumed, and a connection is answered (dispatched)
 * only when its bytes are exactly one whole 4- or 5-field request: a stray
 * byte, a short 5th field or bytes after a 5th field never reach a check.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../authd/mux_conn.h"
#include "mux_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* whole_request - 1 if data is exactly the encoding of req's fields */
static int
whole_request(const uint8_t *data, size_t size, const struct mux_request *req)
{
	uint8_t out[MUX_REQUEST_MAX];
	size_t n;

	if (req->nfields != 4 && req->nfields != 5)
		return 0;
	n = mux_encode_request(req->f, req->nfields, out, sizeof(out));
	return n == size && memcmp(out, data, n) == 0;
}

/*
 * check_conn - run the connection state machine over the input as it would
 * arrive in one or two reads, then at EOF and at the deadlines; whatever
 * it dispatches must be the whole input or (4 fields in one read, answered
 * at once) exactly the first piece.
 */
static void
check_conn(const uint8_t *data, size_t size)
{
	struct mux_conn_state st;
	struct mux_request req;
	const char *why;
	int64_t wake, t0 = 1000;
	size_t cut = size > 0 ? data[0] % (size + 1) : 0;
	enum mux_conn_action a;
	int eof;

	if (size > MUX_CONN_BUF)
		return;
	for (eof = 0; eof <= 1; eof++) {
		/* The whole input in one read, at once and at both deadlines. */
		int64_t when[] = {t0, t0 + 50, t0 + 5000};
		size_t i;

		for (i = 0; i < sizeof(when) / sizeof(when[0]); i++) {
			mux_conn_begin(&st, t0, 5000);
			mux_conn_note_read(&st);
			a = mux_conn_step(&st, data, size, eof, when[i], 50, &req, &why, &wake);
			if (a == MUX_CONN_DISPATCH && !whole_request(data, size, &req))
				abort();
			if (a != MUX_CONN_DISPATCH && eof && i == 0 &&
			    mux_parse(data, size, MUX_FIELD_MAX, &req) >= MUX_HAVE_4 &&
			    whole_request(data, size, &req))
				abort(); /* a whole request at EOF is answered */
			if (a == MUX_CONN_WAIT && (eof || when[i] >= t0 + 5000))
				abort(); /* EOF or the read deadline always decides */
		}
		/* Two reads: the prefix first, then everything. */
		mux_conn_begin(&st, t0, 5000);
		mux_conn_note_read(&st);
		a = mux_conn_step(&st, data, cut, 0, t0, 50, &req, &why, &wake);
		if (a == MUX_CONN_DISPATCH) {
			if (!whole_request(data, cut, &req))
				abort();
			continue;
		}
		if (a != MUX_CONN_WAIT)
			continue;
		mux_conn_note_read(&st);
		a = mux_conn_step(&st, data, size, eof, t0 + 60, 50, &req, &why, &wake);
		if (a == MUX_CONN_DISPATCH && !whole_request(data, size, &req))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mux_request req;
	enum mux_status st;
	const uint8_t *msg;
	size_t msglen, i;
	uint8_t out[MUX_REQUEST_MAX];

	st = mux_parse(data, size, MUX_FIELD_MAX, &req);
	if (req.consumed > size || req.nfields < 0 || req.nfields > MUX_FIELDS_MAX)
		abort();
	for (i = 0; i < (size_t)req.nfields; i++) {
		if (req.f[i].p < data || req.f[i].p + req.f[i].len > data + size ||
		    req.f[i].len > MUX_FIELD_MAX)
			abort();
		(void)mux_has_nul(&req.f[i]);
	}
	if (st == MUX_HAVE_4 || st == MUX_HAVE_5) {
		size_t n = mux_encode_request(req.f, req.nfields, out, sizeof(out));

		if (n != req.consumed || n != size || memcmp(out, data, n) != 0)
			abort();
	}
	check_conn(data, size);
	if (mux_parse_reply(data, size, &msg, &msglen) == 1) {
		if (msg != data + 2 || msglen + 2 != size)
			abort();
	}
	return 0;
}
