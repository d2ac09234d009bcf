/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_saslplugin_canon_user.c: when canon_user_server() maps a name as a
 * certificate identity and when it treats it as an ordinary name, driven
 * through a stand-in for libsasl2's utils (mechanism name, the
 * SASL_AUTH_EXTERNAL value, the peer-issuer option) with a subject rule
 * and no directory. Only EXTERNAL's own authentication identity, marked
 * externally verified, may be mapped; a client's authzid, PLAIN's authid,
 * or a name that is not the application's value never is. Refusals fail
 * closed, the output limit holds, and out may alias the input.
 */
#include <stdarg.h>
#include <string.h>

#include "cert_ident.h"
#include "cert_rules.h"
#include "../../saslplugin/plugin.h"
#include "t.h"
#include "xalloc.h"

#define EXT   "/C=IT/O=Example/OU=People/CN=carol"
#define AUTH  (SASL_CU_AUTHID | SASL_CU_EXTERNALLY_VERIFIED)
#define BOTH  (AUTH | SASL_CU_AUTHZID)
#define OUTSZ 256

/* What the stand-in utils answer. */
static const char *fake_mech, *fake_ext, *fake_issuer;
static int seterrors;

static int
fake_getprop(sasl_conn_t *conn, int prop, const void **v)
{
	const char *s = prop == SASL_MECHNAME        ? fake_mech
	                : prop == SASL_AUTH_EXTERNAL ? fake_ext
	                                             : NULL;

	(void)conn;
	if (s == NULL)
		return SASL_NOTDONE;
	*v = s;
	return SASL_OK;
}

static int
fake_getopt(void *ctx, const char *plugin, const char *opt, const char **v, unsigned *len)
{
	(void)ctx;
	(void)plugin;
	if (strcmp(opt, PLUGIN_OPT_PEER_ISSUER) != 0 || fake_issuer == NULL)
		return SASL_FAIL;
	*v = fake_issuer;
	*len = (unsigned)strlen(fake_issuer);
	return SASL_OK;
}

static void
fake_seterror(sasl_conn_t *conn, unsigned flags, const char *fmt, ...)
{
	(void)conn;
	(void)flags;
	(void)fmt;
	seterrors++;
}

static void
fake_log(sasl_conn_t *conn, int level, const char *fmt, ...)
{
	(void)conn;
	(void)level;
	(void)fmt;
}

static sasl_utils_t utils;
static sasl_server_params_t sparams;
static struct plugin_ctx ctx;

/* canon - run canon_user_server on name; *out gets the result (or "") */
static int
canon(const char *name, unsigned flags, char *out, unsigned out_max)
{
	unsigned n = 12345;
	int rc;

	out[0] = '\0';
	rc = canon_user_server(&ctx, &sparams, name, (unsigned)strlen(name), flags, out, out_max,
	                       &n);
	if (rc == SASL_OK)
		T_CHECK(n == strlen(out), "\"%s\": length %u for \"%s\"", name, n, out);
	return rc;
}

/* expect - name with flags gives rc and (when OK) want */
static void
expect(const char *what, const char *name, unsigned flags, int want_rc, const char *want)
{
	char out[OUTSZ + 1];
	int rc = canon(name, flags, out, OUTSZ);

	T_CHECK(rc == want_rc, "%s: rc %d, want %d", what, rc, want_rc);
	if (rc == SASL_OK && want_rc == SASL_OK)
		T_STREQ(out, want, what);
}

