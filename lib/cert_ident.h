/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cert_ident.h: recognising and normalizing the identity an application
 * hands libsasl2 for EXTERNAL, and checking its issuer.
 *
 * sendmail passes the subject as "/C=IT/O=INFN/CN=Mario+20Rossi" (OpenSSL's
 * oneline form, xtext-encoded); other programs may pass RFC 4514
 * "CN=Mario Rossi,O=INFN,C=IT"; Cyrus imapd passes only the CN, "Mario
 * Rossi". The first two become one normal form (lib/dn_norm.h); a string
 * that is not a DN is a bare CN and is used as it is.
 */
#ifndef POSTINO_CERT_IDENT_H
#define POSTINO_CERT_IDENT_H

#include <stddef.h>

#include "result.h"

/* Longest identity accepted; sendmail's buffer is 256 bytes before xtext. */
#define CERT_IDENT_MAX 2048

enum cert_kind {
	CERT_DN = 0, /* a subject DN, normalized */
	CERT_CN,     /* a bare common name */
};

/*
 * cert_ident_parse - classify in[0..len) and return its usable form in
 * *out_r (xmalloc'd): the normalized DN, or the CN unchanged. PST_PERMFAIL
 * with a static *why_r for an empty, oversized, NUL-containing or
 * malformed (oneline form that does not decode) identity.
 */
enum pst_result cert_ident_parse(const char *in, size_t len, enum cert_kind *kind_r, char **out_r,
                                 const char **why_r);

/* What the host application is known to hand over as the identity. */
enum cert_ident_mode {
	CERT_IDENT_AUTO = 0, /* guess: a DN is a subject, anything else a CN */
	CERT_IDENT_SUBJECT,  /* always the whole subject: a non-DN is refused */
	CERT_IDENT_CN,       /* always the bare CN, even one that reads like a DN */
};

/*
 * cert_ident_parse_as - cert_ident_parse with the host's mode: with
 * CERT_IDENT_CN the identity is always a CN (so a CN "CN=x,O=y" can never be
 * taken for a subject); with CERT_IDENT_SUBJECT an identity that is not a
 * DN is refused.
 */
enum pst_result cert_ident_parse_as(enum cert_ident_mode mode, const char *in, size_t len,
                                    enum cert_kind *kind_r, char **out_r, const char **why_r);

/* cert_dn_has_cn - 1 if the normalized DN has a CN attribute in some RDN */
int cert_dn_has_cn(const char *dn);

/*
 * cert_issuers_parse - split a ';'-separated list of issuer DNs (either
 * spelling; "\;" is a literal ';') into normalized DNs, NULL-terminated.
 * NULL with *err_r (xmalloc'd) when an element is not a DN or the list is
 * empty.
 */
char **cert_issuers_parse(const char *list, char **err_r);
void cert_issuers_free(char ***listp);

/*
 * cert_issuer_trusted - PST_OK when issuer (either spelling) normalizes to
 * one of list; PST_PERMFAIL otherwise, also for a NULL or malformed issuer.
 */
enum pst_result cert_issuer_trusted(char *const *list, const char *issuer);

#endif
