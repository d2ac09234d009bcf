/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * canon_internal.h: the canonicalization libsasl2's built-in INTERNAL
 * plugin performs, for every name that is not a certificate identity.
 *
 * Selecting "canon_user_plugin: postino" replaces INTERNAL for every
 * mechanism, so PLAIN, LOGIN and SCRAM users must see exactly what they
 * saw before: leading and trailing white space removed, an all-white-space
 * name refused, and "@realm" appended when the connection has a user realm
 * and the name has no '@'. Applying it twice gives the same result as
 * applying it once, which libsasl2 relies on (PLAIN canonicalizes the
 * already-canonical name again inside its password check).
 */
#ifndef POSTINO_CANON_INTERNAL_H
#define POSTINO_CANON_INTERNAL_H

#include <stddef.h>

/* Results, mapped to SASL codes by the caller. */
enum canon_status {
	CANON_OK = 0,
	CANON_EMPTY,   /* nothing but white space */
	CANON_TOOLONG, /* does not fit out_max */
};

/*
 * canon_trim - the span of in[0..len) without leading and trailing white
 * space (isspace in the C locale): *start_r and the returned length.
 */
size_t canon_trim(const char *in, size_t len, size_t *start_r);

/*
 * canon_internal - trim name[0..len), append "@realm" when realm is not
 * NULL (even when empty, as INTERNAL does) and the trimmed name has no '@', and write the result to
 * out (room for out_max bytes plus a NUL). out may overlap name.
 */
enum canon_status canon_internal(const char *name, size_t len, const char *realm, char *out,
                                 size_t out_max, size_t *out_len);

#endif
