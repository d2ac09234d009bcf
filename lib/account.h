/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * account.h: postino's directory schema names, and the one function that
 * turns a new password into the LDAP modifications that store it.
 *
 * postinoctl and postino-pwchange both write passwords through
 * account_password_mods(), so a password set by an administrator and one
 * set by its owner are stored identically: a strong userPassword hash and
 * SCRAM-SHA-1/SCRAM-SHA-256 authPassword secrets, in the same modify, plus
 * the password-changed time.
 */
#ifndef POSTINO_ACCOUNT_H
#define POSTINO_ACCOUNT_H

#include <ldap.h>
#include <time.h>

#include "result.h"

struct secret;
struct ldap_settings;

#define ACCT_OC             "postinoAccount"
#define ACCT_ATTR_SUBJECT   "postinoCertSubject"     /* normalized cert subject DN(s) */
#define ACCT_ATTR_SERVICE   "postinoService"         /* allowed services, e.g. smtp, imap */
#define ACCT_ATTR_DISABLED  "postinoDisabled"        /* BOOLEAN "TRUE"/"FALSE" */
#define ACCT_ATTR_PWCHANGED "postinoPasswordChanged" /* GeneralizedTime */
#define ACCT_ATTR_AUTHPW    "authPassword"           /* RFC 3112 / RFC 5803 */
#define ACCT_ATTR_USERPW    "userPassword"

/* SHA-256 fingerprint(s) of mapped certificates, "AB:CD:..." upper-case, as Postfix prints them */
#define ACCT_ATTR_FINGERPRINT "postinoCertFingerprint"

/* Service names postino accepts in postinoService (lower-case). */
extern const char *const account_services[];
/*
 * The service that lets an account relay by its client certificate
 * (postino-socketmap). Not in account_services: an account adopted into
 * postinoAccount gets every service there, and relaying must be granted
 * one account at a time.
 */
#define ACCT_SERVICE_RELAY "relay"
/* account_service_valid - 1 if name is one of account_services or ACCT_SERVICE_RELAY */
int account_service_valid(const char *name);
/* account_uid_valid - 1 if uid is a syntactically acceptable account name */
int account_uid_valid(const char *uid);

/*
 * account_password_mods - build a NULL-terminated LDAPMod array that
 * replaces userPassword (hashed with s->password_scheme), authPassword
 * (SCRAM-SHA-1 and SCRAM-SHA-256 with s->scram_iterations) and
 * postinoPasswordChanged (now). Free with account_mods_free(), which wipes
 * the values.
 */
enum pst_result account_password_mods(const struct ldap_settings *s, const struct secret *pw,
                                      time_t now, LDAPMod ***mods_r);
/*
 * account_scram_mods - the same without userPassword: authPassword and
 * postinoPasswordChanged only, for a directory that stores userPassword
 * itself (lib/pw_store).
 */
enum pst_result account_scram_mods(const struct ldap_settings *s, const struct secret *pw,
                                   time_t now, LDAPMod ***mods_r);
void account_mods_free(LDAPMod ***modsp);

#endif
