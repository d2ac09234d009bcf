/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_dn_norm.c: xtext decoding and subject normalization. A normal form
 * must normalize to itself, so both spellings keep meeting in one string,
 * and the strict parser (typed subjects) accepts a subset of what the
 * tolerant one accepts, with the same normal form.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dn_norm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *dec = NULL, *norm = NULL, *again = NULL;

	if (dn_xtext_decode((const char *)data, size, &dec) == PST_OK) {
		if (dec == NULL || strlen(dec) > size)
			abort();
		free(dec);
	}
	if (dn_normalize((const char *)data, size, &norm) == PST_OK) {
		if (dn_normalize(norm, strlen(norm), &again) != PST_OK || strcmp(norm, again) != 0)
			abort();
		free(again);
	}
	if (dn_normalize_strict((const char *)data, size, &again) == PST_OK) {
		if (norm == NULL || strcmp(norm, again) != 0)
			abort();
		free(again);
	}
	free(norm);
	return 0;
}
