/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_netstring.c: the strict netstring parser (whole, partial, pipelined,
 * malformed, over the bound) and the socketmap request split.
 */
#include <string.h>

#include "netstring.h"
#include "t.h"

static enum ns_result
parse(const char *s, size_t max, const char **d, size_t *dl, size_t *used)
{
	return netstring_parse(s, strlen(s), max, d, dl, used);
}

static void
test_parse(void)
{
	const char *d = NULL;
	size_t dl = 0, used = 0;
	static const char *const bad[] = {":",      "a:",      "-1:x,", "+1:x,", " 1:x,",  "01:x,",
	                                  "3:abc;", "3:abcd,", "00:,",  "1 :x,", "0x1:x,", NULL};
	static const char *const more[] = {"", "1", "12", "3:", "3:ab", "3:abc", "0:", NULL};

	T_CHECK(parse("3:abc,", 100, &d, &dl, &used) == NS_OK && dl == 3 && used == 6 &&
	                memcmp(d, "abc", 3) == 0,
	        "whole netstring");
	T_CHECK(parse("0:,", 100, &d, &dl, &used) == NS_OK && dl == 0 && used == 3, "empty one");
	for (size_t i = 0; bad[i] != NULL; i++)
		T_CHECK(parse(bad[i], 100, &d, &dl, &used) == NS_BAD, "bad \"%s\"", bad[i]);
	for (size_t i = 0; more[i] != NULL; i++)
		T_CHECK(parse(more[i], 100, &d, &dl, &used) == NS_MORE, "partial \"%s\"", more[i]);

	/* The bound: refused as soon as the announced length exceeds it. */
	T_CHECK(parse("10:0123456789,", 10, &d, &dl, &used) == NS_OK, "exactly max");
	T_CHECK(parse("11:", 10, &d, &dl, &used) == NS_BAD, "max + 1 refused before the body");
	T_CHECK(parse("99999999999999999999:", 1u << 20, &d, &dl, &used) == NS_BAD,
	        "huge length refused, no overflow");
	T_CHECK(parse("1234567890", (size_t)-1, &d, &dl, &used) == NS_MORE,
	        "10 digits may continue");
	T_CHECK(parse("12345678901", (size_t)-1, &d, &dl, &used) == NS_BAD, "11 digits refused");

	/* Pipelined: the first is parsed, the rest is left for the next call. */
	const char *two = "3:abc,4:defg,5:hi";
	size_t len = strlen(two);

	T_CHECK(netstring_parse(two, len, 100, &d, &dl, &used) == NS_OK && used == 6, "first");
	T_CHECK(netstring_parse(two + 6, len - 6, 100, &d, &dl, &used) == NS_OK && dl == 4 &&
	                memcmp(d, "defg", 4) == 0,
	        "second");
	T_CHECK(netstring_parse(two + 13, len - 13, 100, &d, &dl, &used) == NS_MORE,
	        "third partial");

	/* Binary payload with NUL and ',' inside. */
	T_CHECK(netstring_parse("3:a\0,,", 6, 100, &d, &dl, &used) == NS_OK && dl == 3, "binary");
}

static void
test_format(void)
{
	char out[32];

	T_CHECK(netstring_format(out, sizeof(out), "OK RELAY", 8) == 11 &&
	                memcmp(out, "8:OK RELAY,", 11) == 0,
	        "format");
	T_CHECK(netstring_format(out, 5, "OK RELAY", 8) == 0, "too small");
	T_CHECK(netstring_format(out, sizeof(out), "", 0) == 3 && memcmp(out, "0:,", 3) == 0,
	        "empty");
}

static void
test_split(void)
{
	const char *m, *k;
	size_t ml, kl;
	const char *req = "access CERTSUBJECT:/C=IT/CN=a b";

	T_CHECK(socketmap_split(req, strlen(req), &m, &ml, &k, &kl) == 0 && ml == 6 &&
	                memcmp(m, "access", 6) == 0 && kl == strlen("CERTSUBJECT:/C=IT/CN=a b") &&
	                memcmp(k, "CERTSUBJECT:/C=IT/CN=a b", kl) == 0,
	        "map and key, key keeps its blanks");
	T_CHECK(socketmap_split("access ", 7, &m, &ml, &k, &kl) == 0 && kl == 0, "empty key");
	T_CHECK(socketmap_split("access", 6, &m, &ml, &k, &kl) == -1, "no blank");
	T_CHECK(socketmap_split(" key", 4, &m, &ml, &k, &kl) == -1, "empty map name");
	T_CHECK(socketmap_split("a\0b key", 7, &m, &ml, &k, &kl) == -1, "NUL in the map name");
}

int
main(void)
{
	test_parse();
	test_format();
	test_split();
	return t_done("test_netstring");
}
