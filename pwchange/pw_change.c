/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pw_change.c: find the account, prove the current password, store the new
 * one, all against the directory.
 *
 * One LDAP connection per change: changes are rare, and a connection of
 * its own keeps one user's bind identity away from every other request.
 */
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <ldap.h>

#include "account.h"
#include "account_policy.h"
#include "ldap_conn.h"
#include "ldap_settings.h"
#include "ldap_template.h"
#include "log.h"
#include "ppolicy.h"
#include "pw_change.h"
#include "pw_history.h"
#include "pw_scheme.h"
#include "pw_store.h"
#include "secret.h"
#include "xalloc.h"

/*
 * An unknown user must cost about what a known one costs, or response
 * times tell which accounts exist: such requests verify the password
 * against this throw-away hash, as slapd does for a real account.
 */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char *dummy_hash;

static void
dummy_init(void)
{
	struct secret *pw = secret_from_str("postino-no-such-account");

	if (pw_hash(PW_CRYPT_SHA512, pw, &dummy_hash) != PST_OK)
		dummy_hash = NULL;
	secret_free(&pw);
}

static void
burn_time(const struct secret *pw)
{
	pthread_once(&dummy_once, dummy_init);
	if (dummy_hash != NULL)
		(void)pw_verify(dummy_hash, strlen(dummy_hash), pw);
}

static void
set_detail(struct pw_change_result *res, enum pw_change_status st, char *detail)
{
	res->status = st;
	xfree(&res->detail);
	res->detail = detail;
}

static const int scope_map[] = {LDAP_SCOPE_SUBTREE, LDAP_SCOPE_ONELEVEL, LDAP_SCOPE_BASE};

/*
 * find_account - the one entry the filter selects, decoded by lib's
 * account policy (with the identity check against the typed name).
 * PST_PERMFAIL when there is no such entry or more than one.
 */
static enum pst_result
find_account(LDAP *ld, const struct pw_change_cfg *cfg, const char *user,
             struct acct_entry **acct_r, struct pw_change_result *res)
{
	const struct ldap_settings *ls = cfg->ldap;
	struct ldap_template_vars v = {user, NULL, ls->default_realm, NULL};
	struct acct_decode d = {ls->ppolicy_default, ls->timeout, cfg->filter, &v, 0, 0};
	char *filter = NULL, *base = NULL, *err = NULL;
	const char *attrs[32];
	struct acct_terms ts;
	struct timeval tv = {ls->timeout, 0};
	LDAPMessage *msg = NULL;
	enum pst_result r = PST_PERMFAIL;
	size_t na = 0;
	int rc, n;

	memset(&ts, 0, sizeof(ts));
	if (ldap_template_expand(cfg->filter, &v, LDAP_TPL_FILTER, &filter, &err) != PST_OK ||
	    ldap_template_expand(ls->search_base ? ls->search_base : "", &v, LDAP_TPL_DN, &base,
	                         &err) != PST_OK) {
		set_detail(
		        res, PWC_BAD_CREDENTIALS,
		        xasprintf("user name does not fit the filter: %s", err ? err : "too long"));
		goto out;
	}
	while (acct_attrs[na] != NULL) {
		attrs[na] = acct_attrs[na];
		na++;
	}
	acct_ident_terms(cfg->filter, &v, 0, &ts);
	acct_ident_attrs(&ts, attrs, &na, sizeof(attrs) / sizeof(attrs[0]) - 1);
	rc = ldap_search_ext_s(ld, base, scope_map[ls->scope], filter, (char **)attrs, 0, NULL,
	                       NULL, &tv, 2, &msg);
	r = pst_ldap_result(rc);
	if (r != PST_OK) {
		/* A size-limit or no-such-base answer is a definite "no such account". */
		set_detail(res, r == PST_TEMPFAIL ? PWC_UNAVAILABLE : PWC_BAD_CREDENTIALS,
		           xasprintf("account search failed: %s", ldap_err2string(rc)));
		goto out;
	}
	r = PST_PERMFAIL;
	n = ldap_count_entries(ld, msg);
	if (n != 1) {
		set_detail(
		        res, PWC_BAD_CREDENTIALS,
		        xstrdup(n == 0 ? "no such account" : "the filter matches several entries"));
		goto out;
	}
	xfree(&err);
	r = acct_entry_decode(ld, ldap_first_entry(ld, msg), &d, acct_r, &err);
	if (r != PST_OK) {
		set_detail(res, PWC_UNAVAILABLE, xasprintf("account entry: %s", err ? err : "?"));
		r = PST_TEMPFAIL;
		goto out;
	}
	if ((*acct_r)->uid != NULL)
		res->uid = xstrdup((*acct_r)->uid);
out:
	if (msg != NULL)
		ldap_msgfree(msg);
	acct_ident_terms_free(&ts);
	xfree(&filter);
	xfree(&base);
	xfree(&err);
	return r;
}

