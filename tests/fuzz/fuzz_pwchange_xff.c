/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_pwchange_xff.c: libFuzzer target for the trusted-proxy list and the
 * X-Forwarded-For reader. The input is "LIST\nPEER\nHEADER".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../pwchange/proxy_trust.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = xmalloc(size + 1), *peer, *xff, *err = NULL;
	char out[PROXY_ADDR_MAX];
	struct proxy_list *l = NULL;

	memcpy(in, data, size);
	in[size] = '\0';
	peer = strchr(in, '\n');
	xff = peer != NULL ? strchr(peer + 1, '\n') : NULL;
	if (peer == NULL || xff == NULL) {
		xfree(&in);
		return 0;
	}
	*peer++ = '\0';
	*xff++ = '\0';
	if (proxy_list_parse(in, &l, &err) == PST_OK) {
		int from_hdr = proxy_client(l, peer, xff, out);

		if (strlen(out) >= PROXY_ADDR_MAX)
			abort();
		/* An address from the header is never taken from an untrusted peer. */
		if (from_hdr && !proxy_list_trusts(l, peer))
			abort();
		proxy_list_free(&l);
	} else if (err == NULL || l != NULL) {
		abort();
	}
	xfree(&err);
	xfree(&in);
	return 0;
}
