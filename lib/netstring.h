/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * netstring.h: D. J. Bernstein's netstrings ("<len>:<bytes>,"), strictly
 * and with a bound, and the sendmail/Postfix socketmap protocol carried in
 * them.
 *
 * A socketmap request is one netstring holding "<map> <key>"; the answer
 * is one netstring holding "OK <value>", "NOTFOUND ", "TEMP <why>",
 * "PERM <why>" (sendmail's op.me, Postfix's socketmap_table(5)). Both
 * sides of a connection may pipeline: a buffer can hold several requests,
 * or part of one.
 */
#ifndef POSTINO_NETSTRING_H
#define POSTINO_NETSTRING_H

#include <stddef.h>

/* The longest length prefix accepted: 10 digits is beyond any bound used. */
#define NETSTRING_MAX_DIGITS 10

enum ns_result {
	NS_OK = 0, /* one whole netstring */
	NS_MORE,   /* a valid beginning: read more bytes */
	NS_BAD,    /* malformed, or announces more than max bytes: drop the connection */
};

/*
 * netstring_parse - the netstring at the start of buf[0..len), whose
 * payload may be at most max bytes. NS_OK: *data_r and *dlen_r point into buf
 * and *used_r is the netstring's whole size. The length is decimal digits
 * without a leading zero (except "0"), then ':', then exactly that many
 * bytes, then ','. Nothing else is accepted: no blanks, no signs.
 */
enum ns_result netstring_parse(const char *buf, size_t len, size_t max, const char **data_r,
                               size_t *dlen_r, size_t *used_r);

/*
 * netstring_format - "<n>:<data>," into out (size outsz); returns the size
 * written (without a NUL) or 0 when it does not fit.
 */
size_t netstring_format(char *out, size_t outsz, const char *data, size_t n);

/*
 * socketmap_split - a request payload "<map> <key>" into its map name
 * (non-empty, no blank, no NUL) and its key (the rest after the first
 * blank; may hold anything). 0 on success, -1 when malformed.
 */
int socketmap_split(const char *p, size_t n, const char **map_r, size_t *maplen_r,
                    const char **key_r, size_t *keylen_r);

#endif
