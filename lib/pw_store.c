/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pw_store.c: the Password Modify operation and the SCRAM modifies around
 * it (the order and its reasons are in pw_store.h).
 */
#include <string.h>
#include <time.h>

#include "account.h"
#include "ldap_conn.h"
#include "ldap_settings.h"
#include "log.h"
#include "pw_store.h"
#include "secret.h"
#include "xalloc.h"

/*
 * answer - wait up to timeout_s for the result of msgid; the LDAP result
 * code (LDAP_TIMEOUT when none came: the operation is abandoned and its
 * outcome is unknown). text_r and ctrls_r may be NULL.
 */
static int
answer(LDAP *ld, int msgid, long timeout_s, char **text_r, LDAPControl ***ctrls_r)
{
	struct timeval tv = {timeout_s, 0};
	LDAPMessage *msg = NULL;
	char *text = NULL;
	int rc, code = LDAP_OTHER;

	rc = ldap_result(ld, msgid, LDAP_MSG_ALL, &tv, &msg);
	if (rc == 0) {
		ldap_abandon_ext(ld, msgid, NULL, NULL);
		return LDAP_TIMEOUT;
	}
	if (rc < 0) {
		ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &code);
		/* A failed wait must never read as success. */
		return code == LDAP_SUCCESS ? LDAP_OTHER : code;
	}
	if (ldap_parse_result(ld, msg, &code, NULL, &text, NULL, ctrls_r, 1) != LDAP_SUCCESS)
		return LDAP_OTHER;
	if (text_r != NULL && text != NULL && *text != '\0')
		*text_r = xstrdup(text);
	if (text != NULL)
		ldap_memfree(text);
	return code;
}

/* modify - one modify of dn, waited for; the LDAP result code */
static int
modify(LDAP *ld, const char *dn, LDAPMod **mods, long timeout_s)
{
	int msgid, rc = ldap_modify_ext(ld, dn, mods, NULL, NULL, &msgid);

	return rc != LDAP_SUCCESS ? rc : answer(ld, msgid, timeout_s, NULL, NULL);
}

/*
 * scram_set - SCRAM values for pw, and the change time when stamp (not when
 * the old password's values come back); the LDAP result code
 */
static int
scram_set(LDAP *ld, const struct ldap_settings *ls, const char *dn, const struct secret *pw,
          int stamp)
{
	LDAPMod **mods = NULL, *stamp_mod = NULL;
	int rc;

	if (account_scram_mods(ls, pw, time(NULL), &mods) != PST_OK)
		return LDAP_LOCAL_ERROR;
	/* account_scram_mods: [0] authPassword, [1] postinoPasswordChanged */
	if (!stamp) {
		stamp_mod = mods[1];
		mods[1] = NULL;
	}
	rc = modify(ld, dn, mods, ls->timeout);
	if (stamp_mod != NULL)
		mods[1] = stamp_mod;
	account_mods_free(&mods);
	return rc;
}

/* scram_clear - remove every SCRAM value (a replace with none succeeds on an empty attribute) */
static int
scram_clear(LDAP *ld, const struct ldap_settings *ls, const char *dn)
{
	char type[] = ACCT_ATTR_AUTHPW;
	LDAPMod mod = {.mod_op = LDAP_MOD_REPLACE, .mod_type = type};
	LDAPMod *mods[] = {&mod, NULL};

	return modify(ld, dn, mods, ls->timeout);
}

/* passwd_exop - RFC 3062 Password Modify with the ppolicy request control */
static int
passwd_exop(LDAP *ld, const struct ldap_settings *ls, const char *dn, const struct secret *old_pw,
            const struct secret *new_pw, struct pw_store_result *res)
{
	LDAPControl ppreq = {LDAP_CONTROL_PASSWORDPOLICYREQUEST, {0, NULL}, 0};
	LDAPControl *sctrls[] = {&ppreq, NULL}, **rctrls = NULL;
	struct berval user = {strlen(dn), (char *)dn};
	struct berval oldb = {0, NULL}, newb = {new_pw->len, new_pw->data};
	int msgid, rc;

	if (old_pw != NULL) {
		oldb.bv_len = old_pw->len;
		oldb.bv_val = old_pw->data;
	}
	rc = ldap_passwd(ld, &user, old_pw != NULL ? &oldb : NULL, &newb, sctrls, NULL, &msgid);
	if (rc == LDAP_SUCCESS)
		rc = answer(ld, msgid, ls->timeout, &res->server_text, &rctrls);
	ppolicy_parse(ld, rctrls, &res->pp);
	if (rctrls != NULL)
		ldap_controls_free(rctrls);
	/* A policy objection attached to success is still an objection. */
	if (rc == LDAP_SUCCESS && res->pp.state != PPOLICY_NONE)
		rc = LDAP_CONSTRAINT_VIOLATION;
	return rc;
}

