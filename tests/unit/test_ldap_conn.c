/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_ldap_conn.c: the libldap result mapping, URI list splitting, and
 * the refusals ldap_conn_bind makes before any traffic. Binds against a
 * real slapd are in tests/integration/lib-ldap.sh.
 */
#include <stdlib.h>
#include <string.h>

#include "ldap_conn.h"
#include "ldap_settings.h"
#include "log.h"
#include "secret.h"
#include "t.h"

static void
test_mapping(void)
{
	static const struct {
		int rc;
		enum pst_result want;
	} cases[] = {
	        {LDAP_SUCCESS, PST_OK},
	        {LDAP_COMPARE_TRUE, PST_OK},
	        {LDAP_COMPARE_FALSE, PST_PERMFAIL},
	        {LDAP_INVALID_CREDENTIALS, PST_PERMFAIL},
	        {LDAP_NO_SUCH_OBJECT, PST_PERMFAIL},
	        {LDAP_INSUFFICIENT_ACCESS, PST_PERMFAIL},
	        {LDAP_CONSTRAINT_VIOLATION, PST_PERMFAIL},
	        {LDAP_INAPPROPRIATE_AUTH, PST_PERMFAIL},
	        {LDAP_SIZELIMIT_EXCEEDED, PST_PERMFAIL},
	        {LDAP_SERVER_DOWN, PST_TEMPFAIL},
	        {LDAP_CONNECT_ERROR, PST_TEMPFAIL},
	        {LDAP_TIMEOUT, PST_TEMPFAIL},
	        {LDAP_TIMELIMIT_EXCEEDED, PST_TEMPFAIL},
	        {LDAP_BUSY, PST_TEMPFAIL},
	        {LDAP_UNAVAILABLE, PST_TEMPFAIL},
	        {LDAP_UNWILLING_TO_PERFORM, PST_TEMPFAIL},
	        {LDAP_OTHER, PST_TEMPFAIL},
	        {LDAP_LOOP_DETECT, PST_TEMPFAIL},
	        {LDAP_ADMINLIMIT_EXCEEDED, PST_TEMPFAIL},
	        {LDAP_NO_MEMORY, PST_TEMPFAIL},
	        {LDAP_LOCAL_ERROR, PST_TEMPFAIL},
	        {LDAP_CONFIDENTIALITY_REQUIRED, PST_TEMPFAIL},
	        {12345, PST_PERMFAIL},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		T_CHECK(pst_ldap_result(cases[i].rc) == cases[i].want, "rc %d -> %s", cases[i].rc,
		        pst_result_name(pst_ldap_result(cases[i].rc)));
}

static void
test_uri_list(void)
{
	static const struct {
		const char *in;
		int n;
		const char *first, *last;
	} cases[] = {
	        {"ldap://a/", 1, "ldap://a/", "ldap://a/"},
	        {"ldap://a/ ldap://b/", 2, "ldap://a/", "ldap://b/"},
	        {" ldap://a/,ldap://b/ ,, ldapi://%2Frun%2Fx/ ", 3, "ldap://a/",
	         "ldapi://%2Frun%2Fx/"},
	        {"", 0, NULL, NULL},
	        {NULL, 0, NULL, NULL},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = -1;
		char **l = ldap_uri_list(cases[i].in, &n);

		T_CHECK(n == cases[i].n, "count for case %zu: %d", i, n);
		T_CHECK(l[n] == NULL, "NULL-terminated");
		if (n > 0) {
			T_STREQ(l[0], cases[i].first, "first URI");
			T_STREQ(l[n - 1], cases[i].last, "last URI");
		}
		ldap_uri_list_free(&l);
		T_CHECK(l == NULL, "free NULLs");
	}
}

static void
test_refusals(void)
{
	LDAP *ld = NULL;
	struct secret *empty = secret_new("", 0), *nulfirst = secret_new("\0x", 2),
	              *pw = secret_from_str("pw");
	LDAPControl **ctrls = (LDAPControl **)1;
	int rc = 0;

	/* Port 1 on loopback: nothing listens, and nothing should be tried. */
	T_CHECK(ldap_initialize(&ld, "ldap://127.0.0.1:1/") == LDAP_SUCCESS, "initialize");
	T_CHECK(ldap_conn_bind(ld, "uid=a,dc=x", empty, 1, &rc, &ctrls) == PST_PERMFAIL,
	        "empty password refused");
	T_CHECK(rc == LDAP_INVALID_CREDENTIALS && ctrls == NULL, "rc and ctrls set");
	T_CHECK(ldap_conn_bind(ld, "uid=a,dc=x", NULL, 1, &rc, NULL) == PST_PERMFAIL,
	        "NULL password refused");
	T_CHECK(ldap_conn_bind(ld, "uid=a,dc=x", nulfirst, 1, &rc, NULL) == PST_PERMFAIL,
	        "password starting with NUL refused");
	T_CHECK(ldap_conn_bind(ld, NULL, pw, 1, &rc, NULL) == PST_PERMFAIL,
	        "password without DN refused");
	/* With a real password the bind tries to connect, and port 1 is down. */
	T_CHECK(ldap_conn_bind(ld, "uid=a,dc=x", pw, 1, &rc, NULL) == PST_TEMPFAIL,
	        "unreachable server is TEMPFAIL (rc %d)", rc);
	ldap_conn_close(&ld);
	T_CHECK(ld == NULL, "close NULLs");
	secret_free(&empty);
	secret_free(&nulfirst);
	secret_free(&pw);
}

static void
test_open(void)
{
	struct ldap_settings s;
	struct cfg_table tab;
	LDAP *ld = (LDAP *)1;
	char *err = NULL;

	memset(&s, 0, sizeof(s));
	tab = ldap_settings_table(&s);
	cfg_defaults(&tab, 1);
	s.timeout = 2;
	T_CHECK(ldap_conn_open(&s, "ldap://127.0.0.1:1/", &ld, &err) == PST_TEMPFAIL,
	        "connection refused is TEMPFAIL");
	T_CHECK(ld == NULL && err != NULL && strstr(err, "127.0.0.1:1") != NULL,
	        "error names the URI: %s", err ? err : "");
	free(err);
	err = NULL;
	T_CHECK(ldap_conn_open(&s, "nonsense://x", &ld, &err) == PST_PERMFAIL,
	        "bad URI is PERMFAIL");
	free(err);
	err = NULL;
	free(s.servers);
	s.servers = strdup("ldap://127.0.0.1:1/ ldap://127.0.0.1:2/");
	log_set_level(LOG_LVL_ERROR);
	T_CHECK(ldap_conn_connect(&s, &ld, &err) == PST_TEMPFAIL && ld == NULL,
	        "every server down is TEMPFAIL");
	T_CHECK(err != NULL && strstr(err, "127.0.0.1:2") != NULL, "last error: %s",
	        err ? err : "");
	free(err);
	cfg_release(&tab, 1);
}

int
main(void)
{
	test_mapping();
	test_uri_list();
	test_refusals();
	test_open();
	return t_done("ldap_conn");
}