/*
 * in_history - 1 if new_pw matches a pwdHistory value of dn. slapd keeps
 * the old hashes there but cannot compare a new hash against them (every
 * hash has its own salt), so the comparison is made here. An unreadable
 * history is no history.
 */
static int
in_history(LDAP *ld, const char *dn, const struct secret *new_pw, long timeout)
{
	char *attrs[] = {"pwdHistory", NULL};
	struct timeval tv = {timeout, 0};
	LDAPMessage *msg = NULL, *e;
	struct berval **vals;
	int hit = 0, rc;

	rc = ldap_search_ext_s(ld, dn, LDAP_SCOPE_BASE, "(objectClass=*)", attrs, 0, NULL, NULL,
	                       &tv, 1, &msg);
	if (rc != LDAP_SUCCESS || (e = ldap_first_entry(ld, msg)) == NULL) {
		log_debug("pwdHistory of %s not readable: %s", dn, ldap_err2string(rc));
		goto out;
	}
	vals = ldap_get_values_len(ld, e, "pwdHistory");
	for (size_t i = 0; vals != NULL && vals[i] != NULL && !hit; i++) {
		const char *v;
		size_t vlen;

		if (pw_history_value(vals[i]->bv_val, vals[i]->bv_len, &v, &vlen))
			hit = pw_verify(v, vlen, new_pw) == PST_OK;
	}
	ldap_value_free_len(vals);
out:
	if (msg != NULL)
		ldap_msgfree(msg);
	return hit;
}

/* set_refusal - the status for a password the server did not store */
static void
set_refusal(struct pw_change_result *res, enum pst_result r, int code, enum ppolicy_state st,
            char *why)
{
	switch (st) {
	case PPOLICY_IN_HISTORY:
		set_detail(res, PWC_IN_HISTORY, why);
		break;
	case PPOLICY_TOO_YOUNG:
		set_detail(res, PWC_TOO_YOUNG, why);
		break;
	case PPOLICY_TOO_SHORT:
		set_detail(res, PWC_TOO_SHORT, why);
		break;
	case PPOLICY_INSUFFICIENT:
		set_detail(res, PWC_QUALITY, why);
		break;
	case PPOLICY_MUST_SUPPLY_OLD:
		set_detail(res, PWC_OLD_NEEDED, why);
		break;
	case PPOLICY_MOD_NOT_ALLOWED:
		set_detail(res, PWC_NOT_ALLOWED, why);
		break;
	default:
		if (r == PST_TEMPFAIL)
			set_detail(res, PWC_UNAVAILABLE, why);
		else if (code == LDAP_INSUFFICIENT_ACCESS)
			set_detail(res, PWC_NOT_ALLOWED, why);
		else
			set_detail(res, PWC_REJECTED, why);
	}
}

/*
 * store_directory - password_store = directory: the Password Modify
 * operation, judged by the server's ppolicy, then the SCRAM values
 */
static enum pst_result
store_directory(LDAP *ld, const struct pw_change_cfg *cfg, const char *dn, int postino,
                const struct secret *current, const struct secret *new_pw,
                struct pw_change_result *res)
{
	struct pw_store_result sr;
	unsigned flags = (postino ? PWS_SCRAM : 0) | (res->must_change ? PWS_RESTRICTED : 0);
	enum pst_result r = pw_store_directory(ld, cfg->ldap, dn, current, new_pw, flags, &sr);

	if (r == PST_OK) {
		set_detail(res, PWC_CHANGED, xstrdup(sr.detail));
	} else {
		set_refusal(res, r, sr.code, sr.pp.state, xstrdup(sr.detail));
		if (sr.server_text != NULL)
			log_info("directory refused the password change of %s: %s", dn,
			         sr.server_text);
	}
	pw_store_result_release(&sr);
	return r;
}

