/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cookie_parse.c: a bounded reader for the Cookie request header.
 *
 * Pairs are separated by ';' and optional blanks. Values may be wrapped in
 * double quotes. Malformed pairs that do not carry the wanted name are
 * skipped, as browsers send whatever other sites on the host have set.
 */
#include <string.h>

#include "cookie_parse.h"
#include "xalloc.h"

/* cookie_octet - RFC 6265 cookie-octet: visible ASCII except " , ; \ */
static int
cookie_octet(unsigned char c)
{
	return c > 0x20 && c < 0x7F && c != '"' && c != ',' && c != ';' && c != '\\';
}

enum pst_result
cookie_find(const char *header, size_t len, const char *name, char **val_r)
{
	size_t nlen = strlen(name), pos = 0;
	const char *found = NULL;
	size_t found_len = 0;
	int count = 0;

	*val_r = NULL;
	while (pos < len) {
		const char *semi, *eq, *v;
		size_t end, vlen;

		while (pos < len && (header[pos] == ' ' || header[pos] == '\t'))
			pos++;
		semi = memchr(header + pos, ';', len - pos);
		end = semi ? (size_t)(semi - header) : len;
		eq = memchr(header + pos, '=', end - pos);
		if (eq && (size_t)(eq - (header + pos)) == nlen &&
		    memcmp(header + pos, name, nlen) == 0) {
			v = eq + 1;
			vlen = end - (size_t)(v - header);
			while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
				vlen--;
			if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
				v++;
				vlen -= 2;
			}
			count++;
			found = v;
			found_len = vlen;
		}
		pos = end + 1;
	}
	if (count != 1 || found_len == 0 || found_len > COOKIE_VALUE_MAX)
		return PST_PERMFAIL;
	for (size_t i = 0; i < found_len; i++)
		if (!cookie_octet((unsigned char)found[i]))
			return PST_PERMFAIL;
	*val_r = xmemdup0(found, found_len);
	return PST_OK;
}
