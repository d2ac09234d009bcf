/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldap_churn: change passwords in a row, fast, on one connection, for
 * tests/integration/authd-churn.sh.
 *
 * Usage: ldap_churn URI BINDDN PEOPLE_DN NUSERS COUNT MAX_SECONDS PACE_MS
 *   The bind password is the first line of stdin (never argv). Change i
 *   sets the password of u%05d (i mod NUSERS, from 1) to
 *   "churn-<i>-<uid>" with the Password Modify operation (as ldappasswd
 *   does) and prints "START_MS END_MS UID PASSWORD" on CLOCK_MONOTONIC, the
 *   clock Python's time.monotonic() reads, flushed at once. Stops after
 *   COUNT changes or MAX_SECONDS; change i starts no earlier than i * PACE_MS
 *   after the first. Exit 0 if every change succeeded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ldap.h>

#include "ldap_conn.h"
#include "ldap_settings.h"
#include "secret.h"
#include "xalloc.h"

static double
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	struct ldap_settings s;
	struct cfg_table t;
	struct secret *pw;
	LDAP *ld = NULL;
	char *err = NULL;
	long nusers, count, maxs, pace, i, bad = 0;
	double start;
	int rc;

	/* Zeroed before the table is bound (the table's defaults fill it). */
	memset(&s, 0, sizeof(s));
	t = ldap_settings_table(&s);

	if (argc != 8) {
		fprintf(stderr, "usage: ldap_churn URI BINDDN PEOPLE_DN NUSERS COUNT MAX_SECONDS "
		                "PACE_MS\n");
		return 2;
	}
	nusers = strtol(argv[4], NULL, 10);
	count = strtol(argv[5], NULL, 10);
	maxs = strtol(argv[6], NULL, 10);
	pace = strtol(argv[7], NULL, 10);
	pw = secret_read_fd(0, 256, &err);
	if (pw == NULL || nusers < 1) {
		fprintf(stderr, "ldap_churn: %s\n", err != NULL ? err : "bad arguments");
		return 2;
	}
	memset(&s, 0, sizeof(s));
	cfg_defaults(&t, 1);
	if (ldap_conn_open(&s, argv[1], &ld, &err) != PST_OK ||
	    ldap_conn_bind(ld, argv[2], pw, 10, &rc, NULL) != PST_OK) {
		fprintf(stderr, "ldap_churn: cannot connect or bind: %s\n", err ? err : "");
		return 1;
	}
	start = mono_ms();
	for (i = 0; i < count && mono_ms() - start < (double)maxs * 1000.0; i++) {
		char uid[32], dn[600], npw[96];
		struct berval user, newpw, gen = {0, NULL};
		double t0;

		snprintf(uid, sizeof(uid), "u%05ld", i % nusers + 1);
		snprintf(dn, sizeof(dn), "uid=%s,%s", uid, argv[3]);
		snprintf(npw, sizeof(npw), "churn-%ld-%s", i, uid);
		user.bv_val = dn;
		user.bv_len = strlen(dn);
		newpw.bv_val = npw;
		newpw.bv_len = strlen(npw);
		while (mono_ms() - start < (double)(i * pace)) {
			struct timespec nap = {0, 2000000};

			nanosleep(&nap, NULL);
		}
		t0 = mono_ms();
		rc = ldap_passwd_s(ld, &user, NULL, &newpw, &gen, NULL, NULL);
		ber_memfree(gen.bv_val);
		if (rc != LDAP_SUCCESS) {
			fprintf(stderr, "ldap_churn: %s: %s\n", uid, ldap_err2string(rc));
			bad++;
			continue;
		}
		printf("%.1f %.1f %s %s\n", t0, mono_ms(), uid, npw);
		fflush(stdout);
	}
	ldap_conn_close(&ld);
	secret_free(&pw);
	cfg_release(&t, 1);
	return bad == 0 ? 0 : 1;
}
