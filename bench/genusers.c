/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * genusers.c: the LDIF of N generated load users for slapadd, fast.
 *
 *   genusers N [PEOPLE_DN] > users.ldif
 *
 * The same entries as tests/harness/gen-users.py (u00001 .. uNNNNN, with
 * password pw-u00001 ...), in C, because a million of them through Python
 * takes minutes. Every user has his own password and an 8-byte random
 * salt; {SSHA} (salted SHA-1) is what the benchmark wants: slapd checks it
 * in microseconds, so a run measures postino and not the hash.
 */
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"

/* ssha - "{SSHA}" base64(SHA1(pw salt) salt) into out */
static int
ssha(const char *pw, const unsigned char salt[8], char *out, size_t outsz)
{
	unsigned char buf[128], md[EVP_MAX_MD_SIZE + 8];
	unsigned int mdlen = 0;
	size_t pl = strlen(pw);
	char *enc;
	int n;

	if (pl + 8 > sizeof(buf))
		return -1;
	memcpy(buf, pw, pl);
	memcpy(buf + pl, salt, 8);
	if (EVP_Digest(buf, pl + 8, md, &mdlen, EVP_sha1(), NULL) != 1 || mdlen != 20)
		return -1;
	memcpy(md + mdlen, salt, 8);
	enc = b64_encode(md, mdlen + 8);
	n = snprintf(out, outsz, "{SSHA}%s", enc);
	free(enc);
	return n > 0 && (size_t)n < outsz ? 0 : -1;
}

int
main(int argc, char **argv)
{
	const char *people = argc == 3 ? argv[2] : "ou=people,dc=example,dc=org";
	unsigned char salts[8 * 1024];
	char uid[32], pw[48], hash[96];
	unsigned long count, i;
	char *end;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: genusers N [PEOPLE_DN]\n");
		return 2;
	}
	count = strtoul(argv[1], &end, 10);
	if (*end != '\0' || count == 0 || count > 99999999) {
		fprintf(stderr, "genusers: bad count %s\n", argv[1]);
		return 2;
	}
	for (i = 1; i <= count; i++) {
		size_t s = (i - 1) % (sizeof(salts) / 8);

		/* Salts are drawn a batch at a time: one RAND_bytes call per 1024 users. */
		if (s == 0 && RAND_bytes(salts, sizeof(salts)) != 1) {
			fprintf(stderr, "genusers: no random bytes\n");
			return 1;
		}
		snprintf(uid, sizeof(uid), "u%05lu", i);
		snprintf(pw, sizeof(pw), "pw-%s", uid);
		if (ssha(pw, salts + 8 * s, hash, sizeof(hash)) != 0) {
			fprintf(stderr, "genusers: hashing failed\n");
			return 1;
		}
		printf("dn: uid=%s,%s\nobjectClass: inetOrgPerson\nobjectClass: postinoAccount\n"
		       "uid: %s\ncn: Load User %lu\nsn: User\nmail: %s@example.org\n"
		       "userPassword: %s\npostinoService: smtp\npostinoService: imap\n\n",
		       uid, people, uid, i, uid, hash);
	}
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
