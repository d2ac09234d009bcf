/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pw_store.h: storing a new password through the directory's own password
 * policy, for password_store = directory.
 *
 * The password goes to the server in cleartext with the RFC 3062 Password
 * Modify operation (ldappasswd's), so slapd's ppolicy can judge it
 * (pwdCheckQuality with its check module, pwdMinLength, pwdInHistory,
 * pwdMinAge, pwdSafeModify) and clear pwdReset; slapd hashes it with its
 * own olcPasswordHash. The SCRAM authPassword values cannot ride in that
 * operation, so they are written in modifies around it, ordered so that a
 * failure anywhere leaves no SCRAM value that matches the old password
 * once the new one is in place:
 *
 *   1. remove the SCRAM values (fails: nothing changed, stop);
 *   2. Password Modify (old, new) with the ppolicy request control;
 *   3. SCRAM values for whichever password now holds: the new one, or,
 *      when the server refused it, the old one again.
 *
 * If step 3 fails the account has no SCRAM values (SCRAM logins fail, bind
 * logins work) until the next change: it fails closed. A connection bound
 * on a reset password (ppolicy changeAfterReset) may do nothing but change
 * the password, so there step 1 is skipped and a failed step 3 is answered
 * by deleting the SCRAM values; if even that fails, the error is logged.
 */
#ifndef POSTINO_PW_STORE_H
#define POSTINO_PW_STORE_H

#include <ldap.h>

#include "ppolicy.h"
#include "result.h"

struct ldap_settings;
struct secret;

#define PWS_SCRAM      0x1 /* the entry keeps SCRAM values (a postinoAccount) */
#define PWS_RESTRICTED 0x2 /* bound on a reset password: only the password may change */

/* Which password the entry's SCRAM values match afterwards. */
enum pws_scram { PWS_SCRAM_UNTOUCHED = 0, PWS_SCRAM_NEW, PWS_SCRAM_OLD, PWS_SCRAM_NONE };

struct pw_store_result {
	int code;               /* LDAP result code of the Password Modify */
	struct ppolicy_info pp; /* the policy's answer to it */
	enum pws_scram scram;   /* what the SCRAM values match now */
	char *server_text;      /* the server's diagnostic message, or NULL */
	char *detail;           /* for the log and audit; never shown to the client */
};

/*
 * pw_store_directory - change dn's password to new_pw on ld (bound as the
 * account, or as an identity allowed to change it). old_pw, when given, is
 * sent for ppolicy's pwdSafeModify and used to restore the SCRAM values if
 * the server refuses. PST_OK when the new password is stored (res->scram
 * says whether SCRAM followed); PST_PERMFAIL when the server refused it
 * (res->pp and res->code say why); PST_TEMPFAIL when it could not be asked.
 */
enum pst_result pw_store_directory(LDAP *ld, const struct ldap_settings *ls, const char *dn,
                                   const struct secret *old_pw, const struct secret *new_pw,
                                   unsigned flags, struct pw_store_result *res);
void pw_store_result_release(struct pw_store_result *res);

#endif
