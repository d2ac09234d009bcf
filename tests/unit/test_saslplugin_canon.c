/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_saslplugin_canon.c: the INTERNAL-compatible canonicalization the
 * plugin gives every name that is not a certificate identity: trimming,
 * refusing all-white-space names, appending the realm, the output buffer
 * limit, aliasing of input and output, and idempotence.
 */
#include <string.h>

#include "../../saslplugin/canon_internal.h"
#include "t.h"

struct ccase {
	const char *in, *realm, *want; /* want NULL: refused */
	enum canon_status st;
};

static const struct ccase cases[] = {
        {"alice", NULL, "alice", CANON_OK},
        {"  alice\t\n", NULL, "alice", CANON_OK},
        {"alice", "example.org", "alice@example.org", CANON_OK},
        {" alice ", "example.org", "alice@example.org", CANON_OK},
        {"alice@other.org", "example.org", "alice@other.org", CANON_OK},
        {"alice", "", "alice@", CANON_OK},
        {"Alice Example", NULL, "Alice Example", CANON_OK},
        {"   ", NULL, NULL, CANON_EMPTY},
        {"", "example.org", NULL, CANON_EMPTY},
        {"\t\r\n\v\f", "example.org", NULL, CANON_EMPTY},
};

/* oracle - the expected result built without canon_internal's code */
static void
check_case(const struct ccase *c)
{
	char out[64];
	size_t n = 99;
	enum canon_status st = canon_internal(c->in, strlen(c->in), c->realm, out, 32, &n);

	T_CHECK(st == c->st, "\"%s\": status %d, want %d", c->in, (int)st, (int)c->st);
	if (c->want != NULL && st == CANON_OK) {
		T_STREQ(out, c->want, c->in);
		T_CHECK(n == strlen(c->want), "\"%s\": length %zu", c->in, n);
	}
}

int
main(void)
{
	char buf[64], again[64];
	size_t i, n, m, start;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i]);

	/* The output buffer may be the input buffer (libsasl2 passes it so). */
	strcpy(buf, "   bob  ");
	T_CHECK(canon_internal(buf, strlen(buf), "example.org", buf, 40, &n) == CANON_OK,
	        "aliased buffers");
	T_STREQ(buf, "bob@example.org", "aliased result");

	/* Idempotence: canon(canon(x)) == canon(x). */
	T_CHECK(canon_internal(buf, n, "example.org", again, 40, &m) == CANON_OK, "second pass");
	T_STREQ(again, buf, "second pass is unchanged");

	/* The limit counts the realm; exactly out_max bytes fit (plus the NUL). */
	T_CHECK(canon_internal("abc", 3, "de", buf, 6, &n) == CANON_OK && n == 6,
	        "exactly out_max fits");
	T_STREQ(buf, "abc@de", "exact fit");
	T_CHECK(canon_internal("abc", 3, "def", buf, 6, &n) == CANON_TOOLONG,
	        "one over is refused");
	T_CHECK(canon_internal("abcdefg", 7, NULL, buf, 6, &n) == CANON_TOOLONG,
	        "long name refused");

	/* Only the name's bytes count: a '@' after len is not seen. */
	T_CHECK(canon_internal("bob@x", 3, "r", buf, 40, &n) == CANON_OK, "len bounds the name");
	T_STREQ(buf, "bob@r", "the '@' beyond len is ignored");

	n = canon_trim("  x y  ", 7, &start);
	T_CHECK(n == 3 && start == 2, "trim: start %zu len %zu", start, n);
	n = canon_trim("", 0, &start);
	T_CHECK(n == 0, "trim of empty");
	return t_done("test_saslplugin_canon");
}
