/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_account_policy.c: the account policy's parsers of directory and
 * configuration text: GeneralizedTime values (pwdChangedTime,
 * pwdAccountLockedTime) and the identity terms of a filter or DN template.
 * The input is "template\nlogin"; the time parser gets the whole input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "account_policy.h"
#include "ldap_template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *nl;
	struct acct_terms ts;
	time_t t;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	t = acct_gentime(buf, size);
	if (t != -1 && (size < 15 || buf[size - 1] != 'Z'))
		abort(); /* a time comes only from YYYYMMDDHHMMSS[.f]Z */
	nl = strchr(buf, '\n');
	if (nl != NULL) {
		struct ldap_template_vars v = {nl + 1, "imap", "example.org", NULL};

		*nl = '\0';
		for (int dn = 0; dn < 2; dn++) {
			const char *attrs[ACCT_TERMS_MAX + 2] = {NULL};
			size_t n = 0;

			acct_ident_terms(buf, &v, dn, &ts);
			if (ts.n > ACCT_TERMS_MAX)
				abort();
			acct_ident_attrs(&ts, attrs, &n, ACCT_TERMS_MAX + 1);
			if (n > ts.n || attrs[n] != NULL)
				abort();
			acct_ident_terms_free(&ts);
		}
	}
	free(buf);
	return 0;
}
