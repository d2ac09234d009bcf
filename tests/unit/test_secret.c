/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_secret.c: secret lifetime, constant-time equality, file reading.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "secret.h"
#include "t.h"

static void
test_equal(void)
{
	static const struct {
		const char *a;
		size_t alen;
		const char *b;
		size_t blen;
		int want;
	} cases[] = {
	        {"", 0, "", 0, 1},
	        {"abc", 3, "abc", 3, 1},
	        {"abc", 3, "abd", 3, 0},
	        {"abc", 3, "ab", 2, 0},
	        {"ab", 2, "abc", 3, 0},
	        {"abc", 3, "", 0, 0},
	        {"a\0c", 3, "a\0d", 3, 0},
	        {"a\0c", 3, "a\0c", 3, 1},
	        /* equal prefixes padded with NUL must still differ by length */
	        {"ab\0", 3, "ab", 2, 0},
	};
	size_t i;
	char *big1, *big2;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		T_CHECK(secret_equal(cases[i].a, cases[i].alen, cases[i].b, cases[i].blen) ==
		                cases[i].want,
		        "secret_equal case %zu", i);
	/* The long path (beyond the padded buffers). */
	big1 = calloc(1, 5000);
	big2 = calloc(1, 5000);
	T_CHECK(secret_equal(big1, 5000, big2, 5000) == 1, "long equal");
	big2[4999] = 1;
	T_CHECK(secret_equal(big1, 5000, big2, 5000) == 0, "long differ at end");
	T_CHECK(secret_equal(big1, 4999, big2, 5000) == 0, "long differ in length");
	T_CHECK(secret_equal(big1, 10, big2, 5000) == 0, "short vs long");
	free(big1);
	free(big2);
}

static void
test_lifetime(void)
{
	struct secret *s = secret_new("pa\0ss", 5), *d;

	T_CHECK(s->len == 5 && s->data[5] == '\0', "guard NUL");
	d = secret_dup(s);
	T_CHECK(secret_equal(s->data, s->len, d->data, d->len), "dup equal");
	secret_free(&s);
	T_CHECK(s == NULL, "free NULLs");
	secret_free(&s);
	secret_free(&d);
	s = secret_from_str("hello");
	T_CHECK(s->len == 5 && strcmp(s->data, "hello") == 0, "from_str");
	secret_free(&s);
}

static void
test_read(void)
{
	static const struct {
		const char *content;
		const char *want; /* NULL = error */
	} cases[] = {
	        {"secret\n", "secret"},
	        {"secret\r\nsecond line\n", "secret"},
	        {"no newline", "no newline"},
	        {"", ""},
	        {"\n", ""},
	        {" spaces kept \n", " spaces kept "},
	};
	char path[] = "/tmp/test_secret.XXXXXX";
	size_t i;
	int fd;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct secret *s;
		char *err = NULL;

		fd = mkstemp(path);
		T_CHECK(fd >= 0, "mkstemp");
		if (write(fd, cases[i].content, strlen(cases[i].content)) < 0)
			T_CHECK(0, "write");
		close(fd);
		s = secret_read_file(path, &err);
		T_CHECK(s != NULL && strcmp(s->data, cases[i].want) == 0, "read case %zu", i);
		secret_free(&s);
		free(err);
		unlink(path);
		strcpy(path, "/tmp/test_secret.XXXXXX");
	}
	{
		struct secret *s;
		char *err = NULL, *longline = malloc(3000);

		memset(longline, 'x', 2999);
		longline[2999] = '\n';
		fd = mkstemp(path);
		if (write(fd, longline, 3000) < 0)
			T_CHECK(0, "write");
		close(fd);
		s = secret_read_file(path, &err);
		T_CHECK(s == NULL && err != NULL, "over-long secret file refused");
		free(err);
		free(longline);
		unlink(path);
		err = NULL;
		s = secret_read_file("/nonexistent/postino-pw", &err);
		T_CHECK(s == NULL && err != NULL && strstr(err, "/nonexistent/postino-pw"),
		        "missing file names the path");
		free(err);
	}
	{
		int p[2];
		struct secret *s;
		char *err = NULL;

		T_CHECK(pipe(p) == 0, "pipe");
		if (write(p[1], "abcdef\n", 7) < 0)
			T_CHECK(0, "write");
		close(p[1]);
		s = secret_read_fd(p[0], 5, &err);
		T_CHECK(s == NULL && err != NULL, "read_fd max enforced");
		free(err);
		err = NULL;
		close(p[0]);
		/* Exactly max bytes, with or without a CR before the LF, is accepted. */
		T_CHECK(pipe(p) == 0, "pipe");
		if (write(p[1], "abcde\nvwxyz\r\n", 14) < 0)
			T_CHECK(0, "write");
		close(p[1]);
		s = secret_read_fd(p[0], 5, &err);
		T_CHECK(s != NULL && s->len == 5 && strcmp(s->data, "abcde") == 0,
		        "read_fd max bytes accepted");
		secret_free(&s);
		s = secret_read_fd(p[0], 5, &err);
		T_CHECK(s != NULL && s->len == 5 && strcmp(s->data, "vwxyz") == 0,
		        "read_fd max bytes and CR accepted");
		secret_free(&s);
		close(p[0]);
		/* Two lines on one descriptor: two reads, nothing swallowed. */
		T_CHECK(pipe(p) == 0, "pipe");
		if (write(p[1], "old-pw\nnew-pw\n", 14) < 0)
			T_CHECK(0, "write");
		close(p[1]);
		s = secret_read_fd(p[0], 64, &err);
		T_CHECK(s != NULL && strcmp(s->data, "old-pw") == 0, "first line");
		secret_free(&s);
		s = secret_read_fd(p[0], 64, &err);
		T_CHECK(s != NULL && strcmp(s->data, "new-pw") == 0, "second line");
		secret_free(&s);
		close(p[0]);
	}
}

int
main(void)
{
	test_equal();
	test_lifetime();
	test_read();
	return t_done("secret");
}
