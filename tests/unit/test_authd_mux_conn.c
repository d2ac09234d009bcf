/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_authd_mux_conn.c: the request state machine: 4 and 5 fields, a
 * request that trickles in, the 5th-field wait, EOF, the read deadline,
 * oversize fields and trailing bytes. Requests are written out byte by
 * byte here, not built with mux_encode_request.
 */
#include <string.h>

#include "../../authd/mux_conn.h"
#include "t.h"

/* "alice" "pw" "smtp" "" */
static const uint8_t req4[] = {0,   5, 'a', 'l', 'i', 'c', 'e', 0, 2, 'p',
                               'w', 0, 4,   's', 'm', 't', 'p', 0, 0};
/* the same plus client_addr "1.2.3.4;25" */
static const uint8_t req5[] = {0,   5,   'a', 'l', 'i', 'c', 'e', 0,   2,  'p', 'w',
                               0,   4,   's', 'm', 't', 'p', 0,   0,   0,  10,  '1',
                               '.', '2', '.', '3', '.', '4', ';', '2', '5'};

int
main(void)
{
	struct mux_conn_state st;
	struct mux_request req;
	const char *why;
	int64_t wake, t0 = 1000;
	uint8_t buf[MUX_CONN_BUF];
	size_t n;

	/* 4 fields in one piece: answered at once, no wait. */
	mux_conn_begin(&st, t0, 5000);
	mux_conn_note_read(&st);
	T_CHECK(mux_conn_step(&st, req4, sizeof(req4), 0, t0, 50, &req, &why, &wake) ==
	                MUX_CONN_DISPATCH,
	        "4 fields in one read dispatch");
	T_CHECK(req.nfields == 4, "as a 4-field request");
	T_CHECK(req.f[0].len == 5 && memcmp(req.f[0].p, "alice", 5) == 0, "login");

	/* 5 fields: dispatched with the client address. */
	mux_conn_begin(&st, t0, 5000);
	mux_conn_note_read(&st);
	T_CHECK(mux_conn_step(&st, req5, sizeof(req5), 0, t0, 50, &req, &why, &wake) ==
	                MUX_CONN_DISPATCH,
	        "5 fields dispatch");
	T_CHECK(req.nfields == 5 && req.f[4].len == 10, "with client_addr");

	/* A request written field by field: the 5th field may still come. */
	mux_conn_begin(&st, t0, 5000);
	for (n = 1; n < 7; n++) {
		mux_conn_note_read(&st);
		T_CHECK(mux_conn_step(&st, req4, n, 0, t0, 50, &req, &why, &wake) == MUX_CONN_WAIT,
		        "partial login (%zu bytes): wait", n);
	}
	mux_conn_note_read(&st);
	T_CHECK(mux_conn_step(&st, req4, sizeof(req4), 0, t0 + 1, 50, &req, &why, &wake) ==
	                MUX_CONN_WAIT,
	        "4 fields after several reads: wait for a 5th");
	T_CHECK(wake == t0 + 51, "until the 5th-field deadline (%lld)", (long long)wake);
	T_CHECK(mux_conn_step(&st, req4, sizeof(req4), 0, t0 + 30, 50, &req, &why, &wake) ==
	                MUX_CONN_WAIT,
	        "still waiting at 30 ms");
	T_CHECK(mux_conn_step(&st, req4, sizeof(req4), 0, t0 + 51, 50, &req, &why, &wake) ==
	                MUX_CONN_DISPATCH,
	        "answered as 4 fields at the deadline");
	T_CHECK(req.nfields == 4, "4 fields");

	/* ... and if the 5th comes in time, it is used. */
	mux_conn_begin(&st, t0, 5000);
	mux_conn_note_read(&st);
	mux_conn_note_read(&st);
	T_CHECK(mux_conn_step(&st, req4, sizeof(req4), 0, t0, 50, &req, &why, &wake) ==
	                MUX_CONN_WAIT,
	        "wait");
	T_CHECK(mux_conn_step(&st, req5, sizeof(req4) + 3, 0, t0 + 10, 50, &req, &why, &wake) ==
	                MUX_CONN_WAIT,
	        "partial 5th: wait");
	T_CHECK(mux_conn_step(&st, req5, sizeof(req5), 0, t0 + 20, 50, &req, &why, &wake) ==
	                        MUX_CONN_DISPATCH &&
	                req.nfields == 5,
	        "5th completed in time");

	/* EOF after 4 fields answers at once, even when they trickled in. */
	mux_conn_begin(&st, t0, 5000);
	mux_conn_note_read(&st);
	mux_conn_note_read(&st);
	T_CHECK(mux_conn_step(&st, req4, sizeof(req4), 1, t0, 50, &req, &why, &wake) ==
	                MUX_CONN_DISPATCH,
	        "EOF after 4 fields dispatches");

	/* Nothing sent: dropped at the read deadline, not before. */
	mux_conn_begin(&st, t0, 5000);
	T_CHECK(mux_conn_step(&st, req4, 0, 0, t0 + 4999, 50, &req, &why, &wake) == MUX_CONN_WAIT,
	        "silent client waits until the deadline");
	T_CHECK(wake == t0 + 5000, "wake at the read deadline");
	T_CHECK(mux_conn_step(&st, req4, 0, 0, t0 + 5000, 50, &req, &why, &wake) == MUX_CONN_DROP,
	        "dropped at the deadline");
	T_STREQ(why, "read time-out", "reason");
	/* A slow client that has sent 3 fields is dropped too. */
	T_CHECK(mux_conn_step(&st, req4, 17, 0, t0 + 5000, 50, &req, &why, &wake) == MUX_CONN_DROP,
	        "3 fields at the deadline: dropped");
	T_CHECK(mux_conn_step(&st, req4, 10, 1, t0, 50, &req, &why, &wake) == MUX_CONN_DROP,
	        "EOF mid-request: dropped without an answer");

	/* Oversize field: refused (NO) as soon as its count is seen. */
	memset(buf, 0, sizeof(buf));
	buf[0] = 0x01;
	buf[1] = 0x01; /* 257 */
	mux_conn_begin(&st, t0, 5000);
	T_CHECK(mux_conn_step(&st, buf, 2, 0, t0, 50, &req, &why, &wake) == MUX_CONN_REFUSE,
	        "257-byte field refused");
	buf[1] = 0x00; /* exactly 256: fine so far */
	T_CHECK(mux_conn_step(&st, buf, 2, 0, t0, 50, &req, &why, &wake) == MUX_CONN_WAIT,
	        "256-byte field accepted");

	/* Bytes after a complete 5th field: refused. */
	memcpy(buf, req5, sizeof(req5));
	buf[sizeof(req5)] = 0;
	mux_conn_begin(&st, t0, 5000);
	mux_conn_note_read(&st);
	T_CHECK(mux_conn_step(&st, buf, sizeof(req5) + 1, 0, t0, 50, &req, &why, &wake) ==
	                MUX_CONN_REFUSE,
	        "trailing byte refused");

	/* 4 fields and one stray byte: never answered as 4 fields. */
	memcpy(buf, req4, sizeof(req4));
	buf[sizeof(req4)] = 'x';
	mux_conn_begin(&st, t0, 5000);
	mux_conn_note_read(&st);
	T_CHECK(mux_conn_step(&st, buf, sizeof(req4) + 1, 0, t0, 50, &req, &why, &wake) ==
	                MUX_CONN_WAIT,
	        "stray byte after 4 fields: wait for the 5th to complete");
	T_CHECK(mux_conn_step(&st, buf, sizeof(req4) + 1, 0, t0 + 51, 50, &req, &why, &wake) ==
	                MUX_CONN_WAIT,
	        "not answered at the 5th-field deadline");
	T_CHECK(mux_conn_step(&st, buf, sizeof(req4) + 1, 1, t0 + 60, 50, &req, &why, &wake) ==
	                MUX_CONN_DROP,
	        "stray byte then EOF: closed without an answer");
	T_CHECK(mux_conn_step(&st, buf, sizeof(req4) + 1, 0, t0 + 5000, 50, &req, &why, &wake) ==
	                MUX_CONN_DROP,
	        "stray byte until the read deadline: closed");

	/* A declared client_addr longer than what follows, then a half-close. */
	mux_conn_begin(&st, t0, 5000);
	mux_conn_note_read(&st);
	T_CHECK(mux_conn_step(&st, req5, sizeof(req5) - 1, 1, t0, 50, &req, &why, &wake) ==
	                MUX_CONN_DROP,
	        "short 5th field at EOF: closed without an answer");
	T_STREQ(why, "closed mid-request", "reason");
	/* ... and with no field wait configured either. */
	mux_conn_begin(&st, t0, 5000);
	mux_conn_note_read(&st);
	mux_conn_note_read(&st);
	T_CHECK(mux_conn_step(&st, req5, sizeof(req5) - 1, 0, t0, 0, &req, &why, &wake) ==
	                MUX_CONN_WAIT,
	        "short 5th field without a 5th-field wait: still waits");
	return t_done("authd_mux_conn");
}
