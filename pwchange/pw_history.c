/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pw_history.c: parsing one pwdHistory value. The value is the old
 * password attribute value itself, which may contain '#', so its declared
 * length decides where it ends, and must match exactly.
 */
#include <string.h>

#include "pw_history.h"

int
pw_history_value(const char *hist, size_t histlen, const char **val, size_t *len)
{
	const char *p = hist, *end = hist + histlen;
	size_t n = 0;

	/* time#syntaxOID#length#value; the value itself may contain '#'. */
	for (int field = 0; field < 2; field++) {
		const char *h = memchr(p, '#', (size_t)(end - p));

		if (h == NULL || h == p)
			return 0;
		p = h + 1;
	}
	if (p >= end || *p < '0' || *p > '9')
		return 0;
	while (p < end && *p >= '0' && *p <= '9') {
		if (n > 100000)
			return 0;
		n = n * 10 + (size_t)(*p++ - '0');
	}
	if (p >= end || *p != '#')
		return 0;
	p++;
	if ((size_t)(end - p) != n || n == 0)
		return 0;
	*val = p;
	*len = n;
	return 1;
}
