/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * netstring.c: the strict, bounded netstring parser and the socketmap
 * request split. Every input byte is checked against the bound before it
 * can grow a number, so a hostile length ("99999999999:") is refused while
 * it is being read, not after.
 */
#include <stdio.h>
#include <string.h>

#include "netstring.h"

enum ns_result
netstring_parse(const char *buf, size_t len, size_t max, const char **data_r, size_t *dlen_r,
                size_t *used_r)
{
	size_t i, n = 0;

	for (i = 0; i < len && buf[i] != ':'; i++) {
		if (buf[i] < '0' || buf[i] > '9' || i >= NETSTRING_MAX_DIGITS)
			return NS_BAD;
		if (i == 1 && buf[0] == '0')
			return NS_BAD; /* leading zero */
		n = n * 10 + (size_t)(buf[i] - '0');
		if (n > max)
			return NS_BAD;
	}
	if (i == len)
		return NS_MORE;
	if (i == 0)
		return NS_BAD; /* ":" without a length */
	/* buf[i] is ':'; the payload is buf[i+1 .. i+1+n), then ','. */
	if (len - (i + 1) < n + 1)
		return NS_MORE;
	if (buf[i + 1 + n] != ',')
		return NS_BAD;
	*data_r = buf + i + 1;
	*dlen_r = n;
	*used_r = i + 2 + n;
	return NS_OK;
}

size_t
netstring_format(char *out, size_t outsz, const char *data, size_t n)
{
	char head[NETSTRING_MAX_DIGITS + 8];
	int hl = snprintf(head, sizeof(head), "%zu:", n);

	if (hl < 0 || (size_t)hl >= sizeof(head) || outsz < (size_t)hl + n + 1)
		return 0;
	memcpy(out, head, (size_t)hl);
	memcpy(out + hl, data, n);
	out[(size_t)hl + n] = ',';
	return (size_t)hl + n + 1;
}

int
socketmap_split(const char *p, size_t n, const char **map_r, size_t *maplen_r, const char **key_r,
                size_t *keylen_r)
{
	const char *sp = memchr(p, ' ', n);

	if (sp == NULL || sp == p || memchr(p, '\0', (size_t)(sp - p)) != NULL)
		return -1;
	*map_r = p;
	*maplen_r = (size_t)(sp - p);
	*key_r = sp + 1;
	*keylen_r = n - (size_t)(sp - p) - 1;
	return 0;
}
