/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_pw_scheme.c: userPassword hashing and verification.
 *
 * The known vectors come from tools other than postino: `openssl passwd
 * -6`, `slappasswd -h {SSHA}`, slappasswd's argon2 module, Python's
 * hashlib (for the SHA-2 digests) and Python's crypt module (yescrypt,
 * bcrypt, sha256-crypt, DES).
 */
#include <stdlib.h>
#include <string.h>

#include "pw_scheme.h"
#include "secret.h"
#include "t.h"

struct vec {
	const char *stored;
	const char *pw;
	enum pst_result want;
};

static const struct vec known[] = {
        {"{CRYPT}$6$sAltsAlt12$DPamRuExHW2iTPbJ9OIRPGulsvNgPxwpoTQTLnoucfg3DS7AImWjjWDpj78VG5H7Zu"
         "GouK/rfDpeXCNyAWE7e.",
         "Alice-Pass-1", PST_OK},
        {"{SSHA}bKS/Y5hc3SxXyz7bKMkhuG/0XN+DiPKn", "Bob-Pass-1", PST_OK},
        {"{SSHA}ubgzMc/1+4nOKhBaRF8lsTZjUSepX59U", "Bob-Pass-1", PST_OK},
        {"{SSHA512}id7xwxyoY02hM516CECBSBl+qMd9U6qolDMPDZH2+9y3nNTt0skkHxEDAQr6akcor0FBob8k5MZxq"
         "mp5thDGIjAxMjM0NTY3ODlhYmNkZWY=",
         "Carol-Pass-1", PST_OK},
        {"{SHA256}x/5hxmtYFUvahx5OPSg+KmJ0RXhdTHKCK2jMre93QR4=", "Erin-Pass-1", PST_OK},
        {"{SSHA256}7dMPb4ESx3bNR3/czw+X/1qmlvPJPHur9EehIZZKJF54eQ==", "Erin-Pass-1", PST_OK},
        {"{SHA}849uRDy8iiVvIevz3NOSw3tYBDw=", "Dave-Pass-1", PST_OK},
        {"{SHA512}pObk/nNJMt7QfFnSgErANKWKQexDPiU0yAxsUgeZ0BIaB66los15kM8dSuMl4VFdE8yvcS3LjH0W0b"
         "vewD6y9g==",
         "Dave-Pass-1", PST_OK},
        {"{CRYPT}$y$j9T$abcdefghijklmnopqrstu.$TClUhgrXxXVoOJOS.UdKviBfByEjw4SeCtLG1O7Edz/",
         "Gina-Pass-1", PST_OK},
        {"{CRYPT}$2b$04$abcdefghijklmnopqrstuuTTSNLW7ETgzwvAWYTYK.hDs1e2zpYNa", "Gina-Pass-1",
         PST_OK},
        {"{CRYPT}$5$rounds=1000$saltsalt$m60vkzEgL4vGYl0BscR1OoiGIekz.8AXFeIXsT3yXg9",
         "Gina-Pass-1", PST_OK},
        {"{crypt}$6$sAltsAlt12$DPamRuExHW2iTPbJ9OIRPGulsvNgPxwpoTQTLnoucfg3DS7AImWjjWDpj78VG5H7Zu"
         "GouK/rfDpeXCNyAWE7e.",
         "Alice-Pass-1", PST_OK},
#ifdef HAVE_ARGON2
        {"{ARGON2}$argon2i$v=19$m=4096,t=3,p=1$HlLIIitJxD2cr4o9hi6Cdw$QULQ12VPUceGU48UYL5DcwhhdU"
         "tOOOgXh1RZOe2Eowo",
         "Frank-Pass-1", PST_OK},
        {"{ARGON2}$argon2i$v=19$m=4096,t=3,p=1$HlLIIitJxD2cr4o9hi6Cdw$QULQ12VPUceGU48UYL5DcwhhdU"
         "tOOOgXh1RZOe2Eowo",
         "Frank-Pass-2", PST_PERMFAIL},
#endif
        /* Wrong passwords. */
        {"{CRYPT}$6$sAltsAlt12$DPamRuExHW2iTPbJ9OIRPGulsvNgPxwpoTQTLnoucfg3DS7AImWjjWDpj78VG5H7Zu"
         "GouK/rfDpeXCNyAWE7e.",
         "alice-Pass-1", PST_PERMFAIL},
        {"{SSHA}bKS/Y5hc3SxXyz7bKMkhuG/0XN+DiPKn", "Bob-Pass-2", PST_PERMFAIL},
        {"{SHA}849uRDy8iiVvIevz3NOSw3tYBDw=", "Dave-Pass-", PST_PERMFAIL},
        {"{CRYPT}$y$j9T$abcdefghijklmnopqrstu.$TClUhgrXxXVoOJOS.UdKviBfByEjw4SeCtLG1O7Edz/",
         "Gina-Pass-11", PST_PERMFAIL},
        /* Cleartext and unknown schemes are refused even when they "match". */
        {"Alice-Pass-1", "Alice-Pass-1", PST_PERMFAIL},
        {"{CLEARTEXT}Alice-Pass-1", "Alice-Pass-1", PST_PERMFAIL},
        {"{MD5}Gqa3Yv5vX8bL4Ya3RrO2yA==", "x", PST_PERMFAIL},
        {"{SHA}2jmj7l5rSw0yVb/vlWAYkK/YBwk=", "", PST_PERMFAIL}, /* SHA1("") with "" */
        /* Truncated and garbage values. */
        {"{SSHA}", "Bob-Pass-1", PST_PERMFAIL},
        {"{SSHA}bKS/Y5hc3SxXyz7bKMkhuG/0XN+D", "Bob-Pass-1", PST_PERMFAIL},
        {"{SSHA}bKS/Y5hc3SxXyz7bKMkhuG/0XN+DiPK", "Bob-Pass-1", PST_PERMFAIL},
        {"{SSHA} bKS/Y5hc3SxXyz7bKMkhuG/0XN+DiPKn", "Bob-Pass-1", PST_PERMFAIL},
        {"{SSHA}bKS/Y5hc3SxXyz7bKMkhuG/0XN+DiPKn\n", "Bob-Pass-1", PST_PERMFAIL},
        {"{SHA}849uRDy8iiVvIevz3NOSw3tYBDw", "Dave-Pass-1", PST_PERMFAIL},
        {"{SHA}849uRDy8iiVvIevz3NOSw3tYBDw=AAAA", "Dave-Pass-1", PST_PERMFAIL},
        {"{CRYPT}", "x", PST_PERMFAIL},
        {"{CRYPT}x", "x", PST_PERMFAIL},
        {"{CRYPT}$6$", "x", PST_PERMFAIL},
        {"{CRYPT}*0", "x", PST_PERMFAIL},
        {"{CRYPT}$6$sAltsAlt12$DPamRuExHW2iTPbJ9OIRPGulsvNgPx", "Alice-Pass-1", PST_PERMFAIL},
        {"{CRYPT}$6$sAltsAlt12$", "Alice-Pass-1", PST_PERMFAIL},
        {"{ARGON2}$argon2id$v=19$m=99999999,t=3,p=1$HlLIIitJxD2cr4o9hi6Cdw$QULQ12VPUceGU48UYL5D",
         "Frank-Pass-1", PST_PERMFAIL},
        {"{ARGON2}$argon2i$v=19$m=4096,t=3,p=1$HlLIIitJxD2cr4o9hi6Cdw$QULQ12", "Frank-Pass-1",
         PST_PERMFAIL},
        {"{ARGON2}", "x", PST_PERMFAIL},
        {"{SSHA", "x", PST_PERMFAIL},
        {"{}", "x", PST_PERMFAIL},
        {"", "x", PST_PERMFAIL},
};

