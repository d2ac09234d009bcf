/*
 * fuzz_mux_proto.c: the saslauthd request and reply parsers on arbitrary
 * bytes. Every span must lie inside the input, and re-encoding a complete
 * request must give back exactly the bytes it consumed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mux_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	if (mux_parse_reply(data, size, &msg, &msglen) == 1) {
		if (msg != data + 2 || msglen + 2 != size)
			abort();
	}
	return 0;
}
