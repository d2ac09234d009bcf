/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_metrics_http.c: libFuzzer target for the request-head check of the
 * metrics endpoint (lib/metrics_http), the one piece of it that reads
 * bytes from a client. It must never read past n, and an accepted head
 * must start with "GET /" and hold " HTTP/1." before its blank line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy, exactly size bytes, so ASan sees any over-read. */
	char *req = malloc(size ? size : 1);
	int r;

	if (req == NULL)
		return 0;
	memcpy(req, data, size);
	r = metrics_http_request_ok(req, size);
	if (r < -1 || r > 1)
		abort();
	if (r == 1 &&
	    (size < 14 || memcmp(req, "GET /", 5) != 0 || memmem(req, size, " HTTP/1.", 8) == NULL))
		abort();
	free(req);
	return 0;
}
