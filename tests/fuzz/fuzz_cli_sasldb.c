/*
 * fuzz_cli_sasldb.c: splitting sasldb2 keys ("user\0realm\0property") for
 * "postinoctl import sasldb". The three parts must lie inside the key and
 * put back together (with the two NULs) give the key again.
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
	const char *base = (const char *)data;

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
