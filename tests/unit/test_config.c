/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_config.c: the typed settings tables and the "key: value" parser,
 * including the ldap_* and common tables.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common_settings.h"
#include "config.h"
#include "ldap_settings.h"
#include "log.h"
#include "pw_scheme.h"
#include "secret.h"
#include "t.h"

struct demo {
	char *name;
	long count;
	int flag;
	int color;
	struct secret *pw;
	long mode;
	int authd_own;
};

static const char *const colors[] = {"red", "green", "blue", NULL};
static const char *const tri[] = {"unset", "yes", "no", NULL};

static const struct cfg_def demo_defs[] = {
        {"demo_name", "demo_alias", CFG_STR, "def", 0, 0, NULL, offsetof(struct demo, name), "n"},
        {"demo_count", NULL, CFG_INT, "5", 1, 10, NULL, offsetof(struct demo, count), "c"},
        {"demo_flag", NULL, CFG_BOOL, "no", 0, 0, NULL, offsetof(struct demo, flag), "f"},
        {"demo_color", NULL, CFG_ENUM, "green", 0, 0, colors, offsetof(struct demo, color), "col"},
        {"demo_pw", NULL, CFG_SECRET, NULL, 0, 0, NULL, offsetof(struct demo, pw), "p"},
        {"demo_mode", NULL, CFG_MODE, "0660", 0, 0777, NULL, offsetof(struct demo, mode), "m"},
        {"authd_own", NULL, CFG_ENUM, "unset", 0, 0, tri, offsetof(struct demo, authd_own), "t"},
};

/* capture - run a load with stderr redirected; returns what was logged */
static char *
capture_load(const struct cfg_table *tabs, size_t n, const char *text, enum pst_result *r,
             char **err)
{
	char path[] = "/tmp/test_config_log.XXXXXX", *out = calloc(1, 4096);
	int fd = mkstemp(path), saved = dup(2);
	FILE *fp;

	dup2(fd, 2);
	*r = cfg_load_buffer(tabs, n, "test.conf", text, strlen(text), err);
	dup2(saved, 2);
	close(saved);
	close(fd);
	fp = fopen(path, "r");
	if (fread(out, 1, 4095, fp) == 0)
		out[0] = '\0';
	fclose(fp);
	unlink(path);
	return out;
}

static void
test_good_file(void)
{
	struct demo d;
	struct cfg_table tab = {"demo", demo_defs, sizeof(demo_defs) / sizeof(demo_defs[0]), &d};
	const char *text = "# comment\n"
	                   "\n"
	                   "   # indented comment\n"
	                   "demo_alias:   hello world  \r\n"
	                   "DEMO_COUNT: 7\n"
	                   "demo_flag : on\n"
	                   "demo_color: BLUE\n"
	                   "demo_pw: p#ss: word\n"
	                   "demo_mode: 0600\n"
	                   "authd_own: true\n"
	                   "pwchange_other: x\n"
	                   "ctl_foo: y\n"
	                   "plugin_bar: z\n"
	                   "demo_count: 8"; /* no final newline */
	enum pst_result r;
	char *err = NULL, *logged;

	memset(&d, 0xff, sizeof(d));
	cfg_defaults(&tab, 1);
	T_STREQ(d.name, "def", "default str");
	T_CHECK(d.count == 5 && d.flag == 0 && d.color == 1 && d.pw == NULL && d.mode == 0660,
	        "defaults");
	logged = capture_load(&tab, 1, text, &r, &err);
	T_CHECK(r == PST_OK, "good file loads: %s", err ? err : "");
	T_STREQ(d.name, "hello world", "alias, trimmed value");
	T_CHECK(d.count == 8, "last value wins: %ld", d.count);
	T_CHECK(d.flag == 1, "bool on");
	T_CHECK(d.color == 2, "enum case-insensitive");
	T_CHECK(d.pw != NULL && strcmp(d.pw->data, "p#ss: word") == 0, "secret keeps # and :");
	T_CHECK(d.mode == 0600, "octal mode %lo", d.mode);
	T_CHECK(d.authd_own == 1, "tri-state takes boolean words");
	T_STREQ(logged, "", "foreign prefixes are silent");
	free(logged);
	cfg_release(&tab, 1);
	T_CHECK(d.name == NULL && d.pw == NULL, "release NULLs");
}

