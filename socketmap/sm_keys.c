/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sm_keys.c: classifying socketmap keys and canonical fingerprints.
 */
#include <string.h>
#include <strings.h>

#include "hex.h"
#include "sm_keys.h"

static const char hexup[] = "0123456789ABCDEF";

int
sm_fingerprint_normalize(const char *in, size_t len, char *out)
{
	size_t i, o = 0, step;

	if (len == SM_FP_LEN)
		step = 3; /* "AB:" */
	else if (len == 64)
		step = 2; /* "AB" */
	else
		return -1;
	for (i = 0; i < len; i += step) {
		int hi = hex_digit((unsigned char)in[i]), lo = hex_digit((unsigned char)in[i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		if (step == 3 && i + 2 < len && in[i + 2] != ':')
			return -1;
		if (o > 0)
			out[o++] = ':';
		out[o++] = hexup[hi];
		out[o++] = hexup[lo];
	}
	out[o] = '\0';
	return o == SM_FP_LEN ? 0 : -1;
}

/* tagged - 1 when key starts with tag (any case); then *arg_r is what follows */
static int
tagged(const char *key, size_t len, const char *tag, struct sm_key *k)
{
	size_t tl = strlen(tag);

	if (len < tl || strncasecmp(key, tag, tl) != 0)
		return 0;
	k->arg = key + tl;
	k->arglen = len - tl;
	return 1;
}

void
sm_key_classify(const char *key, size_t len, struct sm_key *k)
{
	memset(k, 0, sizeof(*k));
	if (tagged(key, len, "CERTISSUER:", k))
		k->kind = SM_KEY_ISSUER;
	else if (tagged(key, len, "CERTSUBJECT:", k))
		k->kind = SM_KEY_SUBJECT;
	else if (sm_fingerprint_normalize(key, len, k->fingerprint) == 0) {
		k->kind = SM_KEY_FINGERPRINT;
		k->arg = key;
		k->arglen = len;
	} else {
		k->fingerprint[0] = '\0';
		k->arg = NULL;
		k->arglen = 0;
		k->kind = SM_KEY_OTHER;
	}
}
