/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_ldap_escape.c: filter (RFC 4515) and DN value (RFC 4514) escaping,
 * with the injection attempts each must neutralise.
 */
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "ldap_escape.h"
#include "t.h"

struct esc_case {
	const char *in;
	size_t len;
	const char *want;
};

static void
test_filter(void)
{
	static const struct esc_case cases[] = {
	        {"alice", 5, "alice"},
	        {"*)(uid=*", 8, "\\2A\\29\\28uid=\\2A"},
	        {"*", 1, "\\2A"},
	        {"a\\b", 3, "a\\5Cb"},
	        {"a\0b", 3, "a\\00b"},
	        {",cn=admin", 9, ",cn=admin"},
	        {"x)(|(objectClass=*)", 19, "x\\29\\28|\\28objectClass=\\2A\\29"},
	        {"\xc3\xa9t\xc3\xa9", 5, "\\C3\\A9t\\C3\\A9"},
	        {"", 0, ""},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = ldap_escape_filter(cases[i].in, cases[i].len);

		T_STREQ(got, cases[i].want, cases[i].in);
		free(got);
	}
}

static void
test_dn(void)
{
	static const struct esc_case cases[] = {
	        {"alice", 5, "alice"},
	        {"bob,ou=svc", 10, "bob\\,ou\\=svc"},
	        {",cn=admin", 9, "\\,cn\\=admin"},
	        {"a+b", 3, "a\\+b"},
	        {"a=b", 3, "a\\=b"},
	        {"\"q\"", 3, "\\\"q\\\""},
	        {"<x>;", 4, "\\<x\\>\\;"},
	        {"a\\b", 3, "a\\\\b"},
	        {"#hash", 5, "\\#hash"},
	        {"a#b", 3, "a#b"},
	        {" lead", 5, "\\ lead"},
	        {"trail ", 6, "trail\\20"},
	        {" ", 1, "\\20"},
	        {"  ", 2, "\\ \\20"},
	        {"mid dle", 7, "mid dle"},
	        {"a\0b", 3, "a\\00b"},
	        {"tab\t", 4, "tab\\09"},
	        {"*)(uid=*", 8, "*)(uid\\=*"},
	        {"\xc3\xa9t\xc3\xa9", 5, "\xc3\xa9t\xc3\xa9"},
	        {"", 0, ""},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = ldap_escape_dn(cases[i].in, cases[i].len);

		T_STREQ(got, cases[i].want, cases[i].in);
		free(got);
	}
}

/*
 * An oracle independent of our escaper: libldap's own DN parser must read
 * "uid=<escaped>,ou=people" back as exactly two RDNs whose first value is
 * the original input, byte for byte.
 */
static void
test_dn_roundtrip(void)
{
	static const struct esc_case inputs[] = {
	        {"bob,ou=svc,dc=example", 21, NULL},
	        {"a+cn=x", 6, NULL},
	        {"#01", 3, NULL},
	        {"  spaced  ", 10, NULL},
	        {"q\"<>;\\", 6, NULL},
	        {"n\0l", 3, NULL},
	        {"\xc3\xa9t\xc3\xa9", 5, NULL},
	        {"x ", 2, NULL},
	        {" ", 1, NULL},
	};
	size_t i;

	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		char *esc = ldap_escape_dn(inputs[i].in, inputs[i].len);
		size_t dnlen = strlen(esc) + 32;
		char *dn = malloc(dnlen);
		LDAPDN parsed = NULL;
		int rc;

		/* Alone: the value ends the DN, where libldap is strictest. */
		snprintf(dn, dnlen, "uid=%s", esc);
		T_CHECK(ldap_str2dn(dn, &parsed, LDAP_DN_FORMAT_LDAPV3) == LDAP_SUCCESS &&
		                parsed[0][0]->la_value.bv_len == inputs[i].len,
		        "alone: %s", dn);
		ldap_dnfree(parsed);
		parsed = NULL;
		snprintf(dn, dnlen, "uid=%s,ou=people", esc);
		rc = ldap_str2dn(dn, &parsed, LDAP_DN_FORMAT_LDAPV3);
		T_CHECK(rc == LDAP_SUCCESS, "parse %s", dn);
		if (rc == LDAP_SUCCESS) {
			T_CHECK(parsed[0] != NULL && parsed[1] != NULL && parsed[2] == NULL,
			        "two RDNs for input %zu", i);
			T_CHECK(parsed[0][1] == NULL, "single-valued RDN for input %zu", i);
			T_CHECK(parsed[0][0]->la_value.bv_len == inputs[i].len &&
			                memcmp(parsed[0][0]->la_value.bv_val, inputs[i].in,
			                       inputs[i].len) == 0,
			        "value round trip for input %zu", i);
			ldap_dnfree(parsed);
		}
		free(dn);
		free(esc);
	}
}

int
main(void)
{
	test_filter();
	test_dn();
	test_dn_roundtrip();
	return t_done("ldap_escape");
}
