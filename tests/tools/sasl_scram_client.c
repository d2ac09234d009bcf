/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sasl_scram_client: run one SCRAM exchange between a libsasl2 client and
 * a libsasl2 server in this process, the server reading the account's
 * secret from the directory through libpostino.so. Other tests use it to
 * check that a password set by postinoctl or postino-pwchange works for
 * SCRAM (and that the old one no longer does).
 *
 * Usage: sasl_scram_client [-m MECH] [-H URI] [-D BINDDN] [-y PWFILE]
 *                          [-b BASE] [-s SERVICE] [-p PLUGINPATH] [-v] USER
 *   The password to try is read from stdin (first line), never from argv.
 *   -m MECH     SCRAM-SHA-256 (default) or SCRAM-SHA-1
 *   -H URI      directory URI (default: $LDAP_URI, as the slapd harness exports)
 *   -D BINDDN   the plugin's service DN (default: $SCRAM_DN)
 *   -y PWFILE   file holding that DN's password (default: a private temporary
 *               file written from $SCRAM_PW, the harness's variable)
 *   -b BASE     account search base (default: $PEOPLE_DN)
 *   -s SERVICE  SASL service name (default: imap)
 *   -p PATH     plugin path (default: build/sasl2 next to this tool, then the
 *               system's plugin directory)
 *   -v          show libsasl2's log lines
 * Exit status: 0 the exchange succeeded (both sides verified each other);
 * 1 the server refused the password or the account; 2 anything else
 * (usage, setup, directory unavailable).
 *
 * Example, after slapd_start:
 *   echo 'Alice-Pass-1' | build/tests/tools/sasl_scram_client alice
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "sasl_tool.h"

struct scram_args {
	const char *mech, *uri, *binddn, *pwfile, *base, *service, *user;
};

static int
usage(void)
{
	fprintf(stderr, "usage: sasl_scram_client [-m mech] [-H uri] [-D binddn] [-y pwfile] "
	                "[-b base] [-s service] [-p path] [-v] user < password\n");
	return 2;
}

/* env_default - *v, else the environment variable name, else NULL */
static const char *
env_default(const char *v, const char *name)
{
	return v != NULL ? v : getenv(name);
}

/* write_pwfile - a private temporary file holding pw; its path (xmalloc'd) or NULL */
static char *
write_pwfile(const char *pw)
{
	const char *tmp = getenv("TMPDIR");
	char *path = xasprintf("%s/sasl_scram_client.XXXXXX", tmp != NULL ? tmp : "/tmp");
	int fd = mkstemp(path);
	size_t n = strlen(pw);

	if (fd < 0 || fchmod(fd, 0600) != 0 || write(fd, pw, n) != (ssize_t)n ||
	    write(fd, "\n", 1) != 1) {
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		xfree(&path);
		return NULL;
	}
	close(fd);
	return path;
}

static int
run(const struct scram_args *a, const struct secret *pw, struct tool_opts *opts)
{
	sasl_callback_t gcb[] = {
	        {SASL_CB_GETOPT, TOOL_CB(tool_getopt), opts},
	        {SASL_CB_GETPATH, TOOL_CB(tool_getpath), NULL},
	        {SASL_CB_GETCONFPATH, TOOL_CB(tool_getconfpath), NULL},
	        {SASL_CB_LOG, TOOL_CB(tool_log), NULL},
	        {SASL_CB_LIST_END, NULL, NULL},
	};
	struct tool_client c = {a->user, NULL, pw, NULL};
	sasl_callback_t ccb[] = {
	        {SASL_CB_AUTHNAME, TOOL_CB(tool_client_simple), &c},
	        {SASL_CB_USER, TOOL_CB(tool_client_simple), &c},
	        {SASL_CB_PASS, TOOL_CB(tool_client_pass), &c},
	        {SASL_CB_LIST_END, NULL, NULL},
	};
	sasl_conn_t *srv = NULL, *cli = NULL;
	int rc, client_failed = 0, status = 2;

	if (sasl_server_init(gcb, "postino-scram-client") != SASL_OK ||
	    sasl_client_init(gcb) != SASL_OK) {
		fprintf(stderr, "libsasl2 initialisation failed\n");
		return 2;
	}
	if (sasl_server_new(a->service, "localhost", NULL, NULL, NULL, NULL, 0, &srv) != SASL_OK ||
	    sasl_client_new(a->service, "localhost", NULL, NULL, ccb, 0, &cli) != SASL_OK) {
		fprintf(stderr, "cannot create the SASL connections\n");
		goto out;
	}
	rc = tool_exchange(srv, cli, a->mech, &client_failed);
	if (rc == SASL_OK) {
		printf("%s: %s OK\n", a->user, a->mech);
		status = 0;
	} else {
		printf("%s: %s failed: %s\n", a->user, a->mech,
		       sasl_errdetail(client_failed ? cli : srv));
		/* Refusals are 1; a directory outage or a setup problem is 2. */
		status = rc == SASL_BADAUTH || rc == SASL_NOUSER || rc == SASL_DISABLED ||
		                         rc == SASL_NOAUTHZ || rc == SASL_NOMEM
		                 ? 1
		                 : 2;
	}
out:
	sasl_dispose(&cli);
	sasl_dispose(&srv);
	sasl_client_done();
	sasl_server_done();
	tool_client_free(&c);
	return status;
}

int
main(int argc, char **argv)
{
	struct scram_args a = {"SCRAM-SHA-256", NULL, NULL, NULL, NULL, "imap", NULL};
	struct tool_opts opts = {0};
	struct secret *pw;
	char *tmp_pwfile = NULL, *kv;
	int c, status;

	tool_default_plugin_path(argv[0]);
	while ((c = getopt(argc, argv, "b:D:H:m:p:s:vy:")) != -1) {
		switch (c) {
		case 'b':
			a.base = optarg;
			break;
		case 'D':
			a.binddn = optarg;
			break;
		case 'H':
			a.uri = optarg;
			break;
		case 'm':
			a.mech = optarg;
			break;
		case 'p':
			snprintf(tool_plugin_path, sizeof(tool_plugin_path), "%s", optarg);
			break;
		case 's':
			a.service = optarg;
			break;
		case 'v':
			tool_verbose = 1;
			break;
		case 'y':
			a.pwfile = optarg;
			break;
		default:
			return usage();
		}
	}
	if (optind != argc - 1)
		return usage();
	a.user = argv[optind];
	a.uri = env_default(a.uri, "LDAP_URI");
	a.binddn = env_default(a.binddn, "SCRAM_DN");
	a.base = env_default(a.base, "PEOPLE_DN");
	if (a.pwfile == NULL && getenv("SCRAM_PW") != NULL) {
		tmp_pwfile = write_pwfile(getenv("SCRAM_PW"));
		a.pwfile = tmp_pwfile;
	}
	if (a.uri == NULL || a.binddn == NULL || a.base == NULL || a.pwfile == NULL) {
		fprintf(stderr, "sasl_scram_client: need -H, -D, -y and -b (or the harness's "
		                "LDAP_URI, SCRAM_DN, SCRAM_PW and PEOPLE_DN)\n");
		return 2;
	}
	pw = tool_read_password(NULL);
	if (pw == NULL)
		return 2;

	tool_opts_add(&opts, "canon_user_plugin=postino");
	tool_opts_add(&opts, "auxprop_plugin=postino");
	kv = xasprintf("mech_list=%s", a.mech);
	tool_opts_add(&opts, kv);
	xfree(&kv);
	kv = xasprintf("postino_ldap_uri=%s", a.uri);
	tool_opts_add(&opts, kv);
	xfree(&kv);
	kv = xasprintf("postino_ldap_bind_dn=%s", a.binddn);
	tool_opts_add(&opts, kv);
	xfree(&kv);
	kv = xasprintf("postino_ldap_password_file=%s", a.pwfile);
	tool_opts_add(&opts, kv);
	xfree(&kv);
	kv = xasprintf("postino_ldap_search_base=%s", a.base);
	tool_opts_add(&opts, kv);
	xfree(&kv);

	status = run(&a, pw, &opts);
	if (tmp_pwfile != NULL)
		unlink(tmp_pwfile);
	xfree(&tmp_pwfile);
	secret_free(&pw);
	tool_opts_free(&opts);
	return status;
}
