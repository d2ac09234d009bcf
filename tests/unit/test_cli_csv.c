/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_cli_csv.c: the RFC 4180 reader behind "postinoctl import csv".
 * Each case is a whole input and the records (fields joined with '|') or
 * the error it must give.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "../../cli/cli_csv.h"
#include "t.h"
#include "xalloc.h"

struct csv_case {
	const char *name;
	const char *in;
	size_t len;       /* 0: strlen(in) */
	const char *want; /* records joined by '\n', fields by '|'; NULL: an error */
	const char *err;  /* substring of the error */
};

static const struct csv_case cases[] = {
        {"simple", "a,b,c\n1,2,3\n", 0, "a|b|c\n1|2|3", NULL},
        {"no final newline", "a,b\n1,2", 0, "a|b\n1|2", NULL},
        {"CRLF", "a,b\r\n1,2\r\n", 0, "a|b\n1|2", NULL},
        {"bare CR at the very end", "a,b\r", 0, "a|b", NULL},
        {"empty fields", "a,,c\n,,\n", 0, "a||c\n||", NULL},
        {"quoted comma", "\"Doe, Jane\",x\n", 0, "Doe, Jane|x", NULL},
        {"doubled quote", "\"say \"\"hi\"\"\",x\n", 0, "say \"hi\"|x", NULL},
        {"quoted newline", "\"two\nlines\",x\ny,z\n", 0, "two\nlines|x\ny|z", NULL},
        {"empty quoted", "\"\",x\n", 0, "|x", NULL},
        {"blank lines skipped", "\n\na\n\n\nb\n", 0, "a\nb", NULL},
        {"comment lines skipped", "# header comment\na,b\n# another\n1,2\n", 0, "a|b\n1|2", NULL},
        {"BOM skipped", "\xef\xbb\xbfuid\nx\n", 0, "uid\nx", NULL},
        {"UTF-8 passes", "J\xc3\xb6rg,\xe2\x82\xac\n", 0, "J\xc3\xb6rg|\xe2\x82\xac", NULL},
        {"hash inside a record is data", "a,#b\n", 0, "a|#b", NULL},
        {"unclosed quote", "\"abc,d\n", 0, NULL, "quoted field not closed"},
        {"text after closing quote", "\"a\"b,c\n", 0, NULL, "text after a closing quote"},
        {"quote in unquoted field", "ab\"c,d\n", 0, NULL, "quote inside an unquoted field"},
        {"stray CR", "a\rb,c\n", 0, NULL, "stray carriage return"},
        {"NUL byte", "a\0b,c\n", 6, NULL, "NUL byte"},
        {"NUL in quotes", "\"a\0b\",c\n", 8, NULL, "NUL byte"},
};

/* run - all records of in, joined, or NULL with *err_r */
static char *
run(const char *in, size_t len, char **err_r)
{
	struct csv_reader r;
	struct buf out = BUF_INIT;
	char **f;
	size_t n, line;
	int rc, first = 1;

	csv_init(&r, in, len);
	while ((rc = csv_next(&r, &f, &n, &line, err_r)) > 0) {
		if (!first)
			buf_appendc(&out, '\n');
		first = 0;
		for (size_t i = 0; i < n; i++) {
			if (i > 0)
				buf_appendc(&out, '|');
			buf_appends(&out, f[i]);
		}
		csv_fields_free(&f);
	}
	if (rc < 0) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

static void
test_limits(void)
{
	struct buf in = BUF_INIT;
	char *err = NULL, *got;

	/* A field one byte over the cap, and one exactly at it. */
	for (int i = 0; i < CSV_FIELD_MAX; i++)
		buf_appendc(&in, 'x');
	got = run(in.data, in.len, &err);
	T_CHECK(got != NULL && strlen(got) == CSV_FIELD_MAX, "field of exactly the cap accepted");
	xfree(&got);
	buf_appendc(&in, 'x');
	got = run(in.data, in.len, &err);
	T_CHECK(got == NULL && err != NULL && strstr(err, "longer than") != NULL,
	        "field over the cap refused");
	xfree(&got);
	xfree(&err);
	buf_reset(&in);
	for (int i = 0; i <= CSV_FIELDS_MAX; i++)
		buf_appends(&in, i == 0 ? "f" : ",f");
	got = run(in.data, in.len, &err);
	T_CHECK(got == NULL && err != NULL && strstr(err, "more than") != NULL,
	        "too many fields refused");
	xfree(&got);
	xfree(&err);
	buf_free(&in);
}

static void
test_lines(void)
{
	const char *in = "h\n\"multi\nline\"\n\nlast\n";
	struct csv_reader r;
	char **f, *err = NULL;
	size_t n, line = 0;

	csv_init(&r, in, strlen(in));
	T_CHECK(csv_next(&r, &f, &n, &line, &err) == 1 && line == 1, "header on line 1");
	csv_fields_free(&f);
	T_CHECK(csv_next(&r, &f, &n, &line, &err) == 1 && line == 2, "second record on line 2");
	csv_fields_free(&f);
	T_CHECK(csv_next(&r, &f, &n, &line, &err) == 1 && line == 5,
	        "a quoted newline and a blank line are counted: line %zu", line);
	csv_fields_free(&f);
	T_CHECK(csv_next(&r, &f, &n, &line, &err) == 0, "end");
}

int
main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct csv_case *c = &cases[i];
		char *err = NULL;
		char *got = run(c->in, c->len ? c->len : strlen(c->in), &err);

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
	test_limits();
	test_lines();
	return t_done("test_cli_csv");
}
