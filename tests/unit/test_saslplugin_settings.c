/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_saslplugin_settings.c: the plugin's settings table: defaults when
 * nothing is set (the plugin is then off), values read from an option
 * source, refused values, the forwarding of postino_ldap_* to lib's
 * directory settings, and that doc/sasl-plugin.md documents every setting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ldap_settings.h"
#include "../../saslplugin/plugin_settings.h"
#include "secret.h"
#include "xalloc.h"
#include "t.h"

struct kv {
	const char *k, *v;
};

static const char *
get(void *arg, const char *name)
{
	const struct kv *kv = arg;

	for (; kv->k != NULL; kv++)
		if (strcmp(kv->k, name) == 0)
			return kv->v;
	return NULL;
}

static void
test_defaults(void)
{
	struct kv none[] = {{NULL, NULL}};
	struct plugin_settings s = {0};
	char *err = NULL;

	T_CHECK(plugin_settings_load(&s, get, none, &err) == PST_OK, "empty source loads");
	T_CHECK(!plugin_settings_configured(&s), "nothing set: the plugin is off");
	T_STREQ(s.ldap_filter, "(uid=%u)", "default filter");
	T_CHECK(s.ldap_timeout == 5 && s.cache_ttl == 0 && s.cache_size == 256, "numeric defaults");
	T_CHECK(s.strip_realm == 1 && s.check_service == 1 && s.cert_subject_lookup == 1 &&
	                s.cert_cn_lookup == 0 && s.cert_require_cn == 1,
	        "boolean defaults");
	T_CHECK(s.ldap_uri == NULL && s.cert_rule[0] == NULL && s.cert_issuers == NULL,
	        "unset strings");
	plugin_settings_release(&s);
}

static void
test_values(void)
{
	struct kv set[] = {
	        {"postino_ldap_uri", "ldap://127.0.0.1:1/"},
	        {"postino_ldap_search_base", "ou=people,dc=example,dc=org"},
	        {"postino_cert_rule", "^CN=([a-z]+)$"},
	        {"postino_cert_rule9", "^UID=([a-z]+)$"},
	        {"postino_cert_cn_rule2", "^([a-z]+)$"},
	        {"postino_cache_ttl", "45"},
	        {"postino_strip_realm", "off"},
	        {"postino_ldap_ppolicy_default", "cn=default,ou=policies,dc=example,dc=org"},
	        {"ldap_servers", "ignored: not a postino_ option"},
	        {NULL, NULL}};
	struct kv rules_only[] = {{"postino_cert_cn_rule", "^(x)$"}, {NULL, NULL}};
	struct plugin_settings s = {0};
	struct ldap_settings ls;
	struct cfg_table lt;
	char *err = NULL;

	T_CHECK(plugin_settings_load(&s, get, set, &err) == PST_OK, "values load: %s",
	        err ? err : "");
	T_CHECK(plugin_settings_configured(&s), "a URI turns the plugin on");
	T_STREQ(s.cert_rule[0], "^CN=([a-z]+)$", "postino_cert_rule");
	T_STREQ(s.cert_rule[8], "^UID=([a-z]+)$", "postino_cert_rule9");
	T_STREQ(s.cert_cn_rule[1], "^([a-z]+)$", "postino_cert_cn_rule2");
	T_CHECK(s.cache_ttl == 45 && s.strip_realm == 0, "numbers and booleans");

	T_CHECK(plugin_settings_ldap(&s, &ls, &err) == PST_OK, "forwarded to ldap_settings: %s",
	        err ? err : "");
	T_STREQ(ls.servers, "ldap://127.0.0.1:1/", "ldap_servers");
	T_STREQ(ls.search_base, "ou=people,dc=example,dc=org", "ldap_search_base");
	T_STREQ(ls.filter, "(uid=%u)", "ldap_filter");
	T_CHECK(ls.timeout == 5 && ls.size_limit == 2, "time-out and size limit");
	T_STREQ(ls.ppolicy_default, "cn=default,ou=policies,dc=example,dc=org",
	        "ldap_ppolicy_default: the default policy authd uses");
	T_STREQ(ldap_settings_writers(&ls), "ldap://127.0.0.1:1/",
	        "no postino_ldap_write_servers: the read servers (no check)");
	lt = ldap_settings_table(&ls);
	cfg_release(&lt, 1);
	xfree(&s.ldap_write_servers);
	s.ldap_write_servers = xstrdup("ldap://127.0.0.1:2/ ldap://127.0.0.1:3/");
	T_CHECK(plugin_settings_ldap(&s, &ls, &err) == PST_OK, "with write servers: %s",
	        err ? err : "");
	T_STREQ(ldap_settings_writers(&ls), "ldap://127.0.0.1:2/ ldap://127.0.0.1:3/",
	        "postino_ldap_write_servers forwarded");
	lt = ldap_settings_table(&ls);
	cfg_release(&lt, 1);
	plugin_settings_release(&s);

	T_CHECK(plugin_settings_load(&s, get, rules_only, &err) == PST_OK, "rules only");
	T_CHECK(plugin_settings_configured(&s), "a rule alone turns the plugin on");
	T_CHECK(s.ldap_ppolicy_default == NULL, "no default policy unless set, as for authd");
	plugin_settings_release(&s);
}

