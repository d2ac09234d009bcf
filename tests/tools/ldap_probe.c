/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldap_probe: drive lib/ldap_conn.c against a real directory, for
 * tests/integration/lib-ldap.sh.
 *
 * Usage: ldap_probe [-o key=value | COMMAND ARGS]...
 *   Arguments are taken in order: "-o key=value" changes one ldap_*
 *   setting (the ldap table of lib/ldap_settings.h) for the commands after
 *   it, so one process can open handles with different TLS options. The
 *   commands print one line each:
 *     open URI        "open: RESULT [error]"
 *     bind URI DN     "bind: RESULT rc=N ppolicy=TEXT" (password: next stdin line)
 *     anon URI        "anon: RESULT rc=N" (a NULL-DN bind: EXTERNAL on ldapi://)
 *     connect         "connect: RESULT whoami=ID" (ldap_conn_connect)
 *   RESULT is OK, PERMFAIL or TEMPFAIL. Exit 0 once every command ran, 2 on
 *   a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ldap_conn.h"
#include "ldap_settings.h"
#include "log.h"
#include "ppolicy.h"
#include "secret.h"
#include "xalloc.h"

static void
probe_open(const struct ldap_settings *s, const char *uri)
{
	LDAP *ld = NULL;
	char *err = NULL;
	enum pst_result r = ldap_conn_open(s, uri, &ld, &err);

	printf("open: %s%s%s\n", pst_result_name(r), err ? " " : "", err ? err : "");
	ldap_conn_close(&ld);
	free(err);
}

static void
probe_bind(const struct ldap_settings *s, const char *uri, const char *dn, int anon)
{
	struct ppolicy_info info;
	LDAPControl **ctrls = NULL;
	struct secret *pw = NULL;
	LDAP *ld = NULL;
	char *err = NULL;
	enum pst_result r;
	int rc = -1;

	if (!anon) {
		pw = secret_read_fd(0, 256, &err);
		if (pw == NULL) {
			printf("bind: cannot read the password: %s\n", err);
			free(err);
			return;
		}
	}
	r = ldap_conn_open(s, uri, &ld, &err);
	if (r == PST_OK)
		r = ldap_conn_bind(ld, dn, pw, s->timeout, &rc, &ctrls);
	ppolicy_parse(ld, ctrls, &info);
	printf("%s: %s rc=%d ppolicy=%s%s%s\n", anon ? "anon" : "bind", pst_result_name(r), rc,
	       ppolicy_state_text(info.state), err ? " " : "", err ? err : "");
	if (ctrls != NULL)
		ldap_controls_free(ctrls);
	ldap_conn_close(&ld);
	secret_free(&pw);
	free(err);
}

static void
probe_connect(const struct ldap_settings *s)
{
	struct berval *id = NULL;
	LDAP *ld = NULL;
	char *err = NULL;
	enum pst_result r = ldap_conn_connect(s, &ld, &err);

	if (r == PST_OK)
		ldap_whoami_s(ld, &id, NULL, NULL);
	printf("connect: %s whoami=%.*s%s%s\n", pst_result_name(r), id ? (int)id->bv_len : 0,
	       id ? id->bv_val : "", err ? " " : "", err ? err : "");
	if (id != NULL)
		ber_bvfree(id);
	ldap_conn_close(&ld);
	free(err);
}

int
main(int argc, char **argv)
{
	struct ldap_settings s;
	struct cfg_table tab;
	int i;

	log_open("ldap_probe", LOG_TO_STDERR, LOG_LVL_ERROR);
	memset(&s, 0, sizeof(s));
	tab = ldap_settings_table(&s);
	cfg_defaults(&tab, 1);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			char *kv = xstrdup(argv[++i]), *eq = strchr(kv, '='), *err = NULL;

			if (eq == NULL)
				goto usage;
			*eq = '\0';
			if (cfg_set(&tab, 1, kv, eq + 1, &err) != PST_OK) {
				fprintf(stderr, "ldap_probe: %s\n", err);
				return 2;
			}
			free(kv);
		} else if (strcmp(argv[i], "open") == 0 && i + 1 < argc) {
			probe_open(&s, argv[++i]);
		} else if (strcmp(argv[i], "bind") == 0 && i + 2 < argc) {
			probe_bind(&s, argv[i + 1], argv[i + 2], 0);
			i += 2;
		} else if (strcmp(argv[i], "anon") == 0 && i + 1 < argc) {
			probe_bind(&s, argv[++i], NULL, 1);
		} else if (strcmp(argv[i], "connect") == 0) {
			char *err = NULL;

			if (ldap_settings_check(&s, &err) != PST_OK) {
				printf("connect: PERMFAIL %s\n", err);
				free(err);
				continue;
			}
			probe_connect(&s);
		} else {
			goto usage;
		}
	}
	cfg_release(&tab, 1);
	return 0;
usage:
	fprintf(stderr, "usage: ldap_probe [-o key=value | open URI | bind URI DN | anon URI | "
	                "connect]...\n");
	return 2;
}
