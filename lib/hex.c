/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hex.c: hexadecimal digit values.
 *
 * Spelled out rather than with isxdigit() so that the locale can never
 * widen what counts as a digit in untrusted input.
 */
#include "hex.h"

int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
