/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldap_template.h: saslauthd's %-token expansion for LDAP filters and DNs.
 *
 * Tokens, as saslauthd defines them (lak.c lak_expand_tokens):
 *   %%      a literal '%'
 *   %u      the login as received (after -r, "login@realm")
 *   %U      the part of the login before the first '@' (the whole login if none)
 *   %d      the part of the login after the first '@'; empty when there is
 *           none (saslauthd does not fall back to the realm here, and neither
 *           do we, so existing filters keep their meaning)
 *   %1-%9   labels of the domain counted from the right (%1 is the TLD);
 *           the domain is the login's "@domain", else the realm
 *   %s      the service
 *   %r      the realm (the caller passes ldap_default_realm when empty)
 *   %R      "@" followed by the realm, empty when the realm is empty
 *   %D      the user's DN (group templates only); inserted as found in the
 *           directory, escaped only in a filter
 * An unknown token drops both characters, as saslauthd does.
 *
 * Unlike saslauthd, each value is escaped for the context it lands in:
 * RFC 4515 in a filter, RFC 4514 in a DN (fastbind's DN template, search
 * bases, group DNs), so "bob,ou=x" cannot name another entry.
 */
#ifndef POSTINO_LDAP_TEMPLATE_H
#define POSTINO_LDAP_TEMPLATE_H

#include <stddef.h>

#include "result.h"

/* Longest expansion accepted; saslauthd's LAK_DN_LEN is 4096. */
#define LDAP_TEMPLATE_MAX 4096

enum ldap_template_ctx {
	LDAP_TPL_FILTER = 0, /* values escaped with ldap_escape_filter */
	LDAP_TPL_DN,         /* values escaped with ldap_escape_dn */
	LDAP_TPL_RAW,        /* values as they are (to compare, never to send) */
};

struct ldap_template_vars {
	const char *login;   /* %u; required */
	const char *service; /* %s; NULL = empty */
	const char *realm;   /* %r; NULL = empty */
	const char *dn;      /* %D; NULL = empty */
};

/*
 * ldap_template_expand - expand tpl into *out_r (xmalloc'd). PST_PERMFAIL
 * with *err_r (xmalloc'd, optional) when the result would exceed
 * LDAP_TEMPLATE_MAX bytes.
 */
enum pst_result ldap_template_expand(const char *tpl, const struct ldap_template_vars *v,
                                     enum ldap_template_ctx ctx, char **out_r, char **err_r);

/* ldap_template_uses - 1 if tpl contains the token %c (e.g. 'D'), else 0 */
int ldap_template_uses(const char *tpl, char token);

#endif
