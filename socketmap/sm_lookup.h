/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sm_lookup.h: answering one socketmap key from the directory.
 *
 *   CERTISSUER:<issuer>    OK <socketmap_issuer_answer> for a trusted issuer
 *   CERTSUBJECT:<subject>  OK <socketmap_subject_answer> when the subject maps
 *                          (lib's cert_resolve, as the plugin maps it) to an
 *                          account that may relay
 *   <SHA-256 fingerprint>  OK <socketmap_fingerprint_answer> when exactly one
 *                          account holds it in postinoCertFingerprint and may
 *                          relay
 *   anything else          NOTFOUND, so the site's own maps decide
 *
 * A refused account is NOTFOUND too (it has no entry that grants relaying);
 * a directory that cannot answer is TEMP, never a relay and never NOTFOUND.
 */
#ifndef SM_LOOKUP_H
#define SM_LOOKUP_H

#include <stddef.h>

struct cert_rules;
struct ldap_settings;
struct sm_dir;
struct sm_settings;

struct sm_ctx {
	const struct sm_settings *set;
	const struct ldap_settings *ls;
	char **issuers;           /* normalized trusted issuers, or NULL */
	struct cert_rules *rules; /* subject rules, may be empty */
};

enum sm_answer { SM_OK = 0, SM_NOTFOUND, SM_TEMP, SM_PERM };

/*
 * sm_lookup - answer key[0..len). *text_r (xmalloc'd, or NULL) is the
 * value for SM_OK and the reason for SM_TEMP/SM_PERM; *note_r (xmalloc'd,
 * or NULL) says for the log what was decided and why.
 */
enum sm_answer sm_lookup(const struct sm_ctx *c, struct sm_dir *d, const char *key, size_t len,
                         char **text_r, char **note_r);

/* sm_answer_word - "OK", "NOTFOUND", "TEMP", "PERM" */
const char *sm_answer_word(enum sm_answer a);

#endif
