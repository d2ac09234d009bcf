/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pw_scheme.h: hashing and verifying userPassword values.
 *
 * Verification understands {SSHA} {SHA} {SSHA256} {SHA256} {SSHA512}
 * {SHA512} {CRYPT} (whatever libcrypt knows: $6$, $y$, $2b$, ...) and
 * {ARGON2} when built with libargon2. Comparison of digests is constant
 * time. A value without a {SCHEME} prefix is cleartext and is refused:
 * postino never stores or accepts cleartext userPassword.
 */
#ifndef POSTINO_PW_SCHEME_H
#define POSTINO_PW_SCHEME_H

#include <stddef.h>

#include "result.h"

struct secret;

enum pw_scheme {
	PW_CRYPT_SHA512 = 0, /* {CRYPT}$6$ */
	PW_CRYPT_YESCRYPT,   /* {CRYPT}$y$ */
	PW_SSHA512,          /* {SSHA512} */
	PW_SSHA,             /* {SSHA}: for old sites only */
	PW_ARGON2,           /* {ARGON2}$argon2id$: only with HAVE_ARGON2 */
};

/* Names as used in the password_scheme setting, NULL-terminated, indexed by enum pw_scheme. */
extern const char *const pw_scheme_names[];

/* pw_hash - hash pw with a fresh random salt into "{SCHEME}..." (xmalloc'd) */
enum pst_result pw_hash(enum pw_scheme scheme, const struct secret *pw, char **out_r);

/*
 * pw_verify - PST_OK when pw matches the stored value; PST_PERMFAIL when it
 * does not, or the scheme is unknown or cleartext; PST_TEMPFAIL on an
 * internal failure (e.g. crypt(3) out of memory).
 */
enum pst_result pw_verify(const char *stored, size_t storedlen, const struct secret *pw);

#endif
