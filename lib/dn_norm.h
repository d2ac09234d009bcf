/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dn_norm.h: one normal form for certificate subject DNs.
 *
 * Subjects arrive in two spellings: OpenSSL's oneline form as sendmail
 * sends it ("/C=IT/O=INFN/CN=Mario Rossi", with sendmail's "+XX" xtext
 * escapes) and RFC 4514 ("CN=Mario Rossi,O=INFN,C=IT"). Both normalize to
 * the RFC 4514 string in RFC 4514 order (most specific RDN first), with
 * attribute types upper-cased short names and values escaped per RFC 4514.
 * postinoctl stores that form; the SASL plugin looks it up.
 */
#ifndef POSTINO_DN_NORM_H
#define POSTINO_DN_NORM_H

#include <stddef.h>

#include "result.h"

/* dn_xtext_decode - undo sendmail's "+XX" escapes; PST_PERMFAIL on a bad escape */
enum pst_result dn_xtext_decode(const char *in, size_t len, char **out_r);
/*
 * dn_normalize - accept either spelling (after xtext decoding) and return
 * the normal form (xmalloc'd). PST_PERMFAIL on anything that is not a DN.
 */
enum pst_result dn_normalize(const char *in, size_t len, char **out_r);
/*
 * dn_normalize_strict - the same for a subject an administrator typed: in
 * the oneline form a "/" or "+" inside a value must be escaped ("\/",
 * "\+"), so "/CN=x/CN" is refused instead of read as CN "x/CN" the way
 * older OpenSSL output has to be. Whatever it accepts, dn_normalize
 * accepts with the same result.
 */
enum pst_result dn_normalize_strict(const char *in, size_t len, char **out_r);

#endif
