/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_cli_pem.c: "cert map --pem" on arbitrary bytes: OpenSSL's PEM and
 * X.509 decoding as postinoctl drives it, the subject printed in RFC 4514
 * form, its validity flag, and the strict normalization of the subject.
 * A subject that is returned must be a NUL-terminated string that, when
 * it normalizes at all, normalizes to a fixed point. An input starting
 * with byte 0x01 is taken as DER and wrapped in PEM armour first, so the
 * mutations reach the X.509 decoder instead of dying in base64.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "../../cli/cli_pem.h"
#include "dn_norm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Armour for DER input; 16 KiB of DER is far more than a certificate. */
#define DER_MAX 16384
static const char pem_head[] = "-----BEGIN CERTIFICATE-----\n";
static const char pem_tail[] = "\n-----END CERTIFICATE-----\n";

/* as_pem - DER bytes wrapped in PEM armour (malloc'd), its length in *len */
static unsigned char *
as_pem(const uint8_t *der, size_t n, size_t *len)
{
	size_t hl = sizeof(pem_head) - 1, tl = sizeof(pem_tail) - 1;
	unsigned char *out = malloc(hl + 4 * ((n + 2) / 3) + 1 + tl);
	int b64;

	if (out == NULL)
		abort();
	memcpy(out, pem_head, hl);
	b64 = EVP_EncodeBlock(out + hl, der, (int)n);
	memcpy(out + hl + (size_t)b64, pem_tail, tl);
	*len = hl + (size_t)b64 + tl;
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *subject = NULL, *err = NULL, *norm = NULL, *again = NULL;
	unsigned char *wrapped = NULL;
	int validity = -1;
	enum pst_result r;

	if (size > 0 && data[0] == 0x01 && size - 1 <= DER_MAX) {
		wrapped = as_pem(data + 1, size - 1, &size);
		data = wrapped;
	}
	r = cli_pem_subject_mem(data, size, &subject, &validity, &err);
	free(wrapped);
	if (r != PST_OK) {
		if (subject != NULL || err == NULL)
			abort();
		free(err);
		return 0;
	}
	if (subject == NULL || err != NULL ||
	    (validity != CLI_PEM_VALID && validity != CLI_PEM_EXPIRED &&
	     validity != CLI_PEM_NOT_YET_VALID))
		abort();
	if (dn_normalize_strict(subject, strlen(subject), &norm) == PST_OK) {
		if (dn_normalize_strict(norm, strlen(norm), &again) != PST_OK ||
		    strcmp(norm, again) != 0)
			abort();
		free(again);
		free(norm);
	}
	free(subject);
	return 0;
}
