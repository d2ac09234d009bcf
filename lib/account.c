/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * account.c: account name and service rules, and the one place where a
 * new password becomes LDAP modifications.
 *
 * userPassword, both SCRAM authPassword values and the change time are
 * replaced in a single modify so no client ever sees a new bind password
 * with old SCRAM secrets or the other way round.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "ldap_settings.h"
#include "pw_scheme.h"
#include "scram.h"
#include "secret.h"
#include "xalloc.h"

#define ACCOUNT_UID_MAX 64

const char *const account_services[] = {"smtp",  "submission", "imap", "pop3",
                                        "sieve", "lmtp",       "xmpp", NULL};

int
account_service_valid(const char *name)
{
	size_t i;

	if (name == NULL)
		return 0;
	/* Relaying is a privilege: valid to grant, never in the list granted by default. */
	if (strcmp(name, ACCT_SERVICE_RELAY) == 0)
		return 1;
	for (i = 0; account_services[i] != NULL; i++)
		if (strcmp(name, account_services[i]) == 0)
			return 1;
	return 0;
}

int
account_uid_valid(const char *uid)
{
	size_t i, n;

	if (uid == NULL)
		return 0;
	n = strlen(uid);
	/* A leading '-' reads as an option to tools; a leading '.' as a hidden file. */
	if (n == 0 || n > ACCOUNT_UID_MAX || uid[0] == '-' || uid[0] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		char c = uid[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '@' || c == '+' || c == '-'))
			return 0;
	}
	return 1;
}

/* account_mod - one REPLACE modification with the given values (taken over) */
static LDAPMod *
account_mod(const char *type, char **values)
{
	LDAPMod *m = xcalloc(1, sizeof(*m));

	m->mod_op = LDAP_MOD_REPLACE;
	m->mod_type = xstrdup(type);
	m->mod_values = values;
	return m;
}

static char **
account_values(char *a, char *b)
{
	char **v = xcalloc(3, sizeof(*v));

	v[0] = a;
	v[1] = b;
	return v;
}

/*
 * build_mods - the modifications for pw: userPassword (when with_userpw),
 * both SCRAM authPassword values and postinoPasswordChanged (now).
 */
static enum pst_result
build_mods(const struct ldap_settings *s, const struct secret *pw, time_t now, int with_userpw,
           LDAPMod ***mods_r)
{
	unsigned iter =
	        s->scram_iterations >= SCRAM_MIN_ITER && s->scram_iterations <= SCRAM_MAX_ITER
	                ? (unsigned)s->scram_iterations
	                : SCRAM_MIN_ITER;
	struct scram_secret s1, s256;
	char *hash = NULL, stamp[32];
	LDAPMod **mods;
	enum pst_result r;
	struct tm tm;
	size_t n = 0;

	*mods_r = NULL;
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%SZ", &tm) == 0)
		return PST_TEMPFAIL;
	if (with_userpw) {
		r = pw_hash((enum pw_scheme)s->password_scheme, pw, &hash);
		if (r != PST_OK)
			return r;
	} else if (pw == NULL || pw->len == 0) {
		return PST_PERMFAIL; /* as pw_hash() refuses it */
	}
	r = scram_compute(SCRAM_SHA1, pw, iter, NULL, 0, &s1);
	if (r == PST_OK)
		r = scram_compute(SCRAM_SHA256, pw, iter, NULL, 0, &s256);
	if (r != PST_OK) {
		if (hash != NULL) {
			secret_wipe(hash, strlen(hash));
			free(hash);
		}
		secret_wipe(&s1, sizeof(s1));
		return r;
	}
	mods = xcalloc(4, sizeof(*mods));
	if (with_userpw)
		mods[n++] = account_mod(ACCT_ATTR_USERPW, account_values(hash, NULL));
	mods[n++] = account_mod(ACCT_ATTR_AUTHPW,
	                        account_values(scram_format(&s1), scram_format(&s256)));
	mods[n++] = account_mod(ACCT_ATTR_PWCHANGED, account_values(xstrdup(stamp), NULL));
	secret_wipe(&s1, sizeof(s1));
	secret_wipe(&s256, sizeof(s256));
	*mods_r = mods;
	return PST_OK;
}

enum pst_result
account_password_mods(const struct ldap_settings *s, const struct secret *pw, time_t now,
                      LDAPMod ***mods_r)
{
	return build_mods(s, pw, now, 1, mods_r);
}

enum pst_result
account_scram_mods(const struct ldap_settings *s, const struct secret *pw, time_t now,
                   LDAPMod ***mods_r)
{
	return build_mods(s, pw, now, 0, mods_r);
}

void
account_mods_free(LDAPMod ***modsp)
{
	LDAPMod **mods;
	size_t i, k;

	if (modsp == NULL || *modsp == NULL)
		return;
	mods = *modsp;
	for (i = 0; mods[i] != NULL; i++) {
		if (mods[i]->mod_op & LDAP_MOD_BVALUES) {
			for (k = 0; mods[i]->mod_bvalues && mods[i]->mod_bvalues[k]; k++) {
				struct berval *bv = mods[i]->mod_bvalues[k];

				secret_wipe(bv->bv_val, bv->bv_len);
				free(bv->bv_val);
				free(bv);
			}
			free(mods[i]->mod_bvalues);
		} else {
			for (k = 0; mods[i]->mod_values && mods[i]->mod_values[k]; k++) {
				secret_wipe(mods[i]->mod_values[k], strlen(mods[i]->mod_values[k]));
				free(mods[i]->mod_values[k]);
			}
			free(mods[i]->mod_values);
		}
		free(mods[i]->mod_type);
		free(mods[i]);
	}
	free(mods);
	*modsp = NULL;
}
