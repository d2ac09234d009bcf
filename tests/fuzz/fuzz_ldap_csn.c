/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_ldap_csn.c: CSN values as a directory may send them (contextCSN,
 * entryCSN). The input is split at newlines: the first line is the change,
 * the others the contextCSN values. Checks: a change always covers itself
 * when it has a serverID other than "*", and ordering is reflexive.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ldap_csn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *p, sid[8];
	const char *v[16];
	int n = 0;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (p = buf; n < 16;) {
		char *nl = strchr(p, '\n');

		v[n++] = p;
		if (nl == NULL)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	ldap_csn_sid(v[0], sid);
	if (strlen(sid) > 7)
		abort();
	if (strlen(v[0]) >= 22 && !ldap_csn_later(v[0], v[0]))
		abort();
	if (sid[0] != '\0' && strcmp(sid, "*") != 0 && strcmp(sid, "000") != 0 &&
	    strlen(v[0]) >= 22 && !ldap_csn_covered(v, 1, v[0]))
		abort();
	(void)ldap_csn_covered(v + 1, n - 1, v[0]);
	if (n > 1)
		(void)ldap_csn_later(v[0], v[1]);
	free(buf);
	return 0;
}
