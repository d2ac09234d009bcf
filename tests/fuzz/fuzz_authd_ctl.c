/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_authd_ctl.c: libFuzzer target for the control-socket command
 * parser, the one parser authd has beyond lib's saslauthd codec. Checks
 * the parser's promises: it never reads past len, and a FLUSH_USER
 * argument is NUL-terminated, non-empty, without blanks or control bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../authd/ctl_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char arg[CTL_LINE_MAX];
	const char *err = NULL;
	/* A private copy, exactly size bytes, so ASan sees any over-read. */
	char *line = malloc(size ? size : 1);
	enum ctl_cmd c;
	size_t i, n;

	if (line == NULL)
		return 0;
	memcpy(line, data, size);
	c = ctl_parse(line, size, arg, sizeof(arg), &err);
	if (c == CTL_BAD && err == NULL)
		abort();
	if (c == CTL_FLUSH_USER) {
		n = strnlen(arg, sizeof(arg));
		if (n == 0 || n == sizeof(arg))
			abort();
		for (i = 0; i < n; i++)
			if ((unsigned char)arg[i] < 0x21 || arg[i] == 0x7f)
				abort();
	}
	free(line);
	return 0;
}
