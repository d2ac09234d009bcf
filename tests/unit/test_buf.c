/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_buf.c: the counted buffer, xalloc helpers and result names.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "result.h"
#include "t.h"
#include "xalloc.h"

static void
test_buf_basic(void)
{
	struct buf b = BUF_INIT;
	char *s;
	int i;

	buf_appends(&b, "abc");
	buf_appendc(&b, '\0');
	buf_append(&b, "xyz", 3);
	T_CHECK(b.len == 7, "len %zu", b.len);
	T_CHECK(memcmp(b.data, "abc\0xyz", 8) == 0, "contents with embedded NUL");
	buf_reset(&b);
	T_CHECK(b.len == 0 && b.data[0] == '\0', "reset");
	for (i = 0; i < 1000; i++)
		buf_appendf(&b, "%d,", i);
	T_CHECK(b.len == strlen(b.data), "appendf length %zu", b.len);
	T_CHECK(strncmp(b.data, "0,1,2,", 6) == 0, "appendf content");
	T_CHECK(strcmp(b.data + b.len - 4, "999,") == 0, "appendf tail");
	s = buf_detach(&b);
	T_CHECK(b.data == NULL && b.len == 0, "detach empties");
	free(s);
	s = buf_detach(&b);
	T_STREQ(s, "", "detach of empty buffer");
	free(s);
	buf_appends(&b, "x");
	buf_free(&b);
	T_CHECK(b.data == NULL && b.cap == 0, "free");
}

static void
test_xalloc(void)
{
	char *p = xstrndup("abcdef", 3);
	char *q = xmemdup0("a\0b", 3);
	char *r = xasprintf("%s-%d", "x", 42);
	int *arr = xreallocarray(NULL, 10, sizeof(int));

	T_STREQ(p, "abc", "xstrndup");
	T_CHECK(q[0] == 'a' && q[1] == '\0' && q[2] == 'b' && q[3] == '\0', "xmemdup0");
	T_STREQ(r, "x-42", "xasprintf");
	arr[9] = 1;
	xfree(&p);
	T_CHECK(p == NULL, "xfree NULLs the pointer");
	xfree(&p); /* twice is harmless */
	free(q);
	free(r);
	free(arr);
}

static void
test_xstrv(void)
{
	char *src[] = {"imap", "smtp", NULL};
	char **v = xstrvdup(src);

	T_CHECK(v != NULL, "xstrvdup returns a vector");
	if (v == NULL)
		return;
	T_CHECK(v != src, "xstrvdup copies the vector");
	T_STREQ(v[0], "imap", "xstrvdup first");
	T_STREQ(v[1], "smtp", "xstrvdup second");
	T_CHECK(v[2] == NULL, "xstrvdup NULL-terminates");
	T_CHECK(v[0] != src[0], "xstrvdup copies the strings");
	xstrvfree(&v);
	T_CHECK(v == NULL, "xstrvfree NULLs the pointer");
	xstrvfree(&v); /* NULL is harmless */
	T_CHECK(xstrvdup(NULL) == NULL, "xstrvdup(NULL)");
}

static void
test_result(void)
{
	T_STREQ(pst_result_name(PST_OK), "OK", "name OK");
	T_STREQ(pst_result_name(PST_PERMFAIL), "PERMFAIL", "name PERMFAIL");
	T_STREQ(pst_result_name(PST_TEMPFAIL), "TEMPFAIL", "name TEMPFAIL");
}

int
main(void)
{
	test_buf_basic();
	test_xalloc();
	test_xstrv();
	test_result();
	return t_done("buf");
}
