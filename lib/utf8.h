/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * utf8.h: the one check of "is this password text?" that the page, the
 * API and postinoctl all apply, so a password one of them accepts is never
 * refused by another.
 */
#ifndef POSTINO_UTF8_H
#define POSTINO_UTF8_H

#include <stddef.h>

/*
 * utf8_text_chars - the number of characters in s[0..len) if it is
 * well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF) without control characters (C0, DEL, C1); else -1.
 */
long utf8_text_chars(const void *s, size_t len);

#endif
