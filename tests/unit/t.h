/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t.h: the unit-test harness. Header-only, one test binary per module.
 *
 * T_CHECK(cond, fmt, ...) records one check; a failure prints the file,
 * line and message and the test goes on. t_done() prints the closing line
 * "NAME: N passed, N failed" that tests/run-tests adds up, and returns the
 * exit status. Tables of cases are the normal shape of a test here.
 */
#ifndef POSTINO_T_H
#define POSTINO_T_H

#include <stdio.h>
#include <string.h>

static int t_passed, t_failed;

#define T_CHECK(cond, ...)                                                                         \
	do {                                                                                       \
		if (cond) {                                                                        \
			t_passed++;                                                                \
		} else {                                                                           \
			t_failed++;                                                                \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                       \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
		}                                                                                  \
	} while (0)

/* T_STREQ - compare two C strings, either may be NULL */
#define T_STREQ(got, want, what)                                                                   \
	do {                                                                                       \
		const char *t_g_ = (got), *t_w_ = (want);                                          \
		T_CHECK((t_g_ == NULL && t_w_ == NULL) ||                                          \
		                (t_g_ != NULL && t_w_ != NULL && strcmp(t_g_, t_w_) == 0),         \
		        "%s: got \"%s\", want \"%s\"", (what), t_g_ ? t_g_ : "(null)",             \
		        t_w_ ? t_w_ : "(null)");                                                   \
	} while (0)

static inline int
t_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, t_passed, t_failed);
	return t_failed == 0 && t_passed > 0 ? 0 : 1;
}

#endif
