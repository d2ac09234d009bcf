/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_saslplugin_cert.c: certificate identities (both DN spellings, bare
 * CNs, refusals), the CN presence check, trusted-issuer lists, and the
 * subject/CN rules.
 */
#include <stdlib.h>
#include <string.h>

#include "cert_ident.h"
#include "cert_rules.h"
#include "xalloc.h"
#include "t.h"

static void
ident(const char *in, enum pst_result want, enum cert_kind want_kind, const char *want_out)
{
	enum cert_kind kind = CERT_CN;
	const char *why = NULL;
	char *out = NULL;
	enum pst_result r = cert_ident_parse(in, strlen(in), &kind, &out, &why);

	T_CHECK(r == want, "\"%s\": result %d, want %d", in, (int)r, (int)want);
	if (r == PST_OK && want == PST_OK) {
		T_CHECK(kind == want_kind, "\"%s\": kind %d", in, (int)kind);
		if (want_out != NULL)
			T_STREQ(out, want_out, in);
	}
	if (r != PST_OK)
		T_CHECK(why != NULL && *why != '\0', "\"%s\": a reason is given", in);
	xfree(&out);
}

static void
test_ident(void)
{
	char *a = NULL, *b = NULL, big[CERT_IDENT_MAX + 2];
	enum cert_kind k;
	const char *why;

	ident("/C=IT/O=Example/OU=People/CN=Carol+20Example", PST_OK, CERT_DN, NULL);
	ident("CN=Carol Example,OU=People,O=Example,C=IT", PST_OK, CERT_DN, NULL);
	ident("Carol Example", PST_OK, CERT_CN, "Carol Example");
	ident("carol", PST_OK, CERT_CN, "carol");
	ident("/C=IT/O=Ex+ZZample", PST_PERMFAIL, CERT_DN, NULL);
	ident("", PST_PERMFAIL, CERT_DN, NULL);

	/* Both spellings of one subject normalize to the same string. */
	const char *one = "/C=IT/O=Example/OU=People/CN=Carol+20Example";
	const char *rfc = "CN=Carol Example,OU=People,O=Example,C=IT";

	T_CHECK(cert_ident_parse(one, strlen(one), &k, &a, &why) == PST_OK, "oneline parses");
	T_CHECK(cert_ident_parse(rfc, strlen(rfc), &k, &b, &why) == PST_OK, "RFC 4514 parses");
	T_STREQ(a, b, "both spellings agree");
	T_STREQ(a, "CN=Carol Example,OU=People,O=Example,C=IT", "the normal form");
	xfree(&a);
	xfree(&b);

	/* NUL bytes and oversized identities are refused before any parsing. */
	T_CHECK(cert_ident_parse("CN=a\0b", 6, &k, &a, &why) == PST_PERMFAIL, "NUL refused");
	memset(big, 'a', sizeof(big));
	big[0] = 'x';
	T_CHECK(cert_ident_parse(big, sizeof(big), &k, &a, &why) == PST_PERMFAIL,
	        "oversized refused");
	T_CHECK(a == NULL, "nothing returned on refusal");
}

static void
test_has_cn(void)
{
	T_CHECK(cert_dn_has_cn("CN=x,O=y"), "CN first");
	T_CHECK(cert_dn_has_cn("EMAILADDRESS=a@b,CN=x,O=y"), "CN second");
	T_CHECK(cert_dn_has_cn("UID=x+CN=y,O=z"), "CN in a multi-valued RDN");
	T_CHECK(!cert_dn_has_cn("O=Example,C=IT"), "no CN");
	T_CHECK(!cert_dn_has_cn("O=A\\,CN=fake,C=IT"), "an escaped comma does not start an RDN");
	T_CHECK(!cert_dn_has_cn("O=ACN=x"), "CN= inside a value");
	T_CHECK(!cert_dn_has_cn(""), "empty");
}

static void
test_issuers(void)
{
	char *err = NULL;
	char **l = cert_issuers_parse(" CN=Root CA,O=Example,C=IT ; /C=IT/O=Other/CN=Other+20CA",
	                              &err);

	T_CHECK(l != NULL, "two issuers parse: %s", err ? err : "");
	if (l == NULL)
		return;
	T_CHECK(l[0] != NULL && l[1] != NULL && l[2] == NULL, "two elements");
	T_CHECK(cert_issuer_trusted(l, "/C=IT/O=Example/CN=Root+20CA") == PST_OK,
	        "trusted, oneline spelling");
	T_CHECK(cert_issuer_trusted(l, "CN=Other CA,O=Other,C=IT") == PST_OK,
	        "trusted, RFC 4514 spelling");
	T_CHECK(cert_issuer_trusted(l, "cn=root ca,o=example,c=it") == PST_OK,
	        "case does not matter");
	T_CHECK(cert_issuer_trusted(l, "CN=Evil CA,O=Example,C=IT") == PST_PERMFAIL, "untrusted");
	T_CHECK(cert_issuer_trusted(l, NULL) == PST_PERMFAIL, "unknown issuer fails closed");
	T_CHECK(cert_issuer_trusted(l, "") == PST_PERMFAIL, "empty issuer fails closed");
	T_CHECK(cert_issuer_trusted(NULL, "CN=Root CA,O=Example,C=IT") == PST_PERMFAIL, "no list");
	cert_issuers_free(&l);
	T_CHECK(l == NULL, "free NULLs the pointer");

	T_CHECK(cert_issuers_parse("not a dn", &err) == NULL && err != NULL, "a non-DN is refused");
	xfree(&err);
	T_CHECK(cert_issuers_parse(" ; ", &err) == NULL && err != NULL, "an empty list is refused");
	xfree(&err);
	l = cert_issuers_parse("CN=A\\;B,O=X", &err);
	T_CHECK(l != NULL && l[1] == NULL, "an escaped ';' does not split");
	cert_issuers_free(&l);
}

