/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_authd_settings.c: the command line (saslauthd's flags), the three
 * settings tables read from files (a saslauthd.conf with aliases, then
 * postino.conf), flags overriding files, and refusal of bad values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../authd/authd_conf.h"
#include "../../authd/opts.h"
#include "secret.h"
#include "t.h"
#include "xalloc.h"

static char dir[] = "/tmp/test_authd_settings.XXXXXX";

static char *
write_file(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "w");

	fputs(text, fp);
	fclose(fp);
	return path;
}

static enum pst_result
parse(int argc, char **argv, struct authd_opts *o, char **err)
{
	*err = NULL;
	return authd_opts_parse(argc, argv, o, err);
}

static void
test_opts(void)
{
	struct authd_opts o;
	char *err = NULL;
	char *a1[] = {"authd", "-a", "ldap", "-O", "/x.conf", "-m", "/run/s", "-n", "5", "-c",
	              "-t",    "60", "-d",   "-r", "-l",      "-s", "1024",   "-V", NULL};
	char *a2[] = {"authd", "-a", "pam", NULL};
	char *a3[] = {"authd", "-m", "relative", NULL};
	char *a4[] = {"authd", "-t", "0", NULL};
	char *a5[] = {"authd", "-x", NULL};
	char *a6[] = {"authd", "--print-defaults", "-C", "/p.conf", NULL};

	T_CHECK(parse(18, a1, &o, &err) == PST_OK, "saslauthd flags accepted: %s", err ? err : "");
	T_CHECK(o.sasl_conf_given && strcmp(o.sasl_conf, "/x.conf") == 0, "-O");
	T_CHECK(strcmp(o.mux_path, "/run/s") == 0, "-m");
	T_CHECK(o.threads == 5 && o.cache && o.ttl == 60, "-n -c -t");
	T_CHECK(o.foreground && o.debug && o.realm_login && o.verbose, "-d -r -V");
	T_CHECK(!o.conf_given && strcmp(o.conf_path, "/etc/postino/postino.conf") == 0,
	        "default -C");
	T_CHECK(parse(3, a2, &o, &err) == PST_PERMFAIL && err != NULL, "-a pam refused");
	xfree(&err);
	T_CHECK(parse(3, a3, &o, &err) == PST_PERMFAIL, "relative -m refused");
	xfree(&err);
	T_CHECK(parse(3, a4, &o, &err) == PST_PERMFAIL, "-t 0 refused");
	xfree(&err);
	T_CHECK(parse(2, a5, &o, &err) == PST_PERMFAIL, "unknown flag refused");
	xfree(&err);
	T_CHECK(parse(4, a6, &o, &err) == PST_OK && o.print_defaults && o.conf_given, "long opts");
}

