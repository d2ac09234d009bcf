/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hex.h: the value of one hexadecimal digit, for the decoders of
 * percent-encoding, DN hex escapes and JSON \u escapes.
 */
#ifndef POSTINO_HEX_H
#define POSTINO_HEX_H

/* hex_digit - 0..15 for 0-9, a-f, A-F; -1 for any other byte */
int hex_digit(int c);

#endif
