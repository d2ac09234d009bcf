/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldap_escape.h: escaping of user input for LDAP filters and DNs.
 *
 * Filters (RFC 4515) and DNs (RFC 4514) have different special characters;
 * escaping a DN value with the filter rules (as saslauthd does) leaves
 * ',' '+' '=' and friends live, which lets "bob,ou=x" name another entry.
 * Use the function for the context the value lands in.
 */
#ifndef POSTINO_LDAP_ESCAPE_H
#define POSTINO_LDAP_ESCAPE_H

#include <stddef.h>

/*
 * ldap_escape_filter - RFC 4515 value escape (libldap's): * ( ) \ NUL ->
 * \2A \28 \29 \5C \00, and every non-ASCII byte as \XX too (UTF-8 "é" ->
 * \C3\A9), which a server matches exactly like the raw bytes.
 */
char *ldap_escape_filter(const char *in, size_t len);
/*
 * ldap_escape_dn - RFC 4514 attribute value escape: , + " \ < > ; = and a
 * leading space or '#' with a backslash; NUL, control bytes and a trailing
 * space as \XX (\20: libldap cannot parse "\ " at the end of a DN).
 */
char *ldap_escape_dn(const char *in, size_t len);

#endif
