/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_pw_verify.c: userPassword verification on arbitrary stored values.
 * No input may verify a password it was not made from; in practice the
 * fuzzer cannot build a matching hash, so any PST_OK is a bug.
 *
 * Values that ask crypt(3) or Argon2 for a large cost are skipped: they
 * are slow by design, and the directory holding them is trusted.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pw_scheme.h"
#include "secret.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* fuzz_digits - how many digits follow the 3-character key at p (0 if p is NULL) */
static size_t
fuzz_digits(const char *p, const char *end, size_t keylen)
{
	size_t k = 0;

	if (p == NULL)
		return 0;
	for (p += keylen; p < end && *p >= '0' && *p <= '9'; p++)
		k++;
	return k;
}

/* fuzz_costly - 1 for a value whose verification is slow on purpose */
static int
fuzz_costly(const char *v, size_t n)
{
	if (n >= 7 && strncasecmp(v, "{CRYPT}", 7) == 0) {
		const char *s = v + 7;

		/* Cheap libcrypt methods only: DES, MD5, SHA-256/512 at default rounds. */
		if (memmem(v, n, "rounds=", 7) != NULL)
			return 1;
		if (n > 7 && s[0] == '_')
			return 1; /* BSDi DES: the count is in the setting */
		if (n > 7 && s[0] == '$')
			return !(n > 9 && (s[1] == '1' || s[1] == '5' || s[1] == '6') &&
			         s[2] == '$');
		return 0;
	}
	if (n >= 8 && strncasecmp(v, "{ARGON2}", 8) == 0) {
		/* The verifier reads the first "$m=" and ",t="; allow m < 1000, t < 10. */
		const char *m = memmem(v, n, "$m=", 3), *t = memmem(v, n, ",t=", 3);

		return fuzz_digits(m, v + n, 3) > 3 || fuzz_digits(t, v + n, 3) > 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct secret *pw;

	if (pw == NULL)
		pw = secret_from_str("Fuzz-Pass-1");
	if (fuzz_costly((const char *)data, size))
		return 0;
	if (pw_verify((const char *)data, size, pw) == PST_OK)
		abort();
	return 0;
}
