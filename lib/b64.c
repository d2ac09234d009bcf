/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * b64.c: strict base64 on top of OpenSSL's block codec.
 *
 * EVP_DecodeBlock() skips surrounding whitespace and ignores padding when
 * it reports a length, so the input is validated here first and the
 * padding is subtracted by hand.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "b64.h"
#include "log.h"
#include "secret.h"
#include "xalloc.h"

char *
b64_encode(const void *p, size_t n)
{
	char *out;

	if (n > (size_t)0x3fffffff)
		log_panic("b64_encode: input too long");
	out = xmalloc(4 * ((n + 2) / 3) + 1);
	EVP_EncodeBlock((unsigned char *)out, p, (int)n);
	return out;
}

static int
b64_is_alpha(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '+' || c == '/';
}

int
b64_decode(const char *in, size_t len, unsigned char *out, size_t outmax, size_t *outlen)
{
	unsigned char *tmp;
	size_t i, pad = 0, n;
	int got;

	if (len == 0 || len % 4 != 0 || len > (size_t)0x3ffffffc)
		return -1;
	if (in[len - 1] == '=')
		pad++;
	if (in[len - 2] == '=')
		pad++;
	for (i = 0; i < len - pad; i++)
		if (!b64_is_alpha((unsigned char)in[i]))
			return -1;
	/* "ab=c": an '=' before a last character that is not '=' is misplaced. */
	if (pad == 1 && in[len - 2] == '=')
		return -1;
	n = len / 4 * 3 - pad;
	if (n > outmax)
		return -1;
	tmp = xmalloc(len / 4 * 3);
	got = EVP_DecodeBlock(tmp, (const unsigned char *)in, (int)len);
	if (got < 0 || (size_t)got != len / 4 * 3) {
		secret_wipe(tmp, len / 4 * 3);
		free(tmp);
		return -1;
	}
	memcpy(out, tmp, n);
	secret_wipe(tmp, len / 4 * 3);
	free(tmp);
	*outlen = n;
	return 0;
}
