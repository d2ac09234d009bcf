/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cookie_parse.h: finding one cookie in a request's Cookie header.
 */
#ifndef POSTINO_PWCHANGE_COOKIE_PARSE_H
#define POSTINO_PWCHANGE_COOKIE_PARSE_H

#include <stddef.h>

#include "result.h"

/* Longest cookie value looked at; the CSRF token is far shorter. */
#define COOKIE_VALUE_MAX 256

/*
 * cookie_find - look for name in a "a=1; b=2" header (RFC 6265 section
 * 5.4 form). PST_OK with *val_r (xmalloc'd) when it occurs exactly once;
 * PST_PERMFAIL when it is absent, occurs twice (a second cookie of the same
 * name is a sign of cookie injection, and we cannot tell which is ours), or
 * its value is empty, too long or not a plain cookie-octet string.
 */
enum pst_result cookie_find(const char *header, size_t len, const char *name, char **val_r);

#endif
