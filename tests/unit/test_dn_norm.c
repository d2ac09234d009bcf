/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_dn_norm.c: certificate subject normalization.
 *
 * The paired spellings in the first table were printed by OpenSSL itself
 * (`openssl x509 -noout -subject -nameopt compat` and `-nameopt RFC2253`
 * on the same certificate), so they are an oracle independent of our code.
 */
#include <stdlib.h>
#include <string.h>

#include "dn_norm.h"
#include "t.h"

static void
test_pairs(void)
{
	static const struct {
		const char *a, *b, *want;
	} cases[] = {
	        {"/C=IT/OU=People+O=Example\\/Sub/CN=Carol Example/emailAddress=carol@example.org",
	         "emailAddress=carol@example.org,CN=Carol Example,O=Example/Sub+OU=People,C=IT",
	         "EMAILADDRESS=carol@example.org,CN=Carol Example,O=Example/Sub+OU=People,C=IT"},
	        {"/C=IT/O=A/CN=Jos\\xC3\\xA9 #1 /OU=x\\/y", "OU=x/y,CN=Jos\\C3\\A9 #1\\ ,O=A,C=IT",
	         "OU=x/y,CN=Jos\xc3\xa9 #1\\20,O=A,C=IT"},
	        {"/C=IT/O=Example/OU=People/CN=Carol Example",
	         "CN=Carol Example,OU=People,O=Example,C=IT",
	         "CN=Carol Example,OU=People,O=Example,C=IT"},
	        {"/C=IT/O=Example/OU=People/CN=Carol Example",
	         "cn=Carol Example, ou=People, o=Example, c=IT",
	         "CN=Carol Example,OU=People,O=Example,C=IT"},
	        {"/DC=org/DC=example/UID=alice", "uid=alice,dc=example,dc=org",
	         "UID=alice,DC=example,DC=org"},
	        {"/C=IT/O=INFN/CN=Mario Rossi/Email=mario@infn.it",
	         "1.2.840.113549.1.9.1=mario@infn.it,2.5.4.3=Mario Rossi,O=INFN,C=IT",
	         "EMAILADDRESS=mario@infn.it,CN=Mario Rossi,O=INFN,C=IT"},
	        {"/O=A, B/CN=x", "CN=x,O=A\\, B", "CN=x,O=A\\, B"},
	        {"/O=a+b/CN=x", "CN=x,O=a\\+b", "CN=x,O=a\\+b"},
	        {"/CN=x/ST=Lazio/L=Roma", "L=Roma,ST=Lazio,CN=x", "L=Roma,ST=Lazio,CN=x"},
	        {"/CN=a=b", "CN=a\\=b", "CN=a\\=b"},
	        {"/CN=x/1.2.3.4=y", "1.2.3.4=y,CN=x", "1.2.3.4=y,CN=x"},
	        {"  /CN=x\n", "CN=x", "CN=x"},
	        /* Older OpenSSL: '/' in a value not escaped. */
	        {"/O=Example/Sub/CN=x", "CN=x,O=Example/Sub", "CN=x,O=Example/Sub"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *na = NULL, *nb = NULL;
		enum pst_result ra = dn_normalize(cases[i].a, strlen(cases[i].a), &na);
		enum pst_result rb = dn_normalize(cases[i].b, strlen(cases[i].b), &nb);

		T_CHECK(ra == PST_OK && rb == PST_OK, "pair %zu parses", i);
		T_STREQ(na, cases[i].want, cases[i].a);
		T_STREQ(nb, cases[i].want, cases[i].b);
		/* The normal form is a fixed point. */
		if (na != NULL) {
			char *again = NULL;

			T_CHECK(dn_normalize(na, strlen(na), &again) == PST_OK, "renormalize");
			T_STREQ(again, na, "fixed point");
			free(again);
		}
		free(na);
		free(nb);
	}
}

static void
test_xtext(void)
{
	static const struct {
		const char *in;
		const char *want; /* NULL = refused */
	} cases[] = {
	        {"plain", "plain"}, {"a+2Cb", "a,b"},
	        {"a+2Bb", "a+b"},   {"Carol+20Example", "Carol Example"},
	        {"CN+3Dx", "CN=x"}, {"+2c", ","},
	        {"", ""},           {"a+", NULL},
	        {"a+2", NULL},      {"+GG", NULL},
	        {"+2G", NULL},      {"x+00y", NULL},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = NULL;
		enum pst_result r = dn_xtext_decode(cases[i].in, strlen(cases[i].in), &out);

		if (cases[i].want == NULL) {
			T_CHECK(r == PST_PERMFAIL && out == NULL, "xtext %s refused", cases[i].in);
		} else {
			T_CHECK(r == PST_OK, "xtext %s", cases[i].in);
			T_STREQ(out, cases[i].want, cases[i].in);
		}
		free(out);
	}
	{
		/* sendmail's ${cert_subject}: xtext over the oneline form. */
		const char *sm = "/C+3DIT/O+3DExample/OU+3DPeople/CN+3DCarol+20Example";
		char *dec = NULL, *norm = NULL;

		T_CHECK(dn_xtext_decode(sm, strlen(sm), &dec) == PST_OK, "sendmail decode");
		T_CHECK(dec && dn_normalize(dec, strlen(dec), &norm) == PST_OK, "sendmail norm");
		T_STREQ(norm, "CN=Carol Example,OU=People,O=Example,C=IT", "sendmail subject");
		free(dec);
		free(norm);
	}
}

static void
test_rejects(void)
{
	static const char *const bad[] = {
	        "",
	        "   ",
	        "alice",
	        "carol@example.org",
	        "/",
	        "/C",
	        "/=IT",
	        "//",
	        "/C=IT//",
	        "/C=",
	        "/C=IT/O=x\\",
	        "CN",
	        "=x",
	        "CN=x,,O=y",
	        "CN=#0403616263",
	        "+C=IT",
	        "/C=IT+",
	        "/c n=x",
	        "/9N=x",
	        "/CN=\\xE9",
	        "CN=\\E9",
	        "1..2=x",
	        "CN=\\ED\\A0\\80",
	        "CN=x,O",
	        "/-x=y",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *out = NULL;

		T_CHECK(dn_normalize(bad[i], strlen(bad[i]), &out) == PST_PERMFAIL && out == NULL,
		        "rejected \"%s\" (got %s)", bad[i], out ? out : "-");
		free(out);
	}
	{
		char *out = NULL;

		T_CHECK(dn_normalize("CN=a\0b", 6, &out) == PST_PERMFAIL, "embedded NUL");
		T_CHECK(dn_normalize("/CN=a\\x00b", 10, &out) == PST_PERMFAIL, "escaped NUL");
		free(out);
	}
	{
		/* 1,500 DEL bytes fit the input bound; escaped (\7F) they do not. */
		char in[1600], *out = NULL;

		memcpy(in, "/CN=", 4);
		memset(in + 4, 0x7f, 1500);
		T_CHECK(dn_normalize(in, 1504, &out) == PST_PERMFAIL && out == NULL,
		        "a normal form longer than any input is refused");
		free(out);
		memset(in + 4, 0x7f, 1000);
		T_CHECK(dn_normalize(in, 1004, &out) == PST_OK && out != NULL &&
		                strlen(out) == 3003,
		        "a shorter one is not");
		free(out);
	}
}

/* Typed subjects: a bare "/" or "+" inside a oneline value is refused. */
static void
test_strict(void)
{
	static const char *bad[] = {
	        "/CN=x/CN", "/O=Example/Sub/CN=x", "/O=a+b/CN=x",
	        "/CN=x/",   "/CN=x/ CN=y",         "/CN=a=b/c",
	};
	static const struct {
		const char *in, *want;
	} good[] = {
	        {"/CN=x\\/CN", "CN=x/CN"},
	        {"/O=Example\\/Sub/CN=x", "CN=x,O=Example/Sub"},
	        {"/O=a\\+b/CN=x", "CN=x,O=a\\+b"},
	        {"/C=IT/OU=People+O=Example/CN=x", "CN=x,O=Example+OU=People,C=IT"},
	        {"CN=x/CN,O=y", "CN=x/CN,O=y"},
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *out = NULL;

		T_CHECK(dn_normalize_strict(bad[i], strlen(bad[i]), &out) == PST_PERMFAIL &&
		                out == NULL,
		        "strict: rejected \"%s\" (got %s)", bad[i], out ? out : "-");
		free(out);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char *out = NULL, *tol = NULL;

		T_CHECK(dn_normalize_strict(good[i].in, strlen(good[i].in), &out) == PST_OK,
		        "strict: accepted \"%s\"", good[i].in);
		T_STREQ(out, good[i].want, good[i].in);
		T_CHECK(dn_normalize(good[i].in, strlen(good[i].in), &tol) == PST_OK &&
		                out != NULL && strcmp(out, tol) == 0,
		        "tolerant parser agrees on \"%s\"", good[i].in);
		free(out);
		free(tol);
	}
}

int
main(void)
{
	test_pairs();
	test_strict();
	test_xtext();
	test_rejects();
	return t_done("dn_norm");
}
