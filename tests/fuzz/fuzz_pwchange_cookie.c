/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_pwchange_cookie.c: libFuzzer target for the Cookie header reader.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../pwchange/cookie_parse.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *v = NULL;

	if (cookie_find((const char *)data, size, "__Host-postino_csrf", &v) == PST_OK) {
		size_t n = strlen(v);

		if (n == 0 || n > COOKIE_VALUE_MAX || strpbrk(v, " ;,\"\\") != NULL)
			abort();
	} else if (v != NULL) {
		abort();
	}
	xfree(&v);
	return 0;
}
