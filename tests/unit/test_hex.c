/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_hex.c: hexadecimal digit values, including the bytes just outside
 * each digit range and bytes above 0x7F.
 */
#include "hex.h"
#include "t.h"

int
main(void)
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < 16; i++) {
		T_CHECK(hex_digit(digits[i]) == i, "lower digit %c", digits[i]);
		if (i >= 10)
			T_CHECK(hex_digit(digits[i] - 'a' + 'A') == i, "upper digit %c",
			        digits[i] - 'a' + 'A');
	}
	for (int c = 0; c < 256; c++) {
		int is_digit =
		        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

		if (!is_digit)
			T_CHECK(hex_digit(c) == -1, "byte 0x%02x is not a digit", c);
	}
	T_CHECK(hex_digit('/') == -1 && hex_digit(':') == -1 && hex_digit('@') == -1 &&
	                hex_digit('G') == -1 && hex_digit('`') == -1 && hex_digit('g') == -1,
	        "range edges");
	return t_done("test_hex");
}