/* store - the one modify; the server's verdict decides the result */
static enum pst_result
store(LDAP *ld, const struct pw_change_cfg *cfg, const char *dn, int postino,
      const struct secret *new_pw, struct pw_change_result *res)
{
	const struct ldap_settings *ls = cfg->ldap;
	LDAPControl ppreq = {LDAP_CONTROL_PASSWORDPOLICYREQUEST, {0, NULL}, 0};
	LDAPControl *sctrls[] = {&ppreq, NULL}, **rctrls = NULL;
	struct timeval tv = {ls->timeout, 0};
	LDAPMod **mods = NULL, *only_userpw[2] = {NULL, NULL};
	LDAPMessage *msg = NULL;
	struct ppolicy_info pp;
	char *errmsg = NULL;
	int msgid, rc, code = LDAP_OTHER;
	enum pst_result r;

	if (account_password_mods(ls, new_pw, time(NULL), &mods) != PST_OK) {
		set_detail(res, PWC_INTERNAL, xstrdup("cannot hash the new password"));
		return PST_TEMPFAIL;
	}
	if (!postino) {
		/*
		 * A plain inetOrgPerson (an account that predates postino) may
		 * hold neither authPassword nor postinoPasswordChanged: store
		 * only its userPassword, as saslauthd-era tools did.
		 */
		for (size_t i = 0; mods[i] != NULL; i++)
			if (strcasecmp(mods[i]->mod_type, ACCT_ATTR_USERPW) == 0)
				only_userpw[0] = mods[i];
	}
	rc = ldap_modify_ext(ld, dn, postino ? mods : only_userpw, sctrls, NULL, &msgid);
	account_mods_free(&mods);
	if (rc == LDAP_SUCCESS) {
		rc = ldap_result(ld, msgid, LDAP_MSG_ALL, &tv, &msg);
		if (rc == 0) {
			ldap_abandon_ext(ld, msgid, NULL, NULL);
			set_detail(res, PWC_UNAVAILABLE,
			           xstrdup("no answer to the modify in time; outcome unknown"));
			return PST_TEMPFAIL;
		}
		if (rc < 0) {
			ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &code);
			/* A failed wait must never read as a stored password. */
			if (pst_ldap_result(code) == PST_OK)
				code = LDAP_OTHER;
		} else if (ldap_parse_result(ld, msg, &code, NULL, &errmsg, NULL, &rctrls, 1) !=
		           LDAP_SUCCESS)
			code = LDAP_OTHER;
	} else {
		code = rc;
	}
	ppolicy_parse(ld, rctrls, &pp);
	r = pst_ldap_result(code);
	if (r == PST_OK && pp.state == PPOLICY_NONE) {
		set_detail(res, PWC_CHANGED, xstrdup("changed"));
	} else {
		char *why = xasprintf("modify refused: %s%s%s%s", ldap_err2string(code),
		                      pp.state != PPOLICY_NONE ? " (" : "",
		                      pp.state != PPOLICY_NONE ? ppolicy_state_text(pp.state) : "",
		                      pp.state != PPOLICY_NONE ? ")" : "");

		if (r == PST_OK)
			r = PST_PERMFAIL; /* a policy error attached to success is still an error */
		set_refusal(res, r, code, pp.state, why);
		if (errmsg != NULL && *errmsg != '\0')
			log_info("directory refused the password change of %s: %s", dn, errmsg);
	}
	if (rctrls != NULL)
		ldap_controls_free(rctrls);
	if (errmsg != NULL)
		ldap_memfree(errmsg);
	return r;
}

enum pst_result
pw_change_run(const struct pw_change_cfg *cfg, const char *user, const struct secret *current,
              const struct secret *new_pw, pw_change_gate_fn *gate, void *gate_arg,
              struct pw_change_result *res)
{
	const struct ldap_settings *ls = cfg->ldap;
	LDAP *ld = NULL;
	LDAPControl **ctrls = NULL;
	struct ppolicy_info pp;
	struct acct_entry *acct = NULL;
	struct acct_opts opts = {0, 0, 0};
	char *err = NULL, *key;
	const char *dn, *why = NULL;
	enum pst_result r;
	int rc = LDAP_OTHER;

