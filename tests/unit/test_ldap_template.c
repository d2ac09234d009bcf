/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_ldap_template.c: saslauthd's token expansion, and the escaping per
 * context that saslauthd lacks. The expected strings are written out by
 * hand from RFC 4515/4514, not produced by the escaping code.
 */
#include <stdlib.h>

#include "ldap_template.h"
#include "t.h"
#include "xalloc.h"

struct tcase {
	const char *tpl;
	const char *login, *service, *realm, *dn;
	enum ldap_template_ctx ctx;
	const char *want;
};

static const struct tcase cases[] = {
        {"(uid=%u)", "alice", "smtp", "", NULL, LDAP_TPL_FILTER, "(uid=alice)"},
        {"(uid=%U)", "alice@example.org", "smtp", "", NULL, LDAP_TPL_FILTER, "(uid=alice)"},
        {"(mail=%u)", "alice@example.org", "", "", NULL, LDAP_TPL_FILTER,
         "(mail=alice@example.org)"},
        {"%d", "alice@example.org", "", "other.net", NULL, LDAP_TPL_FILTER, "example.org"},
        /* %d does not fall back to the realm, as in saslauthd. */
        {"[%d]", "alice", "", "example.org", NULL, LDAP_TPL_FILTER, "[]"},
        {"%1.%2.%3", "a@mail.example.org", "", "", NULL, LDAP_TPL_FILTER, "org.example.mail"},
        {"%1|%2|%4", "alice", "", "example.org", NULL, LDAP_TPL_FILTER, "org|example|"},
        {"%s/%r/%R", "a", "imap", "example.org", NULL, LDAP_TPL_FILTER,
         "imap/example.org/@example.org"},
        {"[%R]", "a", "imap", "", NULL, LDAP_TPL_FILTER, "[]"},
        {"100%%", "a", "", "", NULL, LDAP_TPL_FILTER, "100%"},
        {"a%xb%", "a", "", "", NULL, LDAP_TPL_FILTER, "ab"},
        /* Filter context: RFC 4515 specials escaped. */
        {"(uid=%u)", "alice)(uid=*", "", "", NULL, LDAP_TPL_FILTER, "(uid=alice\\29\\28uid=\\2A)"},
        {"(uid=%u)", "a\\b", "", "", NULL, LDAP_TPL_FILTER, "(uid=a\\5Cb)"},
        /* DN context: RFC 4514 specials escaped (\\, form), so a login cannot add RDNs. */
        {"uid=%u,ou=people,dc=example,dc=org", "bob,ou=people", "", "", NULL, LDAP_TPL_DN,
         "uid=bob\\,ou\\=people,ou=people,dc=example,dc=org"},
        {"uid=%u,dc=x", "a+b", "", "", NULL, LDAP_TPL_DN, "uid=a\\+b,dc=x"},
        {"uid=%u,dc=x", " lead", "", "", NULL, LDAP_TPL_DN, "uid=\\ lead,dc=x"},
        {"ou=%d,dc=x", "a@evil,dc=y", "", "", NULL, LDAP_TPL_DN, "ou=evil\\,dc\\=y,dc=x"},
        /* %D: raw in a DN, escaped in a filter. */
        {"(member=%D)", "a", "", "", "uid=a,dc=x", LDAP_TPL_FILTER, "(member=uid=a,dc=x)"},
        {"%D", "a", "", "", "uid=a,dc=x", LDAP_TPL_DN, "uid=a,dc=x"},
        {"(member=%D)", "a", "", "", "uid=a*,dc=x", LDAP_TPL_FILTER, "(member=uid=a\\2A,dc=x)"},
};

int
main(void)
{
	size_t i;
	char *out = NULL, *err = NULL, big[5000];
	struct ldap_template_vars v;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tcase *c = &cases[i];
		char what[64];

		v.login = c->login;
		v.service = c->service;
		v.realm = c->realm;
		v.dn = c->dn;
		snprintf(what, sizeof(what), "case %zu (%s)", i, c->tpl);
		T_CHECK(ldap_template_expand(c->tpl, &v, c->ctx, &out, &err) == PST_OK, "%s", what);
		T_STREQ(out, c->want, what);
		xfree(&out);
	}
	/* An expansion beyond the cap is refused, not truncated. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	v.login = big;
	v.service = v.realm = v.dn = NULL;
	T_CHECK(ldap_template_expand("(uid=%u)", &v, LDAP_TPL_FILTER, &out, &err) == PST_PERMFAIL,
	        "oversize expansion refused");
	T_CHECK(out == NULL && err != NULL, "no output, an error");
	xfree(&err);
	T_CHECK(ldap_template_uses("(uid=%u)(svc=%s)", 's'), "uses %%s");
	T_CHECK(!ldap_template_uses("(uid=%u)100%%s", 's'), "%%%%s is not %%s");
	T_CHECK(!ldap_template_uses("(uid=%u)", 'D'), "no %%D");
	return t_done("ldap_template");
}
