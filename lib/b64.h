/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * b64.h: strict standard base64 (RFC 4648, with padding) for stored
 * secrets: {SSHA}-style hashes and SCRAM authPassword values.
 */
#ifndef POSTINO_B64_H
#define POSTINO_B64_H

#include <stddef.h>

/* b64_encode - the padded encoding of n bytes (xmalloc'd) */
char *b64_encode(const void *p, size_t n);
/*
 * b64_decode - decode exactly len characters into out (at most outmax
 * bytes); 0 and *outlen on success. -1 for anything that is not canonical
 * padded base64: a length not a multiple of 4, a foreign character
 * (whitespace included), '=' other than at the end, or too much data.
 */
int b64_decode(const char *in, size_t len, unsigned char *out, size_t outmax, size_t *outlen);

#endif
