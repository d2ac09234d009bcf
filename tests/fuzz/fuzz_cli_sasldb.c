/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_cli_sasldb.c: splitting sasldb2 keys ("user\0realm\0property") for
 * "postinoctl import sasldb". The three parts must lie inside the key and
 * put back together (with the two NULs) give the key again. The same bytes
 * are also read as a Berkeley DB meta page (page 0) of a file whose size is
 * taken from the input: an accepted page must describe a file no larger
 * than that size, in whole pages of a possible size.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/cli_sasldb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sasldb_key k;
	struct sasldb_meta m;
	const char *base = (const char *)data;
	unsigned long long fsize = 0;
	char *err = NULL;
	size_t i;

	for (i = 0; i < 4 && i < size; i++)
		fsize = fsize << 8 | data[i];
	fsize <<= 8;
	if (sasldb_meta_parse(data, size, fsize, &m, &err) == PST_OK) {
		if (err != NULL || m.pagesize < 512 || m.pagesize > 65536 ||
		    (m.pagesize & (m.pagesize - 1)) != 0 || fsize % m.pagesize != 0 ||
		    ((unsigned long long)m.last_pgno + 1) * m.pagesize > fsize)
			abort();
	} else if (err == NULL) {
		abort();
	}
	free(err);
	if (!sasldb_key_parse(data, size, &k))
		return 0;
	if (k.user != base || k.user_len == 0 || k.prop_len == 0 ||
	    k.user_len + k.realm_len + k.prop_len + 2 != size || k.realm != base + k.user_len + 1 ||
	    k.prop != k.realm + k.realm_len + 1 || base[k.user_len] != '\0' ||
	    k.realm[k.realm_len] != '\0' || memchr(k.user, '\0', k.user_len) != NULL ||
	    memchr(k.realm, '\0', k.realm_len) != NULL || memchr(k.prop, '\0', k.prop_len) != NULL)
		abort();
	return 0;
}