static void
test_refused(void)
{
	struct kv badint[] = {{"postino_ldap_timeout", "0"}, {NULL, NULL}};
	struct kv badbool[] = {{"postino_strip_realm", "ture"}, {NULL, NULL}};
	struct kv nobase[] = {{"postino_ldap_uri", "ldap://127.0.0.1:1/"}, {NULL, NULL}};
	struct kv nopw[] = {{"postino_ldap_uri", "ldap://127.0.0.1:1/"},
	                    {"postino_ldap_search_base", "dc=x"},
	                    {"postino_ldap_bind_dn", "cn=scram,dc=x"},
	                    {"postino_ldap_password_file", "/nonexistent/scram.pw"},
	                    {NULL, NULL}};
	struct plugin_settings s = {0};
	struct ldap_settings ls;
	struct cfg_table lt;
	char *err = NULL;

	T_CHECK(plugin_settings_load(&s, get, badint, &err) == PST_PERMFAIL && err != NULL,
	        "a time-out of 0 is refused");
	xfree(&err);
	plugin_settings_release(&s);
	T_CHECK(plugin_settings_load(&s, get, badbool, &err) == PST_PERMFAIL && err != NULL,
	        "a misspelt boolean is refused");
	xfree(&err);
	plugin_settings_release(&s);

	T_CHECK(plugin_settings_load(&s, get, nobase, &err) == PST_OK, "URI without base loads");
	T_CHECK(plugin_settings_ldap(&s, &ls, &err) == PST_PERMFAIL && err != NULL &&
	                strstr(err, "search_base") != NULL,
	        "a URI without a search base is refused");
	xfree(&err);
	lt = ldap_settings_table(&ls);
	cfg_release(&lt, 1);
	plugin_settings_release(&s);

	T_CHECK(plugin_settings_load(&s, get, nopw, &err) == PST_OK, "bind DN loads");
	T_CHECK(plugin_settings_ldap(&s, &ls, &err) == PST_PERMFAIL && err != NULL,
	        "an unreadable password file is refused");
	xfree(&err);
	lt = ldap_settings_table(&ls);
	cfg_release(&lt, 1);
	plugin_settings_release(&s);
}

/* test_readme - doc/sasl-plugin.md holds the table as the code prints it: no drift */
static void
test_readme(void)
{
	struct plugin_settings st = {0};
	struct cfg_table t = plugin_settings_table(&st);
	char *text, *doc = NULL, *table;
	size_t doclen = 0, len;
	FILE *fp = fopen("doc/sasl-plugin.md", "r"), *mem;
	long n;

	T_CHECK(fp != NULL, "doc/sasl-plugin.md is readable (tests run from the repository root)");
	if (fp == NULL)
		return;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	text = xcalloc((size_t)n + 1, 1);
	T_CHECK(fread(text, 1, (size_t)n, fp) == (size_t)n, "doc/sasl-plugin.md read");
	fclose(fp);

	mem = open_memstream(&doc, &doclen);
	cfg_print_doc(mem, &t, 1);
	fclose(mem);
	/* The page has its own heading: compare from the table's first line. */
	table = strstr(doc, "| key |");
	T_CHECK(table != NULL, "cfg_print_doc prints a table");
	if (table != NULL) {
		len = strlen(table);
		while (len > 0 && table[len - 1] == '\n')
			table[--len] = '\0';
		T_CHECK(strstr(text, table) != NULL,
		        "doc/sasl-plugin.md's settings table is the one the code prints "
		        "(regenerate with build/tests/tools/sasl_plugin_settings -m)");
	}
	free(doc);
	xfree(&text);
}

int
main(void)
{
	test_defaults();
	test_values();
	test_refused();
	test_readme();
	return t_done("test_saslplugin_settings");
}
