/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_pwchange_lang.c: libFuzzer target for the Accept-Language parser
 * and the language choice built on it.
 *
 * Properties: the parser never reads past len (the input is not
 * NUL-terminated), answers a supported language or nothing, and agrees
 * with itself when the same bytes come as a C string to lang_choose.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../pwchange/lang.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum lang l = LANG_COUNT, c;
	int found = lang_from_accept((const char *)data, size, &l);
	char *s;

	if (found != 0 && found != 1)
		abort();
	if (found && (unsigned)l >= LANG_COUNT)
		abort();
	if (!found && l != LANG_COUNT)
		abort();
	/* As a header string (up to its first NUL): the same answer. */
	if (memchr(data, '\0', size) == NULL && size <= LANG_ACCEPT_MAX) {
		s = xmemdup0(data, size);
		c = lang_choose(NULL, NULL, s);
		if (c != (found ? l : LANG_EN))
			abort();
		c = lang_choose(s, s, NULL);
		if ((unsigned)c >= LANG_COUNT)
			abort();
		xfree(&s);
	}
	return 0;
}
