/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sasl_mksecret: print RFC 5803 authPassword values for a password, made
 * with lib/scram.h (scram_compute + scram_format), as LDIF lines ready
 * for ldapmodify. The plugin tests store secrets this way to show that
 * what postino writes is what libsasl2's SCRAM accepts.
 *
 * Usage: sasl_mksecret [-i ITERATIONS] [-m sha1|sha256|both] < password
 *   Prints one "authPassword: SCRAM-SHA-...$iter:salt$stored:server" line
 *   per hash (default both, 4096 iterations). Exit 0, or 2 on error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scram.h"
#include "secret.h"
#include "xalloc.h"

static int
emit(enum scram_hash h, const struct secret *pw, unsigned iter)
{
	struct scram_secret sec;
	char *val;

	if (scram_compute(h, pw, iter, NULL, 0, &sec) != PST_OK)
		return -1;
	val = scram_format(&sec);
	printf("authPassword: %s\n", val);
	xfree(&val);
	secret_wipe(&sec, sizeof(sec));
	return 0;
}

int
main(int argc, char **argv)
{
	const char *which = "both";
	unsigned long iter = 4096;
	struct secret *pw;
	char *err = NULL;
	int c, rc = 0;

	while ((c = getopt(argc, argv, "i:m:")) != -1) {
		switch (c) {
		case 'i':
			iter = strtoul(optarg, NULL, 10);
			break;
		case 'm':
			which = optarg;
			break;
		default:
			fprintf(stderr, "usage: sasl_mksecret [-i iterations] [-m sha1|sha256|both]"
			                " < password\n");
			return 2;
		}
	}
	if (iter < SCRAM_MIN_ITER || iter > SCRAM_MAX_ITER) {
		fprintf(stderr, "sasl_mksecret: iterations must be %d..%d\n", SCRAM_MIN_ITER,
		        SCRAM_MAX_ITER);
		return 2;
	}
	pw = secret_read_fd(STDIN_FILENO, 1024, &err);
	if (pw == NULL) {
		fprintf(stderr, "sasl_mksecret: %s\n", err ? err : "no password");
		xfree(&err);
		return 2;
	}
	if (strcmp(which, "sha256") != 0 && emit(SCRAM_SHA1, pw, (unsigned)iter) != 0)
		rc = 2;
	if (strcmp(which, "sha1") != 0 && emit(SCRAM_SHA256, pw, (unsigned)iter) != 0)
		rc = 2;
	secret_free(&pw);
	return rc;
}
