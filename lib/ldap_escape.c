/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldap_escape.c: escaping user input for LDAP filters and DNs.
 *
 * Filter values go through libldap's own escaper, which escapes the RFC
 * 4515 specials and also every non-ASCII byte as \XX; a server matches the
 * escaped octets exactly as it would the raw UTF-8. DN values are escaped
 * here, because libldap has no public function for a single RDN value.
 */
#include <ldap.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ldap_escape.h"
#include "log.h"
#include "xalloc.h"

char *
ldap_escape_filter(const char *in, size_t len)
{
	struct berval bin, bout;
	char *out;

	bin.bv_val = (char *)in;
	bin.bv_len = len;
	bout.bv_val = NULL;
	bout.bv_len = 0;
	if (ldap_bv2escaped_filter_value(&bin, &bout) != 0)
		log_panic("ldap_escape_filter: out of memory");
	out = xmemdup0(bout.bv_val != NULL ? bout.bv_val : "", bout.bv_len);
	ber_memfree(bout.bv_val);
	return out;
}

char *
ldap_escape_dn(const char *in, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c < 0x20 || c == 0x7f || (c == ' ' && i == len - 1)) {
			/*
			 * NUL and control bytes as hex pairs, never raw; a trailing
			 * space too, because libldap's parser rejects "\ " at the
			 * very end of a DN (a hex pair is equally valid RFC 4514).
			 */
			buf_appendc(&b, '\\');
			buf_appendc(&b, hex[c >> 4]);
			buf_appendc(&b, hex[c & 15]);
		} else if (strchr(",+\"\\<>;=", c) != NULL || (i == 0 && (c == ' ' || c == '#'))) {
			buf_appendc(&b, '\\');
			buf_appendc(&b, (char)c);
		} else {
			buf_appendc(&b, (char)c);
		}
	}
	return buf_detach(&b);
}
