/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sasl_try: drive libsasl2 as a server (and, for password mechanisms, as an
 * in-process client) with libpostino.so on the plugin path, and report
 * what happened. The integration tests of the SASL plugin are built on it.
 *
 * Usage: sasl_try [options] MODE
 *   MODE   external         EXTERNAL with the identity from -e or -E
 *          plain            PLAIN from an in-process libsasl2 client
 *          plain-raw        PLAIN with a hand-made "authzid\0authid\0pw"
 *                           response, so the server sees -u byte for byte
 *          scram-sha-256, scram-sha-1
 *                           a full SCRAM exchange with an in-process client
 *   -a APP       application name; the server reads DIR/APP.conf (-c)
 *   -c DIR       SASL config directory (default: none)
 *   -B           call sasl_client_init() before sasl_server_init(), as some
 *                hosts do (the canonuser plugin is then initialised before
 *                APP.conf has been read)
 *   -p PATH      plugin path (default: build/sasl2 next to this tool, then
 *                the system's plugin directory)
 *   -o KEY=VAL   global SASL option (repeatable), e.g.
 *                -o canon_user_plugin=postino -o postino_ldap_uri=ldap://...
 *   -O KEY=VAL   per-connection SASL option (repeatable), e.g.
 *                -O postino_peer_issuer=/C=IT/O=Example/CN=CA
 *   -s SERVICE   service name (default smtp)
 *   -r REALM     user realm given to sasl_server_new
 *   -u USER      authentication id (plain, scram)
 *   -z AUTHZID   authorization id (all modes; under EXTERNAL it is sent as
 *                the client's initial response)
 *   -w FILE      password file (first line); default: read from stdin
 *   -e ID        the external identity (SASL_AUTH_EXTERNAL), as given
 *   -E CERT      the external identity from a PEM certificate, the way
 *                sendmail passes it (xtext of OpenSSL's oneline subject),
 *                with its issuer as the per-connection postino_peer_issuer
 *                unless -O sets that; -C passes the subject's CN instead,
 *                the way Cyrus imapd does
 *   -K DOMAIN    register an application canon callback like Cyrus imapd's:
 *                lower-case the name and append "@DOMAIN" (it runs before
 *                any canonuser plugin)
 *   -n COUNT     run COUNT times, each on a new connection (default 1)
 *   -P FILE      before every run after the first, wait (at most 30 s) until
 *                FILE exists, so a test can change the world between runs
 *   -F N         fork test: after the first run, fork; the child runs N
 *                times (N may be 0) and shuts libsasl2 down, as a forked
 *                mail server process would; then the parent runs once more.
 *                Exit status covers both processes
 *   -x EXPECT    expected result of every run: ok, or a SASL code such as
 *                -13 or a name such as BADAUTH
 *   -U NAME      expected SASL_USERNAME after a successful run
 *   -v           show libsasl2's log lines
 * Prints one line per run: "result=CODE(NAME) user=U authid=A detail=...".
 * Exit status: 0 when every run met -x/-U (or succeeded, without -x);
 * 1 when one did not; 2 on a usage or setup error.
 */
#include <ctype.h>
#include <sys/wait.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "sasl_tool.h"

struct try_args {
	const char *app, *mode, *service, *realm, *authid, *authzid, *pwfile, *ext, *cert;
	const char *expect, *want_user, *app_domain, *pause_file;
	int cn_only, client_first, use_client;
	long count, fork_runs; /* fork_runs < 0: no fork test */
	struct tool_opts global, conn;
};

static const struct {
	int code;
	const char *name;
} try_codes[] = {
        {SASL_OK, "OK"},
        {SASL_CONTINUE, "CONTINUE"},
        {SASL_FAIL, "FAIL"},
        {SASL_NOMEM, "NOMEM"},
        {SASL_BUFOVER, "BUFOVER"},
        {SASL_NOMECH, "NOMECH"},
        {SASL_BADPROT, "BADPROT"},
        {SASL_NOTDONE, "NOTDONE"},
        {SASL_BADPARAM, "BADPARAM"},
        {SASL_TRYAGAIN, "TRYAGAIN"},
        {SASL_BADMAC, "BADMAC"},
        {SASL_NOTINIT, "NOTINIT"},
        {SASL_INTERACT, "INTERACT"},
        {SASL_BADSERV, "BADSERV"},
        {SASL_WRONGMECH, "WRONGMECH"},
        {SASL_BADAUTH, "BADAUTH"},
        {SASL_NOAUTHZ, "NOAUTHZ"},
        {SASL_TOOWEAK, "TOOWEAK"},
        {SASL_ENCRYPT, "ENCRYPT"},
        {SASL_TRANS, "TRANS"},
        {SASL_EXPIRED, "EXPIRED"},
        {SASL_DISABLED, "DISABLED"},
        {SASL_NOUSER, "NOUSER"},
        {SASL_BADVERS, "BADVERS"},
        {SASL_UNAVAIL, "UNAVAIL"},
        {SASL_NOVERIFY, "NOVERIFY"},
        {SASL_PWLOCK, "PWLOCK"},
        {SASL_NOCHANGE, "NOCHANGE"},
        {SASL_WEAKPASS, "WEAKPASS"},
        {SASL_NOUSERPASS, "NOUSERPASS"},
        {SASL_CONSTRAINT_VIOLAT, "CONSTRAINT_VIOLAT"},
};

static const char *
code_name(int code)
{
	size_t i;

	for (i = 0; i < sizeof(try_codes) / sizeof(try_codes[0]); i++)
		if (try_codes[i].code == code)
			return try_codes[i].name;
	return "?";
}

/* expect_code - the code -x names; 1 on success */
static int
expect_code(const char *s, int *code_r)
{
	size_t i;
	char *end;
	long v;

	if (strcasecmp(s, "ok") == 0) {
		*code_r = SASL_OK;
		return 1;
	}
	for (i = 0; i < sizeof(try_codes) / sizeof(try_codes[0]); i++)
		if (strcasecmp(s, try_codes[i].name) == 0) {
			*code_r = try_codes[i].code;
			return 1;
		}
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0')
		return 0;
	*code_r = (int)v;
	return 1;
}

/* xtextify - sendmail's encoding of a certificate field (savemail.c xtextify) */
static char *
xtextify(const char *in)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, o = 0, n = strlen(in);
	char *out = xmalloc(n * 3 + 1);

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c < '!' || c > '~' || c == '+' || c == '\\' || c == '(' ||
		    strchr("<>\")", c) != NULL) {
			out[o++] = '+';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return out;
}

/* cert_identity - what sendmail (or, with cn_only, Cyrus imapd) passes for cert */
static int
cert_identity(const char *path, int cn_only, char **ext_r, char **issuer_r)
{
	char buf[256];
	FILE *fp = fopen(path, "r");
	X509 *x;

	if (fp == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	x = PEM_read_X509(fp, NULL, NULL, NULL);
	fclose(fp);
	if (x == NULL) {
		fprintf(stderr, "%s: not a PEM certificate\n", path);
		return -1;
	}
	if (cn_only) {
		if (X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, buf,
		                              sizeof(buf)) < 0)
			buf[0] = '\0';
		*ext_r = xstrdup(buf);
	} else {
		/* sendmail: X509_NAME_oneline into a 256-byte buffer, then xtextify. */
		X509_NAME_oneline(X509_get_subject_name(x), buf, sizeof(buf));
		*ext_r = xtextify(buf);
	}
	X509_NAME_oneline(X509_get_issuer_name(x), buf, sizeof(buf));
	*issuer_r = xtextify(buf);
	X509_free(x);
	return 0;
}

/* app_canon - SASL_CB_CANON_USER as Cyrus imapd does it: lower case, "@domain" appended */
static int
app_canon(sasl_conn_t *conn, void *context, const char *in, unsigned inlen, unsigned flags,
          const char *user_realm, char *out, unsigned out_max, unsigned *out_len)
{
	const char *domain = context;
	size_t dl = strlen(domain), i;
	char *copy;

	(void)conn;
	(void)flags;
	(void)user_realm;
	if (inlen == 0)
		inlen = (unsigned)strlen(in);
	if (inlen + 1 + dl > out_max)
		return SASL_BUFOVER;
	copy = xmemdup0(in, inlen);
	for (i = 0; i < inlen; i++)
		out[i] = (char)tolower((unsigned char)copy[i]);
	xfree(&copy);
	if (memchr(out, '@', inlen) == NULL) {
		out[inlen] = '@';
		memcpy(out + inlen + 1, domain, dl);
		inlen += (unsigned)(1 + dl);
	}
	out[inlen] = '\0';
	*out_len = inlen;
	return SASL_OK;
}

static int
usage(void)
{
	fprintf(stderr,
	        "usage: sasl_try [-a app] [-B] [-c dir] [-p path] [-o k=v]... [-O k=v]... "
	        "[-s service] [-r realm]\n"
	        "\t[-u user] [-z authzid] [-w pwfile] [-e id | -E cert.pem [-C]] [-K domain]\n"
	        "\t[-n count] [-x expect] [-U user] [-v] external|plain|plain-raw|scram-sha-256|"
	        "scram-sha-1\n");
	return 2;
}

/* run_external - one EXTERNAL attempt on conn */
static int
run_external(sasl_conn_t *conn, const struct try_args *a)
{
	sasl_ssf_t ssf = 256;
	const char *out = NULL;
	unsigned outlen = 0;
	const char *zid = a->authzid != NULL ? a->authzid : "";

	sasl_setprop(conn, SASL_SSF_EXTERNAL, &ssf);
	/* The value is the string itself (const char *), not its address. */
	sasl_setprop(conn, SASL_AUTH_EXTERNAL, a->ext);
	return sasl_server_start(conn, "EXTERNAL", zid, (unsigned)strlen(zid), &out, &outlen);
}

/* run_plain_raw - PLAIN with the response built by hand */
static int
run_plain_raw(sasl_conn_t *conn, const struct try_args *a, const struct secret *pw)
{
	const char *zid = a->authzid != NULL ? a->authzid : "";
	size_t zl = strlen(zid), ul = strlen(a->authid), n = zl + 1 + ul + 1 + pw->len;
	char *msg = xmalloc(n);
	const char *out = NULL;
	unsigned outlen = 0;
	int rc;

	memcpy(msg, zid, zl);
	msg[zl] = '\0';
	memcpy(msg + zl + 1, a->authid, ul);
	msg[zl + 1 + ul] = '\0';
	memcpy(msg + zl + ul + 2, pw->data, pw->len);
	rc = sasl_server_start(conn, "PLAIN", msg, (unsigned)n, &out, &outlen);
	secret_wipe(msg, n);
	xfree(&msg);
	return rc;
}

/* run_client - a mechanism between an in-process client and conn */
static int
run_client(sasl_conn_t *conn, const struct try_args *a, const struct secret *pw, const char *mech)
{
	struct tool_client c = {a->authid, a->authzid, pw, NULL};
	sasl_callback_t ccb[] = {
	        {SASL_CB_AUTHNAME, TOOL_CB(tool_client_simple), &c},
	        {SASL_CB_USER, TOOL_CB(tool_client_simple), &c},
	        {SASL_CB_PASS, TOOL_CB(tool_client_pass), &c},
	        {SASL_CB_LIST_END, NULL, NULL},
	};
	sasl_conn_t *cli = NULL;
	int rc, client_failed;

	rc = sasl_client_new(a->service, "localhost", NULL, NULL, ccb, 0, &cli);
	if (rc != SASL_OK) {
		fprintf(stderr, "sasl_client_new: %s\n", sasl_errstring(rc, NULL, NULL));
		tool_client_free(&c);
		return rc;
	}
	rc = tool_exchange(conn, cli, mech, &client_failed);
	if (client_failed)
		printf("client: %s\n", sasl_errdetail(cli));
	sasl_dispose(&cli);
	tool_client_free(&c);
	return rc;
}

static int
run_once(const struct try_args *a, const struct secret *pw, sasl_callback_t *conncb, long i)
{
	sasl_conn_t *conn = NULL;
	int rc, want = SASL_OK, ok;
	const char *user;

	rc = sasl_server_new(a->service, "localhost", a->realm, NULL, NULL, conncb, 0, &conn);
	if (rc != SASL_OK) {
		fprintf(stderr, "sasl_server_new: %s\n", sasl_errstring(rc, NULL, NULL));
		return -1;
	}
	if (strcmp(a->mode, "external") == 0)
		rc = run_external(conn, a);
	else if (strcmp(a->mode, "plain-raw") == 0)
		rc = run_plain_raw(conn, a, pw);
	else if (strcmp(a->mode, "plain") == 0)
		rc = run_client(conn, a, pw, "PLAIN");
	else if (strcmp(a->mode, "scram-sha-256") == 0)
		rc = run_client(conn, a, pw, "SCRAM-SHA-256");
	else
		rc = run_client(conn, a, pw, "SCRAM-SHA-1");
	user = rc == SASL_OK ? tool_prop(conn, SASL_USERNAME) : "";
	printf("run %ld: result=%d(%s) user=%s authid=%s detail=%s\n", i + 1, rc, code_name(rc),
	       user, rc == SASL_OK ? tool_prop(conn, SASL_AUTHUSER) : "",
	       rc == SASL_OK ? "" : sasl_errdetail(conn));
	if (a->expect != NULL)
		expect_code(a->expect, &want);
	ok = rc == want;
	if (ok && rc == SASL_OK && a->want_user != NULL && strcmp(user, a->want_user) != 0) {
		printf("run %ld: user is \"%s\", expected \"%s\"\n", i + 1, user, a->want_user);
		ok = 0;
	}
	sasl_dispose(&conn);
	return ok ? 0 : 1;
}

/* wait_for_file - poll for path, for at most 30 seconds */
static void
wait_for_file(const char *path)
{
	int i;

	fflush(stdout);
	for (i = 0; i < 300 && access(path, F_OK) != 0; i++)
		usleep(100000);
}

/* run_series - runs first+1 .. first+n; 0 all as expected, 1 not, 2 setup error */
/* client_init - sasl_client_init with the global callbacks; 0 on success */
static int
client_init(const sasl_callback_t *gcb)
{
	int rc = sasl_client_init(gcb);

	if (rc != SASL_OK)
		fprintf(stderr, "sasl_client_init: %s\n", sasl_errstring(rc, NULL, NULL));
	return rc == SASL_OK ? 0 : -1;
}

static int
run_series(const struct try_args *a, const struct secret *pw, sasl_callback_t *conncb, long first,
           long n)
{
	int rc, failed = 0;
	long i;

	for (i = first; i < first + n; i++) {
		if (i > 0 && a->pause_file != NULL)
			wait_for_file(a->pause_file);
		rc = run_once(a, pw, conncb, i);
		if (rc < 0)
			return 2;
		if (rc > 0)
			failed = 1;
	}
	return failed;
}

/*
 * fork_test - a run, then a child that inherits the plugin's directory
 * connection and runs fork_runs times before shutting libsasl2 down, then
 * one more run in the parent, which must find its own connection intact.
 */
static int
fork_test(const struct try_args *a, const struct secret *pw, sasl_callback_t *conncb)
{
	int failed, st, child;
	pid_t pid;

	failed = run_series(a, pw, conncb, 0, 1);
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		child = run_series(a, pw, conncb, 1, a->fork_runs);
		sasl_server_done();
		if (a->use_client)
			sasl_client_done();
		fflush(stdout);
		_exit(child);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		child = 2;
	else
		child = WEXITSTATUS(st);
	printf("child: exit %d\n", child);
	st = run_series(a, pw, conncb, 1 + a->fork_runs, 1);
	failed = failed > child ? failed : child;
	return failed > st ? failed : st;
}

static int
parse_args(int argc, char **argv, struct try_args *a)
{
	int c, code;

	a->service = "smtp";
	a->count = 1;
	a->fork_runs = -1;
	while ((c = getopt(argc, argv, "a:BCc:E:e:F:K:n:O:o:P:p:r:s:U:u:vw:x:z:")) != -1) {
		switch (c) {
		case 'a':
			a->app = optarg;
			break;
		case 'B':
			a->client_first = 1;
			break;
		case 'C':
			a->cn_only = 1;
			break;
		case 'c':
			tool_conf_dir = optarg;
			break;
		case 'E':
			a->cert = optarg;
			break;
		case 'e':
			a->ext = optarg;
			break;
		case 'F':
			a->fork_runs = strtol(optarg, NULL, 10);
			if (a->fork_runs < 0 || a->fork_runs > 100000)
				return -1;
			break;
		case 'K':
			a->app_domain = optarg;
			break;
		case 'n':
			a->count = strtol(optarg, NULL, 10);
			if (a->count < 0 || a->count > 100000)
				return -1;
			break;
		case 'O':
			if (tool_opts_add(&a->conn, optarg) != 0)
				return -1;
			break;
		case 'o':
			if (tool_opts_add(&a->global, optarg) != 0)
				return -1;
			break;
		case 'P':
			a->pause_file = optarg;
			break;
		case 'p':
			snprintf(tool_plugin_path, sizeof(tool_plugin_path), "%s", optarg);
			break;
		case 'r':
			a->realm = optarg;
			break;
		case 's':
			a->service = optarg;
			break;
		case 'U':
			a->want_user = optarg;
			break;
		case 'u':
			a->authid = optarg;
			break;
		case 'v':
			tool_verbose = 1;
			break;
		case 'w':
			a->pwfile = optarg;
			break;
		case 'x':
			a->expect = optarg;
			if (!expect_code(optarg, &code))
				return -1;
			break;
		case 'z':
			a->authzid = optarg;
			break;
		default:
			return -1;
		}
	}
	if (optind != argc - 1)
		return -1;
	a->mode = argv[optind];
	if (strcmp(a->mode, "external") == 0)
		return a->ext != NULL || a->cert != NULL ? 0 : -1;
	if (strcmp(a->mode, "plain") != 0 && strcmp(a->mode, "plain-raw") != 0 &&
	    strcmp(a->mode, "scram-sha-256") != 0 && strcmp(a->mode, "scram-sha-1") != 0)
		return -1;
	return a->authid != NULL ? 0 : -1;
}

int
main(int argc, char **argv)
{
	struct try_args a;
	struct secret *pw = NULL;
	char *ext = NULL, *issuer = NULL;
	int rc, failed;

	memset(&a, 0, sizeof(a));
	tool_default_plugin_path(argv[0]);
	if (parse_args(argc, argv, &a) != 0)
		return usage();
	if (a.cert != NULL) {
		if (cert_identity(a.cert, a.cn_only, &ext, &issuer) != 0)
			return 2;
		a.ext = ext;
		if (tool_opts_find(&a.conn, "postino_peer_issuer") == NULL) {
			char *kv = xasprintf("postino_peer_issuer=%s", issuer);

			tool_opts_add(&a.conn, kv);
			xfree(&kv);
		}
		printf("identity=%s issuer=%s\n", a.ext, issuer);
	}
	if (strcmp(a.mode, "external") != 0) {
		pw = tool_read_password(a.pwfile);
		if (pw == NULL)
			return 2;
	}

	sasl_callback_t gcb[] = {
	        {SASL_CB_GETOPT, TOOL_CB(tool_getopt), &a.global},
	        {SASL_CB_GETPATH, TOOL_CB(tool_getpath), NULL},
	        {SASL_CB_GETCONFPATH, TOOL_CB(tool_getconfpath), NULL},
	        {SASL_CB_LOG, TOOL_CB(tool_log), NULL},
	        {SASL_CB_LIST_END, NULL, NULL},
	};
	sasl_callback_t conncb[] = {
	        {SASL_CB_GETOPT, TOOL_CB(tool_getopt), &a.conn},
	        {SASL_CB_LIST_END, NULL, NULL},
	        {SASL_CB_LIST_END, NULL, NULL},
	};

	if (a.app_domain != NULL) {
		conncb[1].id = SASL_CB_CANON_USER;
		conncb[1].proc = TOOL_CB(app_canon);
		conncb[1].context = (void *)a.app_domain;
	}
	a.use_client = a.client_first ||
	               (strcmp(a.mode, "external") != 0 && strcmp(a.mode, "plain-raw") != 0);
	if (a.client_first && client_init(gcb) != 0)
		return 2;
	rc = sasl_server_init(gcb, a.app != NULL ? a.app : "postino-test");
	if (rc != SASL_OK) {
		fprintf(stderr, "sasl_server_init: %s\n", sasl_errstring(rc, NULL, NULL));
		return 2;
	}
	if (a.use_client && !a.client_first && client_init(gcb) != 0)
		return 2;
	if (a.fork_runs >= 0)
		failed = fork_test(&a, pw, conncb);
	else
		failed = run_series(&a, pw, conncb, 0, a.count);
	sasl_server_done();
	if (a.use_client)
		sasl_client_done();
	secret_free(&pw);
	xfree(&ext);
	xfree(&issuer);
	tool_opts_free(&a.global);
	tool_opts_free(&a.conn);
	return failed;
}