static void
test_known(void)
{
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		struct secret *pw = secret_from_str(known[i].pw);
		enum pst_result r = pw_verify(known[i].stored, strlen(known[i].stored), pw);

		T_CHECK(r == known[i].want, "vector %zu (%.20s): %s", i, known[i].stored,
		        pst_result_name(r));
		secret_free(&pw);
	}
}

static void
test_round_trip(void)
{
	static const char *const prefixes[] = {"{CRYPT}$6$", "{CRYPT}$y$", "{SSHA512}", "{SSHA}",
	                                       "{ARGON2}$argon2id$"};
	struct secret *pw = secret_from_str("Round-Trip-1 \xc3\xa9"), *wrong = secret_from_str("x");
	int s;

	for (s = PW_CRYPT_SHA512; s <= PW_ARGON2; s++) {
		char *h1 = NULL, *h2 = NULL;
		enum pst_result r = pw_hash((enum pw_scheme)s, pw, &h1);

#ifndef HAVE_ARGON2
		if (s == PW_ARGON2) {
			T_CHECK(r == PST_PERMFAIL, "argon2 unavailable");
			continue;
		}
#endif
		T_CHECK(r == PST_OK && h1 != NULL, "hash %s", pw_scheme_names[s]);
		if (h1 == NULL)
			continue;
		T_CHECK(strncmp(h1, prefixes[s], strlen(prefixes[s])) == 0, "prefix %s: %s",
		        pw_scheme_names[s], h1);
		T_CHECK(pw_verify(h1, strlen(h1), pw) == PST_OK, "verify %s", pw_scheme_names[s]);
		T_CHECK(pw_verify(h1, strlen(h1), wrong) == PST_PERMFAIL, "wrong %s",
		        pw_scheme_names[s]);
		/* A fresh salt every time. */
		T_CHECK(pw_hash((enum pw_scheme)s, pw, &h2) == PST_OK && strcmp(h1, h2) != 0,
		        "salted %s", pw_scheme_names[s]);
		/* Every truncation of a good hash fails closed. */
		{
			size_t cut;

			for (cut = 0; cut < strlen(h1);
			     cut += (s == PW_ARGON2 || s == PW_CRYPT_YESCRYPT ? 5 : 1))
				T_CHECK(pw_verify(h1, cut, pw) == PST_PERMFAIL, "%s cut at %zu",
				        pw_scheme_names[s], cut);
		}
		free(h1);
		free(h2);
	}
	{
		struct secret *empty = secret_new("", 0), *nul = secret_new("a\0b", 3);
		char *h = NULL;

		T_CHECK(pw_hash(PW_SSHA512, empty, &h) == PST_PERMFAIL && h == NULL,
		        "empty password not hashed");
		T_CHECK(pw_hash(PW_SSHA512, nul, &h) == PST_PERMFAIL, "NUL password not hashed");
		secret_free(&empty);
		secret_free(&nul);
	}
	T_STREQ(pw_scheme_names[PW_CRYPT_SHA512], "crypt-sha512", "name 0");
	T_CHECK(pw_scheme_names[PW_ARGON2 + 1] == NULL, "names NULL-terminated");
	secret_free(&pw);
	secret_free(&wrong);
}

int
main(void)
{
	test_known();
	test_round_trip();
	return t_done("pw_scheme");
}
