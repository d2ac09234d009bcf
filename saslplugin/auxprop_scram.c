/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auxprop_scram.c: the auxprop plugin that serves SCRAM secrets.
 *
 * libsasl2's SCRAM mechanisms ask for "*userPassword" and "*authPassword"
 * and use userPassword as plaintext when it has a value, so this plugin
 * serves only authPassword (RFC 5803 SCRAM-SHA-1 / SCRAM-SHA-256 values)
 * and never userPassword, whose directory value is a hash. The account is
 * the canonical name with the realm stripped (postino_strip_realm). lib's
 * account policy decides: an account it refuses (disabled, locked, expired,
 * reset, a folded spelling of its name, a service not allowed) gets no
 * secrets, which makes SCRAM fail, and an error, which makes PLAIN fail
 * whatever the password checker said.
 * Which properties are filled, and how, is in auxprop_props.c.
 */
#include <string.h>

#include "auxprop_props.h"
#include "log.h"
#include "plugin.h"
#include "plugin_account.h"
#include "xalloc.h"

/* Longest user name looked up; libsasl2's canonical names are at most 1024 bytes. */
#define AUXPROP_USER_MAX 1024

int
auxprop_scram_lookup(void *glob, sasl_server_params_t *sparams, unsigned flags, const char *user,
                     unsigned ulen)
{
	struct plugin_ctx *ctx = glob;
	const sasl_utils_t *utils;
	const struct propval *pr;
	size_t idx[AUXPROP_WANT_MAX], n;
	struct account_match m;
	char q[160], *name, *err = NULL;
	const char *why;
	enum acct_state st;
	enum pst_result r;
	int rc;

	if (ctx == NULL || sparams == NULL || user == NULL)
		return SASL_BADPARAM;
	if (ctx->state == PLUGIN_OFF || (ctx->state == PLUGIN_ON && !ctx->have_ldap))
		return SASL_NOMECH;
	utils = sparams->utils;
	if (ulen == 0)
		ulen = (unsigned)strnlen(user, AUXPROP_USER_MAX + 1);
	log_quote(q, sizeof(q), user, ulen);
	if (ctx->state == PLUGIN_BROKEN) {
		plugin_log(utils, SASL_LOG_ERR, "no secrets for \"%s\": plugin configuration error",
		           q);
		return SASL_FAIL;
	}
	if (ulen > AUXPROP_USER_MAX || memchr(user, '\0', ulen) != NULL)
		return SASL_NOUSER;
	pr = utils->prop_get(sparams->propctx);
	if (pr == NULL)
		return SASL_FAIL;
	n = auxprop_wanted(pr, flags, idx);

	name = xmemdup0(user, ulen);
	r = account_by_name(ctx, name, sparams->service, sparams->user_realm, n > 0, &m, &err);
	xfree(&name);
	if (r != PST_OK) {
		plugin_log(utils, SASL_LOG_WARN, "lookup of \"%s\" failed: %s", q, err);
		xfree(&err);
		return r == PST_TEMPFAIL ? SASL_UNAVAIL : SASL_FAIL;
	}
	if (m.n == 0) {
		rc = SASL_NOUSER;
	} else if (m.n > 1) {
		plugin_log(utils, SASL_LOG_ERR, "\"%s\" matches more than one entry: no secrets",
		           q);
		rc = SASL_FAIL;
	} else if (account_allowed(ctx, &m.acct[0], sparams->service,
	                           n > 0 ? ACCT_PATH_SCRAM : ACCT_PATH_PLAIN_AUXPROP, &st,
	                           &why) != PST_OK) {
		plugin_log(utils, SASL_LOG_NOTE,
		           "refused login=\"%s\" account=%s path=%s state=%s reason=\"%s\"", q,
		           m.acct[0].e->uid != NULL ? m.acct[0].e->uid : "-",
		           acct_path_name(n > 0 ? ACCT_PATH_SCRAM : ACCT_PATH_PLAIN_AUXPROP),
		           acct_state_name(st), why);
		rc = st == ACCT_ST_SERVICE_DENIED ? SASL_NOAUTHZ : SASL_DISABLED;
	} else {
		auxprop_serve(utils, sparams->propctx, pr, idx, n, m.acct[0].secrets);
		rc = SASL_OK;
	}
	account_match_clear(&m);
	return rc;
}

int
auxprop_scram_store(void *glob, sasl_server_params_t *sparams, struct propctx *prctx,
                    const char *user, unsigned ulen)
{
	(void)glob;
	(void)user;
	(void)ulen;
	/*
	 * Passwords are changed with postinoctl or postino-pwchange, which
	 * write userPassword and the SCRAM secrets together. "Constraint
	 * violation" rather than a hard error: libsasl2 stops at the first
	 * plugin that fails, so a hard error here would also stop sasldb from
	 * storing for programs such as saslpasswd2 that use every plugin,
	 * while this answer only counts as "not stored here". With this plugin
	 * alone, the caller still sees a failure (setpass reports that no
	 * plugin supports storing).
	 */
	if (prctx != NULL && sparams != NULL)
		sparams->utils->seterror(sparams->utils->conn, 0,
		                         "postino: storing secrets is not supported; "
		                         "use postinoctl or postino-pwchange");
	return SASL_CONSTRAINT_VIOLAT;
}
