/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * canon_internal.c: trim and realm-qualify a user name as libsasl2's
 * INTERNAL canonuser plugin does.
 *
 * One difference: INTERNAL looks for '@' with strchr() in the caller's
 * buffer, which is not always NUL-terminated; here only the name's own
 * bytes are searched.
 */
#include <ctype.h>
#include <string.h>

#include "canon_internal.h"

size_t
canon_trim(const char *in, size_t len, size_t *start_r)
{
	size_t b = 0;

	while (b < len && isspace((unsigned char)in[b]))
		b++;
	while (len > b && isspace((unsigned char)in[len - 1]))
		len--;
	*start_r = b;
	return len - b;
}

enum canon_status
canon_internal(const char *name, size_t len, const char *realm, char *out, size_t out_max,
               size_t *out_len)
{
	size_t start, n = canon_trim(name, len, &start);
	size_t rlen = 0;

	if (n == 0)
		return CANON_EMPTY;
	/* Like INTERNAL, an empty (not NULL) realm still appends "@". */
	if (realm != NULL && memchr(name + start, '@', n) == NULL)
		rlen = strlen(realm) + 1;
	if (n > out_max || rlen > out_max - n)
		return CANON_TOOLONG;
	/* out may alias name: move the name first, then add the realm after it. */
	memmove(out, name + start, n);
	if (rlen > 0) {
		out[n] = '@';
		memcpy(out + n + 1, realm, rlen - 1);
	}
	out[n + rlen] = '\0';
	*out_len = n + rlen;
	return CANON_OK;
}
