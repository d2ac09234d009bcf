/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * utf8.c: strict UTF-8 validation for passwords.
 *
 * Control characters are refused with malformed sequences: no keyboard
 * types them, and no mail client sends them the same way twice, so a
 * password holding one could be stored but never used.
 */
#include "utf8.h"

/* seq_len - length of the sequence that lead byte c starts, or 0 */
static size_t
seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

long
utf8_text_chars(const void *p, size_t len)
{
	const unsigned char *s = p;
	long n = 0;

	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		size_t k = seq_len(c);

		if (k == 0 || c < 0x20 || c == 0x7F || len - i < k)
			return -1;
		for (size_t j = 1; j < k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return -1;
		/* Overlong forms, surrogates and values past U+10FFFF. */
		if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] > 0x9F) ||
		    (c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] > 0x8F))
			return -1;
		if (c == 0xC2 && s[i + 1] < 0xA0)
			return -1; /* C1 control characters */
		i += k;
		n++;
	}
	return n;
}
