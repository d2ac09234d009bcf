/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pw_change.h: the directory side of a password change.
 *
 * Find the account with the service account's search (decoded by lib's
 * account policy, which also refuses a folded spelling of its name and,
 * once the password is proven, a disabled account), prove the current
 * password by binding as the account (with the ppolicy control), refuse a
 * password from the account's ppolicy history, then store the new password
 * in one modify bound as the account: userPassword hash, SCRAM-SHA-1 and
 * SCRAM-SHA-256 authPassword values and postinoPasswordChanged, built by
 * account_password_mods() exactly as postinoctl stores them. With
 * password_store = directory the new password goes to the server in a
 * Password Modify operation instead (lib/pw_store), so its ppolicy judges
 * it. The change is reported as done only when the server says so.
 */
#ifndef POSTINO_PWCHANGE_PW_CHANGE_H
#define POSTINO_PWCHANGE_PW_CHANGE_H

#include "result.h"

struct ldap_settings;
struct secret;

struct pw_change_cfg {
	const struct ldap_settings *ldap;
	const char *filter;     /* account filter template (%u ...) */
	const char *expired_dn; /* may store passwords that expired without grace; or NULL */
	const struct secret *expired_pw; /* its password */
};

enum pw_change_status {
	PWC_CHANGED = 0,
	PWC_BAD_CREDENTIALS,  /* unknown user, wrong password or locked: one answer for all */
	PWC_EXPIRED_NO_GRACE, /* right password, expired, and nobody may store a new one */
	PWC_IN_HISTORY,       /* the new password is one of the account's recent ones */
	PWC_TOO_YOUNG,        /* ppolicy pwdMinAge: changed too recently */
	PWC_REJECTED,         /* the server refused the new password (other reasons) */
	PWC_TOO_SHORT,        /* ppolicy passwordTooShort (pwdMinLength) */
	PWC_QUALITY,          /* ppolicy insufficientPasswordQuality (pwdCheckQuality, module) */
	PWC_OLD_NEEDED,       /* ppolicy mustSupplyOldPassword (pwdSafeModify) */
	PWC_NOT_ALLOWED,      /* the account may not change its password */
	PWC_UNAVAILABLE,      /* the directory is down or did not answer in time */
	PWC_INTERNAL,         /* a local failure (hashing) */
	PWC_GATED,            /* the caller's gate (the per-account rate limit) said no */
};

struct pw_change_result {
	enum pw_change_status status;
	int was_expired; /* the old password had expired (bound on a grace login, or not at all) */
	int must_change; /* an administrator had reset it (ppolicy changeAfterReset) */
	char *uid;       /* the entry's stored uid: the account's identity; NULL if unknown */
	char *detail;    /* why, for the audit line; never shown to the client */
};

/*
 * pw_change_run - the whole directory part. PST_OK when stored; otherwise
 * res->status says why (PST_TEMPFAIL for PWC_UNAVAILABLE and PWC_INTERNAL,
 * else PST_PERMFAIL).
 */
/*
 * A gate: called once the directory has said which account the user name
 * selects, with that account's identity (its stored uid, lower-cased; the
 * typed name when no entry matched). Non-zero stops the change (PWC_GATED).
 */
typedef int pw_change_gate_fn(void *arg, const char *account);

enum pst_result pw_change_run(const struct pw_change_cfg *cfg, const char *user,
                              const struct secret *current, const struct secret *new_pw,
                              pw_change_gate_fn *gate, void *gate_arg,
                              struct pw_change_result *res);
void pw_change_result_release(struct pw_change_result *res);

#endif