static void
test_when_mapped(void)
{
	char buf[OUTSZ + 1];
	unsigned n = 0;

	expect("EXTERNAL's authid and authzid", EXT, BOTH, SASL_OK, "carol");
	expect("EXTERNAL's authid", EXT, AUTH, SASL_OK, "carol");
	sparams.user_realm = "example.org";
	expect("the realm is appended", EXT, BOTH, SASL_OK, "carol@example.org");
	expect("the mapped name maps to itself", "carol@example.org", BOTH, SASL_OK,
	       "carol@example.org");
	sparams.user_realm = NULL;

	/* libsasl2 may hand in its own output buffer as the input. */
	strcpy(buf, EXT);
	T_CHECK(canon_user_server(&ctx, &sparams, buf, (unsigned)strlen(buf), BOTH, buf, OUTSZ,
	                          &n) == SASL_OK,
	        "aliased buffers");
	T_STREQ(buf, "carol", "aliased result");
	strcpy(buf, EXT);
	T_CHECK(canon_user_server(&ctx, &sparams, buf, 0, BOTH, buf, OUTSZ, &n) == SASL_OK &&
	                n == 5,
	        "ulen 0 means NUL-terminated");

	/* Never mapped: the name stays what it was. */
	expect("a client's authzid", EXT, SASL_CU_AUTHZID, SASL_OK, EXT);
	expect("not externally verified", EXT, SASL_CU_AUTHID | SASL_CU_AUTHZID, SASL_OK, EXT);
	expect("verified but not the authid", EXT, SASL_CU_AUTHZID | SASL_CU_EXTERNALLY_VERIFIED,
	       SASL_OK, EXT);
	fake_mech = "PLAIN";
	expect("PLAIN's verified authid", EXT, BOTH, SASL_OK, EXT);
	fake_mech = NULL;
	expect("no mechanism (sasl_checkpass)", EXT, BOTH, SASL_OK, EXT);
	fake_mech = "EXTERNAL";
	expect("another spelling of the same subject", "CN=carol,OU=People,O=Example,C=IT", BOTH,
	       SASL_OK, "CN=carol,OU=People,O=Example,C=IT");
	fake_ext = NULL;
	expect("no SASL_AUTH_EXTERNAL", EXT, BOTH, SASL_OK, EXT);
	fake_ext = "";
	expect("empty SASL_AUTH_EXTERNAL", EXT, BOTH, SASL_OK, EXT);

	/* An application's canon callback may lower-case and add "@domain". */
	fake_ext = "CN=carol,OU=People,O=Example,C=IT";
	expect("rewritten by the application", "cn=carol,ou=people,o=example,c=it@example.org",
	       BOTH, SASL_OK, "carol");
	expect("two '@' is not such a rewrite", "cn=carol,ou=people,o=example,c=it@a@b", BOTH,
	       SASL_OK, "cn=carol,ou=people,o=example,c=it@a@b");
	expect("a longer value is not such a rewrite", "CN=carol,OU=People,O=Example,C=ITX", BOTH,
	       SASL_OK, "CN=carol,OU=People,O=Example,C=ITX");
	fake_ext = EXT;
}

static void
test_refusals(void)
{
	char out[OUTSZ + 1];
	int before;

	/* Each refusal names its reason through seterror. */
	before = seterrors;
	fake_ext = "/C=IT/O=Example/OU=People/CN=Mallory";
	expect("no rule matches", fake_ext, BOTH, SASL_BADAUTH, NULL);
	T_CHECK(seterrors > before, "a refusal sets the error text");
	fake_ext = "/C=IT/O=Example/OU=People";
	expect("a subject without a CN", fake_ext, BOTH, SASL_BADAUTH, NULL);
	fake_ext = "/C=IT/O=Ex+ZZample/CN=carol";
	expect("a malformed subject", fake_ext, BOTH, SASL_BADAUTH, NULL);
	fake_ext = "/C=IT/O=Example/OU=Staff/CN=carol+20admin";
	expect("a rule capture that is not an account name", fake_ext, BOTH, SASL_BADAUTH, NULL);
	fake_ext = EXT;

	/* The output limit counts every byte; one short is refused. */
	T_CHECK(canon(EXT, BOTH, out, 5) == SASL_OK, "exactly out_max fits");
	T_STREQ(out, "carol", "exact fit");
	T_CHECK(canon(EXT, BOTH, out, 4) == SASL_BUFOVER, "mapped name over out_max");
	T_CHECK(canon("bobby", SASL_CU_AUTHID, out, 4) == SASL_BUFOVER, "plain name over out_max");
	T_CHECK(canon("  \t", SASL_CU_AUTHID, out, OUTSZ) == SASL_FAIL, "all white space");

	/* Issuers configured: only a trusted one the application vouches for. */
	ctx.issuers = cert_issuers_parse("CN=Root CA,O=Example,C=IT", &(char *){NULL});
	T_CHECK(ctx.issuers != NULL, "issuer list");
	fake_issuer = NULL;
	expect("issuer not passed", EXT, BOTH, SASL_BADAUTH, NULL);
	fake_issuer = "CN=Evil CA,O=Example,C=IT";
	expect("untrusted issuer", EXT, BOTH, SASL_BADAUTH, NULL);
	fake_issuer = "/C=IT/O=Example/CN=Root+20CA";
	expect("trusted issuer", EXT, BOTH, SASL_OK, "carol");
	cert_issuers_free(&ctx.issuers);
	fake_issuer = NULL;

	/* A configuration error refuses certificates, not other names. */
	ctx.state = PLUGIN_BROKEN;
	expect("broken: certificate refused", EXT, BOTH, SASL_FAIL, NULL);
	expect("broken: other names pass", " dave ", SASL_CU_AUTHID, SASL_OK, "dave");
	/* Unconfigured: INTERNAL's behaviour, nothing mapped. */
	ctx.state = PLUGIN_OFF;
	expect("off: the subject is an ordinary name", EXT, BOTH, SASL_OK, EXT);
	ctx.state = PLUGIN_ON;
}

