/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pw_history.h: reading OpenLDAP ppolicy's pwdHistory values.
 *
 * slapd keeps a changed password's old hash in pwdHistory as
 * "time#syntaxOID#length#value". It cannot compare a new, freshly salted
 * hash against them, so pwchange reads the history and compares the new
 * cleartext itself.
 */
#ifndef POSTINO_PWCHANGE_PW_HISTORY_H
#define POSTINO_PWCHANGE_PW_HISTORY_H

#include <stddef.h>

/*
 * pw_history_value - the stored password inside one pwdHistory value;
 * returns 1 and sets *val and *len, or 0 when the value is malformed.
 */
int pw_history_value(const char *hist, size_t histlen, const char **val, size_t *len);

#endif