static void
test_rules(void)
{
	char *pats[3] = {"^CN=([a-z]+),OU=People,O=Example,C=IT$", NULL,
	                 "^CN=([A-Za-z]+) Example,OU=Staff,O=Example,C=IT$"};
	char *bad[1] = {"^CN=("}, *nocap[1] = {"^CN=x$"}, *partial[1] = {"CN=([a-z]+)"};
	struct cert_rules *r, *p;
	char *err = NULL, *name = NULL;

	r = cert_rules_new(pats, 3, "rule", &err);
	T_CHECK(r != NULL && cert_rules_count(r) == 2, "two rules (one slot empty)");
	T_CHECK(cert_rules_match(r, "CN=alice,OU=People,O=Example,C=IT", &name) == PST_OK,
	        "first rule");
	T_STREQ(name, "alice", "capture of the first rule");
	xfree(&name);
	T_CHECK(cert_rules_match(r, "CN=Bob Example,OU=Staff,O=Example,C=IT", &name) == PST_OK,
	        "third slot's rule");
	T_STREQ(name, "Bob", "capture of the later rule");
	xfree(&name);
	T_CHECK(cert_rules_match(r, "CN=Alice,OU=People,O=Example,C=IT", &name) == PST_PERMFAIL,
	        "no rule matches");
	T_CHECK(name == NULL, "no name on failure");
	cert_rules_free(&r);

	T_CHECK(cert_rules_new(bad, 1, "rule", &err) == NULL && err != NULL, "bad regex refused");
	xfree(&err);
	T_CHECK(cert_rules_new(nocap, 1, "rule", &err) == NULL && err != NULL,
	        "a rule without a capture is refused");
	xfree(&err);

	/* Unanchored rules still have to match the whole subject. */
	p = cert_rules_new(partial, 1, "rule", &err);
	T_CHECK(p != NULL, "unanchored rule compiles");
	T_CHECK(cert_rules_match(p, "CN=carol", &name) == PST_OK, "whole match");
	xfree(&name);
	T_CHECK(cert_rules_match(p, "CN=carol,OU=People,O=Evil", &name) == PST_PERMFAIL,
	        "a partial match is not enough");
	cert_rules_free(&p);
	T_CHECK(cert_rules_match(NULL, "CN=x", &name) == PST_PERMFAIL, "no rules: no match");
}

/* ident_as - one identity under one host mode */
static void
ident_as(enum cert_ident_mode mode, const char *in, enum pst_result want, enum cert_kind want_kind,
         const char *want_out)
{
	enum cert_kind kind = CERT_DN;
	const char *why = NULL;
	char *out = NULL;
	enum pst_result r = cert_ident_parse_as(mode, in, strlen(in), &kind, &out, &why);

	T_CHECK(r == want, "mode %d \"%s\": result %d, want %d", (int)mode, in, (int)r, (int)want);
	if (r == PST_OK && want == PST_OK) {
		T_CHECK(kind == want_kind, "mode %d \"%s\": kind %d", (int)mode, in, (int)kind);
		T_STREQ(out, want_out, in);
	}
	if (r != PST_OK)
		T_CHECK(why != NULL && *why != '\0', "mode %d \"%s\": a reason", (int)mode, in);
	xfree(&out);
}

/* test_ident_mode - postino_cert_ident: what the host hands over decides the kind */
static void
test_ident_mode(void)
{
	const char *dn_cn = "CN=carol,OU=People,O=Example,C=IT";

	/* auto: today's guess. */
	ident_as(CERT_IDENT_AUTO, dn_cn, PST_OK, CERT_DN, dn_cn);
	ident_as(CERT_IDENT_AUTO, "Carol Example", PST_OK, CERT_CN, "Carol Example");
	/* cn: a CN that reads like a DN stays a CN, unchanged, never a subject. */
	ident_as(CERT_IDENT_CN, dn_cn, PST_OK, CERT_CN, dn_cn);
	ident_as(CERT_IDENT_CN, "/C=IT/O=Example/CN=carol", PST_OK, CERT_CN,
	         "/C=IT/O=Example/CN=carol");
	ident_as(CERT_IDENT_CN, "Carol Example", PST_OK, CERT_CN, "Carol Example");
	ident_as(CERT_IDENT_CN, "", PST_PERMFAIL, CERT_CN, NULL);
	/* subject: only a whole subject, in either spelling. */
	ident_as(CERT_IDENT_SUBJECT, "/C=IT/O=Example/OU=People/CN=carol", PST_OK, CERT_DN, dn_cn);
	ident_as(CERT_IDENT_SUBJECT, dn_cn, PST_OK, CERT_DN, dn_cn);
	ident_as(CERT_IDENT_SUBJECT, "carol", PST_PERMFAIL, CERT_DN, NULL);
	ident_as(CERT_IDENT_SUBJECT, "Carol Example", PST_PERMFAIL, CERT_DN, NULL);
	ident_as(CERT_IDENT_SUBJECT, "/C=IT/O=Ex+ZZ", PST_PERMFAIL, CERT_DN, NULL);
}

int
main(void)
{
	test_ident();
	test_ident_mode();
	test_has_cn();
	test_issuers();
	test_rules();
	return t_done("test_saslplugin_cert");
}