static void
test_limits(void)
{
	size_t big = 65536 + 1;
	char *name = xmalloc(big + 1), out[OUTSZ + 1];
	sasl_client_params_t cparams;
	unsigned n = 0;

	memset(name, 'a', big);
	name[big] = '\0';
	T_CHECK(canon_user_server(&ctx, &sparams, name, (unsigned)big, SASL_CU_AUTHID, out, OUTSZ,
	                          &n) == SASL_BUFOVER,
	        "oversized input refused before copying");
	T_CHECK(canon_user_server(&ctx, &sparams, name, 0, SASL_CU_AUTHID, out, OUTSZ, &n) ==
	                SASL_BUFOVER,
	        "oversized NUL-terminated input refused");
	xfree(&name);
	T_CHECK(canon_user_server(NULL, &sparams, "x", 1, AUTH, out, OUTSZ, &n) == SASL_BADPARAM,
	        "no context");

	/* The client side only trims: no realm, no mapping. */
	memset(&cparams, 0, sizeof(cparams));
	cparams.utils = &utils;
	T_CHECK(canon_user_client(&ctx, &cparams, " " EXT " ", 0, BOTH, out, OUTSZ, &n) ==
	                        SASL_OK &&
	                strcmp(out, EXT) == 0,
	        "client names pass through trimmed");
}

int
main(void)
{
	char *pats[2] = {"^CN=([a-z]+),OU=People,O=Example,C=IT$",
	                 "^CN=([^,]+),OU=Staff,O=Example,C=IT$"},
	     *err = NULL;

	utils.getprop = fake_getprop;
	utils.getopt = fake_getopt;
	utils.seterror = fake_seterror;
	utils.log = fake_log;
	sparams.utils = &utils;
	sparams.service = "smtp";
	fake_mech = "EXTERNAL";
	fake_ext = EXT;

	ctx.state = PLUGIN_ON;
	ctx.set.cert_require_cn = 1;
	ctx.subject_rules = cert_rules_new(pats, 2, "rule", &err);
	ctx.cn_rules = cert_rules_new(NULL, 0, "cn rule", &err);
	T_CHECK(ctx.subject_rules != NULL && ctx.cn_rules != NULL, "rules: %s", err ? err : "");
	if (ctx.subject_rules == NULL || ctx.cn_rules == NULL)
		return t_done("test_saslplugin_canon_user");

	test_when_mapped();
	test_refusals();
	test_limits();

	cert_rules_free(&ctx.subject_rules);
	cert_rules_free(&ctx.cn_rules);
	return t_done("test_saslplugin_canon_user");
}
