/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_cli_ldif.c: the LDIF reader behind "postinoctl import ldif", and its
 * strict base64 decoder. Records are rendered as "dn=..;attr=value;..." so
 * a table can state what each input must give.
 */
#include <string.h>

#include "../../cli/cli_ldif.h"
#include "buf.h"
#include "t.h"
#include "xalloc.h"

struct ldif_case {
	const char *name;
	const char *in;
	const char *want; /* records joined by '\n'; NULL: an error */
	const char *err;
};

static const struct ldif_case cases[] = {
        {"one record", "dn: uid=a,o=x\nuid: a\ncn: A\n", "dn=uid=a,o=x;uid=a;cn=A", NULL},
        {"version line", "version: 1\ndn: uid=a,o=x\nuid: a\n", "dn=uid=a,o=x;uid=a", NULL},
        {"version then blank", "version: 1\n\ndn: uid=a,o=x\nuid: a\n", "dn=uid=a,o=x;uid=a", NULL},
        {"two records", "dn: a=1\nx: 1\n\n\ndn: a=2\nx: 2\n", "dn=a=1;x=1\ndn=a=2;x=2", NULL},
        {"CRLF", "dn: a=1\r\nx: 1\r\n\r\ndn: a=2\r\n", "dn=a=1;x=1\ndn=a=2", NULL},
        {"folded line", "dn: a=1\ndescription: one\n  two\n", "dn=a=1;description=one two", NULL},
        {"folded dn", "dn: uid=a,\n o=x\nx: 1\n", "dn=uid=a,o=x;x=1", NULL},
        {"base64 value", "dn: a=1\ncn:: SsO2cmc=\n", "dn=a=1;cn=J\xc3\xb6rg", NULL},
        {"base64 dn", "dn:: dWlkPWEsbz14\nx: 1\n", "dn=uid=a,o=x;x=1", NULL},
        {"comments", "# c1\n#  folded comment\n  still comment\ndn: a=1\n# inside\nx: 1\n",
         "dn=a=1;x=1", NULL},
        {"changetype add", "dn: a=1\nchangetype: add\nx: 1\n", "dn=a=1;x=1", NULL},
        {"attribute options", "dn: a=1\ncn;lang-it: Giorgio\n", "dn=a=1;cn;lang-it=Giorgio", NULL},
        {"no space after colon", "dn:a=1\nx:1\n", "dn=a=1;x=1", NULL},
        {"empty value", "dn: a=1\ndescription:\n", "dn=a=1;description=", NULL},
        {"empty input", "", "", NULL},
        {"only comments", "# nothing\n\n", "", NULL},
        {"changetype modify", "dn: a=1\nchangetype: modify\nreplace: cn\n", NULL,
         "only content and \"changetype: add\""},
        {"changetype delete", "dn: a=1\nchangetype: delete\n", NULL, "only content"},
        {"late changetype", "dn: a=1\nx: 1\nchangetype: add\n", NULL, "only content"},
        {"control", "dn: a=1\ncontrol: 1.2.3\n", NULL, "only content"},
        {"URL value", "dn: a=1\njpegPhoto:< file:///etc/shadow\n", NULL, "URL values"},
        {"no dn", "uid: a\ncn: A\n", NULL, "must start with \"dn:\""},
        {"version 2", "version: 2\ndn: a=1\n", NULL, "version 1"},
        {"bad base64", "dn: a=1\ncn:: SsO2cmc\n", NULL, "bad base64"},
        {"bad attribute name", "dn: a=1\nc n: x\n", NULL, "bad attribute name"},
        {"no colon", "dn: a=1\njust text\n", NULL, "expected \"attribute: value\""},
        {"NUL in dn", "dn:: YQBi\nx: 1\n", NULL, "must start with"},
};

