/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * account_ident.c: from an entry's DN to the digest that keys the account.
 */
#include <ctype.h>
#include <ldap.h>
#include <string.h>
#include <strings.h>

#include "account_ident.h"
#include "auth_cache.h"
#include "xalloc.h"

void
account_ident_digest(const char *dn, const char *fallback, unsigned char out[16])
{
	LDAPDN parsed = NULL;
	char *name = NULL;
	size_t i;

	if (dn != NULL && *dn != '\0' &&
	    ldap_str2dn(dn, &parsed, LDAP_DN_FORMAT_LDAPV3) == LDAP_SUCCESS && parsed != NULL &&
	    parsed[0] != NULL && parsed[0][0] != NULL) {
		LDAPAVA *ava = parsed[0][0];

		if (ava->la_attr.bv_len == 3 && strncasecmp(ava->la_attr.bv_val, "uid", 3) == 0 &&
		    parsed[0][1] == NULL)
			name = xmemdup0(ava->la_value.bv_val, ava->la_value.bv_len);
	}
	if (parsed != NULL)
		ldap_dnfree(parsed);
	if (name == NULL && dn != NULL && *dn != '\0') {
		/* Not named by uid: the DN itself, case folded, names the entry. */
		name = xstrdup(dn);
		for (i = 0; name[i] != '\0'; i++)
			name[i] = (char)tolower((unsigned char)name[i]);
	}
	account_name_digest(name != NULL ? name : fallback, out);
	xfree(&name);
}
