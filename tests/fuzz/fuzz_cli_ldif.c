/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_cli_ldif.c: the LDIF reader of "postinoctl import ldif" and its
 * base64 decoder. Records must stay within the documented bounds, and a
 * decoded value must re-encode to the input it came from.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "../../cli/cli_ldif.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_base64(const uint8_t *data, size_t size)
{
	size_t n;
	char *dec = ldif_base64_decode((const char *)data, size, &n);
	unsigned char *enc;

	if (dec == NULL)
		return;
	/* Strip the blanks the decoder ignores, then compare with OpenSSL's encoding. */
	while (size > 0 && (data[size - 1] == ' ' || data[size - 1] == '\t'))
		size--;
	enc = xmalloc(4 * ((n + 2) / 3) + 1);
	if ((size_t)EVP_EncodeBlock(enc, (const unsigned char *)dec, (int)n) != size)
		abort();
	free(enc);
	free(dec);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ldif_reader r;
	struct ldif_record *rec = NULL;
	char *err = NULL;
	int rc;

	check_base64(data, size);
	ldif_init(&r, (const char *)data, size);
	while ((rc = ldif_next(&r, &rec, &err)) > 0) {
		if (rec->dn == NULL || rec->n > LDIF_ATTRS_MAX)
			abort();
		for (size_t i = 0; i < rec->n; i++)
			if (rec->a[i].len > LDIF_LINE_MAX || rec->a[i].value[rec->a[i].len] != '\0')
				abort();
		ldif_record_free(&rec);
	}
	if (rc < 0 && err == NULL)
		abort();
	xfree(&err);
	return 0;
}