static void
test_bad_values(void)
{
	static const struct {
		const char *text;
		const char *want; /* substring of the error */
	} cases[] = {
	        {"demo_count: 11\n", "test.conf:1: demo_count: 11 is out of range (1..10)"},
	        {"\ndemo_count: 0\n", "test.conf:2: demo_count: 0 is out of range"},
	        {"demo_count: five\n", "test.conf:1: demo_count: \"five\" is not a number"},
	        {"demo_count: 5x\n", "not a number"},
	        {"demo_count: 99999999999999999999\n", "out of range"},
	        {"demo_flag: maybe\n", "test.conf:1: demo_flag: \"maybe\" is not yes/no"},
	        {"demo_flag: ture\n", "is not yes/no"},
	        {"demo_color: pink\n", "demo_color: \"pink\" is not one of red|green|blue"},
	        {"demo_mode: 0800\n", "is not an octal mode"},
	        {"demo_mode: 01777\n", "out of range"},
	        {"authd_own: perhaps\n", "not one of unset|yes|no"},
	        {"#ok\n\n\ndemo_name:\n", "test.conf:4: demo_name: missing value"},
	        {"demo_name\n", "test.conf:1: expected \":\" after \"demo_name\""},
	        {": value\n", "test.conf:1: expected \"key: value\""},
	        {"demo name: x\n", "expected \":\""},
	};
	struct demo d;
	struct cfg_table tab = {"demo", demo_defs, sizeof(demo_defs) / sizeof(demo_defs[0]), &d};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *err = NULL;
		enum pst_result r;

		cfg_defaults(&tab, 1);
		r = cfg_load_buffer(&tab, 1, "test.conf", cases[i].text, strlen(cases[i].text),
		                    &err);
		T_CHECK(r == PST_PERMFAIL, "case %zu refused", i);
		T_CHECK(err != NULL && strstr(err, cases[i].want) != NULL, "case %zu: got \"%s\"",
		        i, err ? err : "(null)");
		T_CHECK(d.count == 5, "case %zu: old value kept", i);
		free(err);
		cfg_release(&tab, 1);
	}
	{
		/* A line over 4096 bytes. */
		char *big = malloc(5000), *err = NULL;

		memcpy(big, "demo_name: ", 11);
		memset(big + 11, 'a', 4988);
		big[4999] = '\0';
		cfg_defaults(&tab, 1);
		T_CHECK(cfg_load_buffer(&tab, 1, "t", big, 4999, &err) == PST_PERMFAIL &&
		                strstr(err, "t:1: line longer") != NULL,
		        "long line");
		free(err);
		free(big);
		err = NULL;
		T_CHECK(cfg_load_buffer(&tab, 1, "t", "demo_name: a\0b\n", 15, &err) ==
		                        PST_PERMFAIL &&
		                strstr(err, "NUL") != NULL,
		        "NUL byte");
		free(err);
		cfg_release(&tab, 1);
	}
}

static void
test_unknown_keys(void)
{
	struct demo d;
	struct cfg_table tab = {"demo", demo_defs, sizeof(demo_defs) / sizeof(demo_defs[0]), &d};
	enum pst_result r;
	char *err = NULL, *logged;

	cfg_defaults(&tab, 1);
	log_open("t", LOG_TO_STDERR, LOG_LVL_INFO);
	logged = capture_load(&tab, 1, "krb5_realm: X\nauthd_typo: 1\n", &r, &err);
	T_CHECK(r == PST_OK, "unknown keys are not fatal");
	T_CHECK(strstr(logged, "test.conf:1: unknown key \"krb5_realm\" ignored") != NULL,
	        "warned: %s", logged);
	/* authd_ is this table's own prefix, so a misspelt authd_ key is warned. */
	T_CHECK(strstr(logged, "test.conf:2: unknown key \"authd_typo\"") != NULL, "own prefix: %s",
	        logged);
	free(logged);
	cfg_release(&tab, 1);
	T_CHECK(cfg_set(&tab, 1, "nope", "1", &err) == PST_PERMFAIL && strstr(err, "nope"),
	        "cfg_set unknown key");
	free(err);
}

