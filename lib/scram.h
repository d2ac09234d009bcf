/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * scram.h: SCRAM secrets in RFC 5803 authPassword form.
 *
 *   SCRAM-SHA-256$<iter>:<b64 salt>$<b64 StoredKey>:<b64 ServerKey>
 *
 * exactly as Cyrus SASL's SCRAM plugin parses them. SaltedPassword =
 * PBKDF2-HMAC-H(pw, salt, iter); StoredKey = H(HMAC(SaltedPassword,
 * "Client Key")); ServerKey = HMAC(SaltedPassword, "Server Key").
 */
#ifndef POSTINO_SCRAM_H
#define POSTINO_SCRAM_H

#include <stddef.h>

#include "result.h"

struct secret;

enum scram_hash { SCRAM_SHA1 = 0, SCRAM_SHA256 };

#define SCRAM_MIN_ITER 4096
#define SCRAM_MAX_ITER 65536
#define SCRAM_SALT_LEN 16
#define SCRAM_MAX_KEY  32
#define SCRAM_MAX_SALT 128

struct scram_secret {
	enum scram_hash hash;
	unsigned iter;
	unsigned char salt[SCRAM_MAX_SALT];
	size_t salt_len;
	unsigned char stored_key[SCRAM_MAX_KEY];
	unsigned char server_key[SCRAM_MAX_KEY];
	size_t key_len; /* 20 for SHA-1, 32 for SHA-256 */
};

/* scram_mech_name - "SCRAM-SHA-1" / "SCRAM-SHA-256" */
const char *scram_mech_name(enum scram_hash h);

/* scram_compute - derive the keys for pw; salt NULL means a fresh random salt */
enum pst_result scram_compute(enum scram_hash h, const struct secret *pw, unsigned iter,
                              const unsigned char *salt, size_t salt_len, struct scram_secret *out);
/* scram_format - the RFC 5803 authPassword value (xmalloc'd) */
char *scram_format(const struct scram_secret *sec);
/* scram_parse - parse an authPassword value; PST_PERMFAIL with no detail on bad input */
enum pst_result scram_parse(const char *val, size_t len, struct scram_secret *out);
/* scram_verify - PST_OK when pw reproduces the stored keys (constant-time compare) */
enum pst_result scram_verify(const struct scram_secret *sec, const struct secret *pw);

#endif
