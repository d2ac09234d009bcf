/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_utf8.c: the shared password-text check: character counts, each
 * kind of malformed sequence, and the control characters it refuses.
 */
#include <string.h>

#include "t.h"
#include "utf8.h"

#define CHARS(s) utf8_text_chars(s, sizeof(s) - 1)

int
main(void)
{
	T_CHECK(CHARS("") == 0, "empty");
	T_CHECK(CHARS("Abc-123") == 7, "ASCII");
	T_CHECK(CHARS("caff\xc3\xa8") == 5, "2-byte");
	T_CHECK(CHARS("\xe2\x82\xac") == 1, "3-byte euro sign");
	T_CHECK(CHARS("\xf0\x9f\x94\x91") == 1, "4-byte key emoji");
	T_CHECK(CHARS("\xc2\xa0") == 1, "U+00A0, first after C1");
	T_CHECK(CHARS("\xf4\x8f\xbf\xbf") == 1, "U+10FFFF");
	T_CHECK(CHARS("caff\xe8") == -1, "Latin-1 byte");
	T_CHECK(CHARS("\xc0\xaf") == -1 && CHARS("\xc1\xbf") == -1, "overlong 2-byte");
	T_CHECK(CHARS("\xe0\x80\xaf") == -1, "overlong 3-byte");
	T_CHECK(CHARS("\xf0\x80\x80\xaf") == -1, "overlong 4-byte");
	T_CHECK(CHARS("\xed\xa0\x80") == -1, "surrogate");
	T_CHECK(CHARS("\xf4\x90\x80\x80") == -1 && CHARS("\xf5\x80\x80\x80") == -1,
	        "above U+10FFFF");
	T_CHECK(CHARS("\xe2\x82") == -1 && CHARS("a\xf0\x9f\x94") == -1, "truncated");
	T_CHECK(CHARS("\xe2\x28\xac") == -1, "bad continuation");
	T_CHECK(CHARS("\x80") == -1, "lone continuation");
	T_CHECK(CHARS("a\tb") == -1 && CHARS("a\x1b") == -1 && CHARS("\x7f") == -1, "C0 and DEL");
	T_CHECK(CHARS("\xc2\x85") == -1 && CHARS("\xc2\x9f") == -1, "C1");
	T_CHECK(utf8_text_chars("a\0b", 3) == -1, "NUL");
	return t_done("test_utf8");
}