	memset(res, 0, sizeof(*res));
	res->status = PWC_UNAVAILABLE;
	r = ldap_conn_connect(ls, &ld, &err);
	if (r != PST_OK) {
		set_detail(res, PWC_UNAVAILABLE,
		           xasprintf("directory: %s", err ? err : "unreachable"));
		xfree(&err);
	} else {
		r = find_account(ld, cfg, user, &acct, res);
	}
	/*
	 * The per-account limit counts the account the directory found, not
	 * the spelling typed: "ｕ00060" is u00060 to slapd, and so to the limit.
	 */
	key = xstrdup(res->uid != NULL ? res->uid : user);
	for (char *c = key; *c != '\0'; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	if (gate != NULL && gate(gate_arg, key)) {
		xfree(&key);
		set_detail(res, PWC_GATED, xstrdup("refused before the bind"));
		r = PST_PERMFAIL;
		goto out;
	}
	xfree(&key);
	if (r == PST_TEMPFAIL)
		goto out;
	if (r == PST_OK && acct->ident == ACCT_IDENT_MISMATCH) {
		/* A folded spelling of the name: answered as an unknown user. */
		set_detail(res, PWC_BAD_CREDENTIALS, xstrdup(acct_state_text(ACCT_ST_ALIAS)));
		r = PST_PERMFAIL;
	}
	if (r != PST_OK) {
		burn_time(current);
		goto out;
	}
	dn = acct->dn;

	r = ldap_conn_bind(ld, dn, current, ls->timeout, &rc, &ctrls);
	ppolicy_parse(ld, ctrls, &pp);
	if (ctrls != NULL)
		ldap_controls_free(ctrls);
	if (r == PST_TEMPFAIL) {
		set_detail(res, PWC_UNAVAILABLE, xasprintf("bind: %s", ldap_err2string(rc)));
		goto out;
	}
	if (r == PST_OK) {
		res->was_expired = pp.grace >= 0 || pp.state == PPOLICY_EXPIRED;
		res->must_change = pp.state == PPOLICY_MUST_CHANGE;
	} else if (rc == LDAP_INVALID_CREDENTIALS && pp.state == PPOLICY_EXPIRED) {
		/*
		 * slapd sends passwordExpired only after the password itself
		 * was verified, so this user has proven who they are; but the
		 * policy has no grace logins left for them to bind with. Only
		 * a DN configured for exactly this case may store the change.
		 */
		res->was_expired = 1;
		if (cfg->expired_dn == NULL || cfg->expired_pw == NULL) {
			set_detail(res, PWC_EXPIRED_NO_GRACE,
			           xstrdup("password expired, no grace logins, no "
			                   "pwchange_expired_dn"));
			r = PST_PERMFAIL;
			goto out;
		}
		r = ldap_conn_bind(ld, cfg->expired_dn, cfg->expired_pw, ls->timeout, &rc, NULL);
		if (r != PST_OK) {
			log_error("cannot bind as pwchange_expired_dn %s: %s", cfg->expired_dn,
			          ldap_err2string(rc));
			set_detail(res, PWC_UNAVAILABLE,
			           xstrdup("pwchange_expired_dn bind failed"));
			r = PST_TEMPFAIL;
			goto out;
		}
	} else {
		set_detail(res, PWC_BAD_CREDENTIALS,
		           xstrdup(pp.state == PPOLICY_LOCKED       ? "account locked"
		                   : rc == LDAP_INVALID_CREDENTIALS ? "wrong current password"
		                                                    : ldap_err2string(rc)));
		r = PST_PERMFAIL;
		goto out;
	}

	/* The password is proven: now the account policy may say why not (disabled). */
	if (acct_decide(acct, &opts, NULL, ACCT_PATH_PWCHANGE, time(NULL), NULL, &why) != PST_OK) {
		set_detail(res, PWC_NOT_ALLOWED, xstrdup(why));
		r = PST_PERMFAIL;
		goto out;
	}
	/* The directory compares the cleartext with its history itself in the directory mode. */
	if (ls->password_store != LS_PWSTORE_DIRECTORY && in_history(ld, dn, new_pw, ls->timeout)) {
		set_detail(res, PWC_IN_HISTORY, xstrdup("new password found in pwdHistory"));
		r = PST_PERMFAIL;
		goto out;
	}
	if (ls->password_store == LS_PWSTORE_DIRECTORY)
		r = store_directory(ld, cfg, dn, acct->has_class, current, new_pw, res);
	else
		r = store(ld, cfg, dn, acct->has_class, new_pw, res);
out:
	ldap_conn_close(&ld);
	acct_entry_free(&acct);
	return r;
}

void
pw_change_result_release(struct pw_change_result *res)
{
	xfree(&res->uid);
	xfree(&res->detail);
}