/* scram_follow - after the Password Modify: SCRAM values for the password that now holds */
static void
scram_follow(LDAP *ld, const struct ldap_settings *ls, const char *dn, const struct secret *pw,
             enum pws_scram which, int cleared, struct pw_store_result *res)
{
	int rc = LDAP_OTHER;

	/* One retry: a busy server may take the second attempt. */
	for (int i = 0; i < 2 && pw != NULL; i++) {
		rc = scram_set(ld, ls, dn, pw, which == PWS_SCRAM_NEW);
		if (rc == LDAP_SUCCESS) {
			res->scram = which;
			return;
		}
		if (pst_ldap_result(rc) != PST_TEMPFAIL || rc == LDAP_TIMEOUT)
			break;
	}
	if (!cleared && which == PWS_SCRAM_NEW) {
		/* The old password's SCRAM values are still there: remove them. */
		int rc2 = scram_clear(ld, ls, dn);

		if (rc2 != LDAP_SUCCESS) {
			log_error("SCRAM values of %s still match the old password and cannot be "
			          "removed (%s); set the password again",
			          dn, ldap_err2string(rc2));
			res->scram = PWS_SCRAM_OLD;
			return;
		}
	}
	log_error("SCRAM values of %s not written (%s): SCRAM logins fail until the next change",
	          dn, pw != NULL ? ldap_err2string(rc) : "no password to derive them from");
	res->scram = PWS_SCRAM_NONE;
}

enum pst_result
pw_store_directory(LDAP *ld, const struct ldap_settings *ls, const char *dn,
                   const struct secret *old_pw, const struct secret *new_pw, unsigned flags,
                   struct pw_store_result *res)
{
	int scram = (flags & PWS_SCRAM) != 0;
	int clear_first = scram && old_pw != NULL && !(flags & PWS_RESTRICTED);
	enum pst_result r;
	int rc;

	memset(res, 0, sizeof(*res));
	res->code = LDAP_OTHER;
	res->pp.expire_in = res->pp.grace = -1;
	if (new_pw == NULL || new_pw->len == 0) {
		res->detail = xstrdup("empty new password");
		return PST_PERMFAIL;
	}
	if (clear_first) {
		rc = scram_clear(ld, ls, dn);
		if (rc != LDAP_SUCCESS) {
			res->code = rc;
			res->detail = xasprintf("cannot remove the SCRAM values: %s",
			                        ldap_err2string(rc));
			r = pst_ldap_result(rc);
			return r == PST_OK ? PST_TEMPFAIL : r;
		}
		res->scram = PWS_SCRAM_NONE;
	}
	rc = res->code = passwd_exop(ld, ls, dn, old_pw, new_pw, res);
	r = pst_ldap_result(rc);
	if (r == PST_OK) {
		if (scram)
			scram_follow(ld, ls, dn, new_pw, PWS_SCRAM_NEW, clear_first, res);
		res->detail = xstrdup(res->scram == PWS_SCRAM_NONE ? "changed; SCRAM values missing"
		                      : res->scram == PWS_SCRAM_OLD ? "changed; SCRAM values stale"
		                                                    : "changed");
		return PST_OK;
	}
	if (rc == LDAP_TIMEOUT) {
		/* Unknown outcome: the old password's SCRAM values must not come back. */
		r = PST_TEMPFAIL;
	} else if (clear_first) {
		scram_follow(ld, ls, dn, old_pw, PWS_SCRAM_OLD, 1, res);
	}
	res->detail = xasprintf(
	        "password modify refused: %s%s%s%s%s%s", ldap_err2string(rc),
	        res->pp.state != PPOLICY_NONE ? " (" : "",
	        res->pp.state != PPOLICY_NONE ? ppolicy_state_text(res->pp.state) : "",
	        res->pp.state != PPOLICY_NONE ? ")" : "", res->server_text != NULL ? ": " : "",
	        res->server_text != NULL ? res->server_text : "");
	return r;
}

void
pw_store_result_release(struct pw_store_result *res)
{
	xfree(&res->server_text);
	xfree(&res->detail);
}
