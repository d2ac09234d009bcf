/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_netstring.c: the netstring parser and the socketmap request split
 * on arbitrary bytes, walked as a pipelined stream the way the server
 * reads it. Every span must lie inside the input and within the bound, a
 * whole netstring must re-encode to exactly the bytes it consumed, and a
 * parse of any prefix must never claim more than the prefix holds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netstring.h"
#include "../../socketmap/sm_keys.h"

#define MAXLEN 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* one - check one netstring at p[0..n); returns bytes consumed, 0 to stop */
static size_t
one(const char *p, size_t n)
{
	const char *d, *map, *key;
	size_t dl, used, ml, kl, fl;
	char out[MAXLEN + 16];
	struct sm_key k;
	enum ns_result r = netstring_parse(p, n, MAXLEN, &d, &dl, &used);

	if (r != NS_OK)
		return 0;
	if (used > n || dl > MAXLEN || d < p || d + dl > p + used)
		abort();
	fl = netstring_format(out, sizeof(out), d, dl);
	if (fl != used || memcmp(out, p, used) != 0)
		abort();
	/* Every prefix of a whole netstring is "more", never OK or a different length. */
	if (used > 0 && netstring_parse(p, used - 1, MAXLEN, &d, &dl, &fl) != NS_MORE)
		abort();
	if (netstring_parse(p, used, MAXLEN, &d, &dl, &fl) != NS_OK)
		abort();
	if (socketmap_split(d, dl, &map, &ml, &key, &kl) == 0) {
		if (ml == 0 || map != d || key + kl != d + dl || memchr(map, ' ', ml) != NULL)
			abort();
		sm_key_classify(key, kl, &k);
		if (k.kind == SM_KEY_FINGERPRINT && strlen(k.fingerprint) != SM_FP_LEN)
			abort();
		if (k.kind != SM_KEY_OTHER && (k.arg < key || k.arg + k.arglen > key + kl))
			abort();
	}
	return used;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	size_t off = 0, used;

	while (off < size && (used = one(p + off, size - off)) > 0)
		off += used;
	return 0;
}
