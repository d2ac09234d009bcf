/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cert_resolve.h: the one certificate-to-account mapping, shared by the
 * SASL plugin (EXTERNAL) and postino-socketmap (relaying by certificate).
 *
 * Order: parse the identity as the host hands it (lib/cert_ident.h), refuse
 * a subject without a CN when asked to, check the trusted issuers (when a
 * list is given), then the account whose stored subject (or cn) equals the
 * identity, then the rules. A directory match decides: two accounts with
 * one subject are refused, not resolved by a rule. A name a rule produces
 * must, when a directory is there, belong to exactly one account. Anything
 * else fails closed. How an account is found and judged is the caller's
 * (a finder callback), so each program keeps its own connection handling.
 */
#ifndef POSTINO_CERT_RESOLVE_H
#define POSTINO_CERT_RESOLVE_H

#include <stddef.h>

#include "cert_ident.h"
#include "result.h"

struct cert_rules;

enum cert_find {
	CERT_FIND_SUBJECT = 0, /* key: normalized subject DN (postinoCertSubject) */
	CERT_FIND_CN,          /* key: bare CN (cn) */
	CERT_FIND_NAME,        /* key: account name a rule produced */
};

/*
 * A finder looks key up. PST_OK with *uid_r (xmalloc'd): exactly one
 * account, and it may use the service. PST_PERMFAIL with *why_r NULL: no
 * entry (try the rules); PST_PERMFAIL with *why_r (xmalloc'd): refused
 * (ambiguous, disabled, locked, service not allowed); PST_TEMPFAIL with
 * *why_r: the directory could not answer. A finder may also decline a kind
 * of lookup it is not configured for by answering "no entry".
 */
typedef enum pst_result cert_find_fn(void *arg, enum cert_find how, const char *key, char **uid_r,
                                     char **why_r);

struct cert_resolver {
	enum cert_ident_mode mode;
	int require_cn;                         /* refuse subjects without a CN */
	char *const *issuers;                   /* trusted issuers, or NULL: no check */
	const struct cert_rules *subject_rules; /* may be NULL */
	const struct cert_rules *cn_rules;      /* may be NULL */
	cert_find_fn *find;                     /* NULL: no directory, rules decide */
	void *find_arg;
};

/*
 * cert_resolve - map in[0..len) (issuer: what the host passed, or NULL) to
 * an account name in *name_r (xmalloc'd). PST_PERMFAIL: refused, *why_r
 * (xmalloc'd) says why; PST_TEMPFAIL: the directory could not answer.
 */
enum pst_result cert_resolve(const struct cert_resolver *cr, const char *in, size_t len,
                             const char *issuer, char **name_r, char **why_r);

#endif