static void
test_files(void)
{
	struct demo d;
	struct cfg_table tab = {"demo", demo_defs, sizeof(demo_defs) / sizeof(demo_defs[0]), &d};
	char path[] = "/tmp/test_config.XXXXXX";
	char *err = NULL;
	FILE *fp;
	int fd;

	cfg_defaults(&tab, 1);
	T_CHECK(cfg_load_file(&tab, 1, "/nonexistent/postino.conf", 0, &err) == PST_PERMFAIL &&
	                strstr(err, "/nonexistent/postino.conf") != NULL,
	        "missing file is an error");
	free(err);
	err = NULL;
	T_CHECK(cfg_load_file(&tab, 1, "/nonexistent/postino.conf", 1, &err) == PST_OK,
	        "missing file with missing_ok");
	fd = mkstemp(path);
	fp = fdopen(fd, "w");
	fputs("demo_count: 9\ndemo_flag: 2\n", fp);
	fclose(fp);
	T_CHECK(cfg_load_file(&tab, 1, path, 0, &err) == PST_PERMFAIL, "bad file");
	T_CHECK(err != NULL && strncmp(err, path, strlen(path)) == 0 &&
	                strstr(err, ":2: demo_flag") != NULL,
	        "error names path:line: %s", err ? err : "");
	free(err);
	unlink(path);
	cfg_release(&tab, 1);
}

