/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mux_proto.h: the saslauthd wire protocol, both directions.
 *
 * Request: 4 counted strings (login, password, service, realm), or 5 with a
 * trailing client_addr as cyrus-sasl master sends. A counted string is a
 * 16-bit big-endian length followed by that many bytes, no NUL.
 * Reply: one counted string, "OK" or "NO <reason>".
 *
 * The parser works on whatever bytes have arrived so far and says how far it
 * got; it never reads past len and never copies. Deciding whether a 5th field
 * will come is the caller's business (it depends on time, not bytes).
 */
#ifndef POSTINO_MUX_PROTO_H
#define POSTINO_MUX_PROTO_H

#include <stddef.h>
#include <stdint.h>

/* Largest field authd accepts; saslauthd's MAX_REQ_LEN is 256. */
#define MUX_FIELD_MAX  256
#define MUX_FIELDS_MIN 4
#define MUX_FIELDS_MAX 5
/* Whole request bound: 5 fields with their counts. */
#define MUX_REQUEST_MAX (MUX_FIELDS_MAX * (2 + MUX_FIELD_MAX))
/* libsasl2 truncates replies to 1023 bytes; we never send more. */
#define MUX_REPLY_MAX 1023

enum mux_field { MUX_LOGIN = 0, MUX_PASSWORD, MUX_SERVICE, MUX_REALM, MUX_CLIENT_ADDR };

struct mux_span {
	const uint8_t *p; /* points into the caller's buffer; not NUL-terminated */
	size_t len;
};

struct mux_request {
	struct mux_span f[MUX_FIELDS_MAX];
	int nfields;     /* complete fields parsed so far (0..5) */
	size_t consumed; /* bytes those fields occupy */
};

enum mux_status {
	MUX_NEED_MORE = 0, /* fewer than 4 complete fields so far */
	MUX_HAVE_4,        /* 4 complete fields, and nothing more buffered */
	MUX_HAVE_4_MORE,   /* 4 complete fields and a partial 5th */
	MUX_HAVE_5,        /* 5 complete fields */
	MUX_TOO_LONG,      /* a field's count exceeds max_field */
	MUX_TRAILING,      /* bytes after a complete 5th field */
};

/* mux_parse - parse buf[0..len) with a per-field cap of max_field bytes */
enum mux_status mux_parse(const uint8_t *buf, size_t len, size_t max_field,
                          struct mux_request *req);

/* mux_has_nul - 1 if the span contains a NUL byte (such input is refused, not truncated) */
int mux_has_nul(const struct mux_span *s);

/*
 * mux_encode_reply - write the reply for msg ("OK", "NO", "NO reason") into
 * out; msg is capped at MUX_REPLY_MAX. Returns bytes written (2 + len), or 0
 * if outsz is too small.
 */
size_t mux_encode_reply(const char *msg, uint8_t *out, size_t outsz);

/*
 * mux_encode_request - write a request with nfields (4 or 5) fields into
 * out. Returns bytes written, or 0 if a field exceeds 65535 bytes or outsz is
 * too small. Used by postinoctl, the tests and the benchmark.
 */
size_t mux_encode_request(const struct mux_span *fields, int nfields, uint8_t *out, size_t outsz);

/*
 * mux_parse_reply - parse a reply in buf; returns 1 and sets *msg and *msglen
 * when complete, 0 when more bytes are needed, -1 when malformed.
 */
int mux_parse_reply(const uint8_t *buf, size_t len, const uint8_t **msg, size_t *msglen);

#endif