static void
test_files(void)
{
	struct authd_opts o;
	struct authd_conf *c = NULL;
	char *err = NULL;
	/* saslauthd.conf as the research notes list its keys, with aliases. */
	char *sasl = write_file("saslauthd.conf", "ldap_servers: ldap://a/ ldap://b/\n"
	                                          "ldap_bind_dn: cn=authd,dc=x\n"
	                                          "ldap_bind_pw: s3cret\n"
	                                          "ldap_search_base: ou=people,dc=x\n"
	                                          "ldap_filter: (uid=%u)\n"
	                                          "ldap_default_domain: example.org\n"
	                                          "ldap_timeout: 3\n"
	                                          "krb5_keytab: /etc/krb5.keytab\n");
	char *post = write_file("postino.conf", "authd_cache_ttl: 120\n"
	                                        "authd_threads: 8\n"
	                                        "ldap_timeout: 9\n"
	                                        "pwchange_listen: 127.0.0.1:443\n");
	char *bad = write_file("bad.conf", "authd_cache_ttl: many\n");
	char *fast = write_file("fast.conf", "ldap_auth_method: fastbind\n"
	                                     "ldap_filter: (uid=%u)\n");
	char *argv[] = {"authd",  "-C", post, "-O", sasl, "-m",
	                "/run/x", "-t", "30", "-n", "32", NULL};

	T_CHECK(parse(11, argv, &o, &err) == PST_OK, "parse");
	T_CHECK(authd_conf_load(&o, &c, &err) == PST_OK, "load: %s", err ? err : "");
	if (c == NULL)
		return;
	T_CHECK(c->nuris == 2 && strcmp(c->uris[1], "ldap://b/") == 0, "two URIs");
	T_CHECK(c->ldap.password != NULL && c->ldap.password->len == 6, "ldap_bind_pw alias");
	T_STREQ(c->ldap.default_realm, "example.org", "ldap_default_domain alias");
	T_CHECK(c->ldap.timeout == 3, "-O is read after -C and wins (got %ld)", c->ldap.timeout);
	T_CHECK(c->authd.cache_ttl == 30, "-t overrides the file");
	T_CHECK(c->authd.threads == 32, "-n raises authd_threads");
	T_STREQ(c->common.mux_socket, "/run/x/mux", "-m dir -> dir/mux");
	T_STREQ(c->common.control_socket, "/run/x/postino-control",
	        "-m moves the default control socket beside the mux socket");
	T_CHECK(c->authd.socket_mode == 0660, "socket mode default 0660");
	T_CHECK(c->authd.tempfail_reply == AUTHD_TEMPFAIL_CLOSE, "tempfail default: close");
	authd_conf_put(&c);

	/* As saslauthd: a directory named "mux" still gets DIR/mux. */
	argv[6] = "/run/x/mux";
	T_CHECK(parse(11, argv, &o, &err) == PST_OK && authd_conf_load(&o, &c, &err) == PST_OK,
	        "parse -m .../mux");
	if (c != NULL)
		T_STREQ(c->common.mux_socket, "/run/x/mux/mux", "-m dir/mux -> dir/mux/mux");
	authd_conf_put(&c);
	argv[6] = "/run/x";

	/* -n below authd_threads never lowers it. */
	argv[10] = "2";
	T_CHECK(parse(11, argv, &o, &err) == PST_OK && authd_conf_load(&o, &c, &err) == PST_OK &&
	                c->authd.threads == 8,
	        "-n 2 keeps 8 threads");
	authd_conf_put(&c);

	/* A bad value fails the whole load, naming the file. */
	argv[2] = bad;
	T_CHECK(parse(11, argv, &o, &err) == PST_OK, "parse");
	T_CHECK(authd_conf_load(&o, &c, &err) == PST_PERMFAIL && c == NULL, "bad value refused");
	T_CHECK(err != NULL && strstr(err, "bad.conf") != NULL, "error names the file: %s",
	        err ? err : "");
	xfree(&err);

	/* fastbind needs a DN template, not a filter. */
	argv[2] = fast;
	T_CHECK(parse(11, argv, &o, &err) == PST_OK, "parse");
	argv[4] = fast;
	T_CHECK(parse(11, argv, &o, &err) == PST_OK &&
	                authd_conf_load(&o, &c, &err) == PST_PERMFAIL,
	        "fastbind with a filter refused");
	xfree(&err);

	/* A missing -C file given explicitly is an error; the default may be absent. */
	{
		char *a[] = {"authd", "-C", "/nonexistent/postino.conf", NULL};

		T_CHECK(parse(3, a, &o, &err) == PST_OK &&
		                authd_conf_load(&o, &c, &err) == PST_PERMFAIL,
		        "missing explicit -C refused");
		xfree(&err);
	}
	unlink(sasl);
	unlink(post);
	unlink(bad);
	unlink(fast);
	xfree(&sasl);
	xfree(&post);
	xfree(&bad);
	xfree(&fast);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	test_opts();
	test_files();
	rmdir(dir);
	return t_done("authd_settings");
}