static char *
run(const char *in, size_t len, char **err_r)
{
	struct ldif_reader r;
	struct ldif_record *rec;
	struct buf out = BUF_INIT;
	int rc, first = 1;

	ldif_init(&r, in, len);
	while ((rc = ldif_next(&r, &rec, err_r)) > 0) {
		if (!first)
			buf_appendc(&out, '\n');
		first = 0;
		buf_appendf(&out, "dn=%s", rec->dn);
		for (size_t i = 0; i < rec->n; i++)
			buf_appendf(&out, ";%s=%s", rec->a[i].name, rec->a[i].value);
		ldif_record_free(&rec);
	}
	if (rc < 0) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

static void
test_base64(void)
{
	static const struct {
		const char *in, *want;
	} ok[] = {
	        {"", ""},        {"YQ==", "a"},        {"YWI=", "ab"},
	        {"YWJj", "abc"}, {"YWJjZA==", "abcd"}, {"SsO2cmc= ", "J\xc3\xb6rg"},
	};
	static const char *const bad[] = {
	        "Y", "YQ=", "Y===", "YQ==YQ==", "YW=j", "YW J", "Y*==", "=AAA"};
	size_t n;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		char *got = ldif_base64_decode(ok[i].in, strlen(ok[i].in), &n);

		T_STREQ(got, ok[i].want, ok[i].in);
		T_CHECK(got != NULL && n == strlen(ok[i].want), "length of %s", ok[i].in);
		xfree(&got);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *got = ldif_base64_decode(bad[i], strlen(bad[i]), &n);

		T_CHECK(got == NULL, "bad base64 \"%s\" refused", bad[i]);
		xfree(&got);
	}
}

static void
test_binary_value(void)
{
	const char in[] = "dn: a=1\nx:: YQBi\n";
	struct ldif_reader r;
	struct ldif_record *rec = NULL;
	char *err = NULL;

	ldif_init(&r, in, sizeof(in) - 1);
	T_CHECK(ldif_next(&r, &rec, &err) == 1, "record with a binary value read");
	T_CHECK(rec != NULL && rec->n == 1 && rec->a[0].len == 3 && rec->a[0].value[1] == '\0',
	        "binary value kept with its length");
	ldif_record_free(&rec);
	xfree(&err);
}

static void
test_limits(void)
{
	struct buf in = BUF_INIT;
	char *err = NULL, *got;

	buf_appends(&in, "dn: a=1\ndescription: ");
	for (int i = 0; i < LDIF_LINE_MAX; i++)
		buf_appendc(&in, i % 70 == 69 ? '\n' : 'x');
	/* every 70th byte became a line break: make each following line a continuation */
	for (size_t i = 0; i < in.len; i++)
		if (in.data[i] == '\n' && i > 20)
			in.data[i] = ' ';
	buf_appendc(&in, '\n');
	got = run(in.data, in.len, &err);
	T_CHECK(got == NULL && err != NULL && strstr(err, "longer than") != NULL,
	        "a logical line over the cap is refused (%s)", err ? err : "accepted");
	xfree(&got);
	xfree(&err);
	buf_reset(&in);
	buf_appends(&in, "dn: a=1\n");
	for (int i = 0; i <= LDIF_ATTRS_MAX; i++)
		buf_appends(&in, "description: x\n");
	got = run(in.data, in.len, &err);
	T_CHECK(got == NULL && err != NULL && strstr(err, "too large") != NULL,
	        "too many attributes refused");
	xfree(&got);
	xfree(&err);
	buf_free(&in);
}

int
main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ldif_case *c = &cases[i];
		char *err = NULL;
		char *got = run(c->in, strlen(c->in), &err);

		if (c->want != NULL) {
			T_STREQ(got, c->want, c->name);
		} else {
			T_CHECK(got == NULL, "%s: must fail", c->name);
			T_CHECK(err != NULL && strstr(err, c->err) != NULL, "%s: error \"%s\"",
			        c->name, err ? err : "(none)");
		}
		xfree(&got);
		xfree(&err);
	}
	test_base64();
	test_binary_value();
	test_limits();
	return t_done("test_cli_ldif");
}
