/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldap_csn.c: serverID extraction and ordering of CSNs (ldap_csn.h).
 */
#include <string.h>

#include "ldap_csn.h"

/* Length of the time stamp "YYYYmmddHHMMSS.uuuuuuZ". */
#define CSN_TIME_LEN 22

void
ldap_csn_sid(const char *csn, char out[8])
{
	const char *p = strchr(csn, '#');
	size_t n = 0;

	out[0] = '\0';
	if (p == NULL || (p = strchr(p + 1, '#')) == NULL)
		return;
	for (p++; p[n] != '\0' && p[n] != '#' && n < 7; n++)
		out[n] = p[n];
	out[n] = '\0';
}

int
ldap_csn_later(const char *a, const char *b)
{
	char sa[8], sb[8];

	if (strlen(a) < CSN_TIME_LEN || strlen(b) < CSN_TIME_LEN)
		return 0;
	ldap_csn_sid(a, sa);
	ldap_csn_sid(b, sb);
	if (sa[0] != '\0' && strcmp(sa, sb) == 0)
		return strcmp(a, b) >= 0;
	return strncmp(a, b, CSN_TIME_LEN) >= 0;
}

int
ldap_csn_covered(const char *const *ctx, int n, const char *csn)
{
	char want[8], sid[8];
	int i, any;

	ldap_csn_sid(csn, want);
	if (want[0] == '\0')
		return 0;
	any = strcmp(want, LDAP_CSN_ANY) == 0;
	for (i = 0; i < n; i++) {
		ldap_csn_sid(ctx[i], sid);
		if (sid[0] == '\0')
			continue;
		if (any ? strcmp(sid, "000") != 0 && ldap_csn_later(ctx[i], csn)
		        : strcmp(sid, want) == 0 && ldap_csn_later(ctx[i], csn))
			return 1;
	}
	return 0;
}