static void
test_ldap_table(void)
{
	struct ldap_settings ls;
	struct common_settings cs;
	struct cfg_table tabs[2];
	const char *text = "ldap_servers: ldap://a/ ldap://b/\n"
	                   "ldap_bind_pw: s3cret\n"
	                   "ldap_default_domain: example.org\n"
	                   "ldap_sasl_mech: EXTERNAL\n"
	                   "ldap_tls_check_peer: no\n"
	                   "ldap_auth_method: fetch\n"
	                   "password_scheme: ssha512\n"
	                   "scram_iterations: 10000\n"
	                   "log_stderr: yes\n"
	                   "authd_threads: 8\n";
	char *err = NULL, *logged;
	enum pst_result r;
	FILE *fp;
	char buf[65536];
	size_t n;

	memset(&ls, 0, sizeof(ls));
	memset(&cs, 0, sizeof(cs));
	tabs[0] = ldap_settings_table(&ls);
	tabs[1] = common_settings_table(&cs);
	cfg_defaults(tabs, 2);
	T_STREQ(ls.servers, "ldap://localhost/", "servers default");
	T_STREQ(ls.filter, "(uid=%u)", "filter default");
	T_STREQ(ls.password_attr, "userPassword", "password_attr default");
	T_STREQ(ls.group_attr, "uniqueMember", "group_attr default");
	T_CHECK(ls.version == 3 && ls.timeout == 5 && ls.time_limit == 5, "numbers default");
	T_CHECK(ls.size_limit == 2, "size_limit default 2");
	T_CHECK(ls.scope == LS_SCOPE_SUB && ls.auth_method == LS_METHOD_BIND &&
	                ls.deref == LS_DEREF_NEVER && ls.group_scope == LS_SCOPE_SUB,
	        "enum defaults");
	T_CHECK(ls.referrals == 0 && ls.restart == 1 && ls.start_tls == 0 && ls.use_sasl == 0,
	        "bool defaults");
	T_CHECK(ls.tls_check_peer == LS_UNSET, "tls_check_peer unset");
	T_CHECK(ls.failback_interval == 60 && ls.scram_iterations == 4096 &&
	                ls.password_scheme == PW_CRYPT_SHA512,
	        "postino defaults");
	T_STREQ(cs.mux_socket, "/var/run/saslauthd/mux", "mux default");
	T_STREQ(cs.control_socket, "/run/postino/control", "control default");
	T_STREQ(cs.log_level, "info", "log_level default");
	T_CHECK(strcmp(log_facility_names[cs.log_facility], "auth") == 0, "log_facility auth");
	T_CHECK(cfg_set(tabs, 2, "log_facility", "local3", &err) == PST_OK &&
	                strcmp(log_facility_names[cs.log_facility], "local3") == 0,
	        "log_facility local3");
	T_CHECK(cfg_set(tabs, 2, "log_facility", "kern", &err) == PST_PERMFAIL,
	        "log_facility kern");
	free(err);
	err = NULL;
	logged = capture_load(tabs, 2, text, &r, &err);
	T_CHECK(r == PST_OK, "ldap file: %s", err ? err : "");
	T_STREQ(logged, "", "authd_ key silent for the ldap+common tables");
	free(logged);
	T_CHECK(ls.password != NULL && strcmp(ls.password->data, "s3cret") == 0, "ldap_bind_pw");
	T_STREQ(ls.default_realm, "example.org", "ldap_default_domain alias");
	T_STREQ(ls.sasl_mech, "EXTERNAL", "ldap_sasl_mech alias");
	T_CHECK(ls.tls_check_peer == LS_NO, "tls_check_peer no");
	T_CHECK(ls.auth_method == LS_METHOD_FETCH, "fetch");
	T_CHECK(ls.password_scheme == PW_SSHA512, "password_scheme");
	T_CHECK(ls.scram_iterations == 10000 && cs.log_stderr == 1, "ints and bools");
	T_CHECK(cfg_set(tabs, 2, "scram_iterations", "1000", &err) == PST_PERMFAIL,
	        "scram_iterations lower bound");
	free(err);
	T_CHECK(cfg_set(tabs, 2, "scram_iterations", "65537", &err) == PST_PERMFAIL,
	        "scram_iterations upper bound");
	free(err);
	T_CHECK(cfg_set(tabs, 2, "ldap_tls_check_peer", "yes", &err) == PST_OK &&
	                ls.tls_check_peer == LS_YES,
	        "tls_check_peer yes");
	T_CHECK(cfg_set(tabs, 2, "ldap_scope", "one", &err) == PST_OK && ls.scope == LS_SCOPE_ONE,
	        "scope one");
	T_CHECK(cfg_set(tabs, 2, "ldap_deref", "always", &err) == PST_OK &&
	                ls.deref == LS_DEREF_ALWAYS,
	        "deref always");
	cfg_release(tabs, 2);

	/* --print-defaults output is itself a config that gives the defaults. */
	fp = tmpfile();
	cfg_print_defaults(fp, tabs, 2);
	rewind(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	T_CHECK(strstr(buf, "\nldap_size_limit: 2\n") != NULL, "print_defaults has size_limit");
	T_CHECK(strstr(buf, "\n#ldap_password:\n") != NULL, "secret not printed");
	memset(&ls, 0, sizeof(ls));
	memset(&cs, 0, sizeof(cs));
	cfg_defaults(tabs, 2);
	ls.timeout = 99;
	err = NULL;
	T_CHECK(cfg_load_buffer(tabs, 2, "defaults", buf, n, &err) == PST_OK,
	        "print_defaults reparses: %s", err ? err : "");
	T_CHECK(ls.timeout == 5, "reparsed default");
	cfg_release(tabs, 2);
	fp = tmpfile();
	cfg_print_doc(fp, tabs, 2);
	rewind(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	T_CHECK(strstr(buf, "| `ldap_password` (`ldap_bind_pw`) | secret | (unset) |") != NULL,
	        "doc row for a secret");
	T_CHECK(strstr(buf, "| `ldap_scope` | sub\\|one\\|base | `sub` |") != NULL, "doc enum");
}

static void
test_ldap_check(void)
{
	struct ldap_settings ls;
	struct cfg_table tab;
	char path[] = "/tmp/test_config_pw.XXXXXX";
	char *err = NULL;
	int fd;

	memset(&ls, 0, sizeof(ls));
	tab = ldap_settings_table(&ls);
	cfg_defaults(&tab, 1);
	T_CHECK(ldap_settings_check(&ls, &err) == PST_OK, "defaults pass the check");
	cfg_set(&tab, 1, "ldap_bind_dn", "cn=authd,ou=services,dc=example,dc=org", &err);
	T_CHECK(ldap_settings_check(&ls, &err) == PST_PERMFAIL, "bind_dn without password");
	free(err);
	err = NULL;
	fd = mkstemp(path);
	if (write(fd, "authd-secret\n", 13) != 13)
		T_CHECK(0, "write");
	close(fd);
	cfg_set(&tab, 1, "ldap_password_file", path, &err);
	T_CHECK(ldap_settings_check(&ls, &err) == PST_OK && ls.password != NULL &&
	                strcmp(ls.password->data, "authd-secret") == 0,
	        "password file read");
	unlink(path);
	cfg_set(&tab, 1, "ldap_servers", "ldaps://x/", &err);
	cfg_set(&tab, 1, "ldap_start_tls", "yes", &err);
	T_CHECK(ldap_settings_check(&ls, &err) == PST_PERMFAIL, "starttls with ldaps refused");
	free(err);
	cfg_release(&tab, 1);
}

int
main(void)
{
	log_open("test_config", LOG_TO_STDERR, LOG_LVL_INFO);
	test_good_file();
	test_bad_values();
	test_unknown_keys();
	test_files();
	test_ldap_table();
	test_ldap_check();
	return t_done("config");
}
