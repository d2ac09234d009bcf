/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_scram_parse.c: the authPassword parser. Whatever it accepts must
 * respect the bounds and survive a format/parse round trip unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scram.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scram_secret a, b;
	char *s;

	if (scram_parse((const char *)data, size, &a) != PST_OK)
		return 0;
	if (a.iter < SCRAM_MIN_ITER || a.iter > SCRAM_MAX_ITER || a.salt_len == 0 ||
	    a.salt_len > SCRAM_MAX_SALT || (a.key_len != 20 && a.key_len != 32))
		abort();
	s = scram_format(&a);
	if (scram_parse(s, strlen(s), &b) != PST_OK || memcmp(&a, &b, sizeof(a)) != 0)
		abort();
	free(s);
	return 0;
}
