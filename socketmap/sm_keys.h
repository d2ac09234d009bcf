/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sm_keys.h: what a socketmap lookup key asks for.
 *
 * sendmail's access map is asked "CERTISSUER:<issuer>" and
 * "CERTSUBJECT:<subject>" (tags in any case: sendmail folds keys to lower
 * case unless the map has -f); Postfix's check_ccert_access asks for the
 * certificate's SHA-256 fingerprint as "AB:CD:...", 32 colon-separated hex
 * pairs (smtpd_tls_fingerprint_digest = sha256), also possibly folded to
 * lower case. Every other key belongs to the site's own maps.
 */
#ifndef SM_KEYS_H
#define SM_KEYS_H

#include <stddef.h>

/* Length of a SHA-256 fingerprint as Postfix prints it: 32 pairs and 31 colons. */
#define SM_FP_LEN 95

enum sm_key_kind {
	SM_KEY_OTHER = 0,   /* not ours: NOTFOUND */
	SM_KEY_ISSUER,      /* CERTISSUER:<issuer> */
	SM_KEY_SUBJECT,     /* CERTSUBJECT:<subject> */
	SM_KEY_FINGERPRINT, /* a SHA-256 fingerprint */
};

struct sm_key {
	enum sm_key_kind kind;
	const char *arg; /* ISSUER/SUBJECT: the part after the tag, inside the key */
	size_t arglen;
	char fingerprint[SM_FP_LEN + 1]; /* FINGERPRINT: upper-case, NUL-terminated */
};

/* sm_key_classify - fill *k for key[0..len); never fails, unknown keys are SM_KEY_OTHER */
void sm_key_classify(const char *key, size_t len, struct sm_key *k);

/*
 * sm_fingerprint_normalize - in[0..len) as the canonical upper-case
 * colon-separated SHA-256 fingerprint in out (SM_FP_LEN + 1 bytes). Also
 * accepts 64 hex digits without colons (what some tools print). 0 on
 * success, -1 when it is not a SHA-256 fingerprint.
 */
int sm_fingerprint_normalize(const char *in, size_t len, char *out);

#endif
