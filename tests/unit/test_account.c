/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_account.c: account name and service rules, and the password
 * modifications (checked by verifying what they contain).
 */
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "ldap_settings.h"
#include "pw_scheme.h"
#include "scram.h"
#include "secret.h"
#include "t.h"

static void
test_uid(void)
{
	static const struct {
		const char *uid;
		int ok;
	} cases[] = {
	        {"alice", 1},
	        {"u00001", 1},
	        {"mario.rossi@infn.it", 1},
	        {"a+tag", 1},
	        {"first_last-2", 1},
	        {"A", 1},
	        {"", 0},
	        {"-alice", 0},
	        {".alice", 0},
	        {"bob,ou=svc", 0},
	        {"*)(uid=*", 0},
	        {"a b", 0},
	        {"al\xc3\xa9", 0},
	        {"a/b", 0},
	        {"a=b", 0},
	        {"0123456789012345678901234567890123456789012345678901234567890123", 1},
	        {"01234567890123456789012345678901234567890123456789012345678901234", 0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		T_CHECK(account_uid_valid(cases[i].uid) == cases[i].ok, "uid \"%s\"", cases[i].uid);
	T_CHECK(account_uid_valid(NULL) == 0, "NULL uid");
}

static void
test_services(void)
{
	static const char *const good[] = {"smtp",  "submission", "imap", "pop3",
	                                   "sieve", "lmtp",       "xmpp"};
	static const char *const bad[] = {"", "SMTP", "ftp", "imap ", "pop"};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		T_CHECK(account_service_valid(good[i]), "service %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		T_CHECK(!account_service_valid(bad[i]), "not a service: \"%s\"", bad[i]);
	T_CHECK(!account_service_valid(NULL), "NULL service");
}

static void
test_mods(void)
{
	struct ldap_settings s;
	struct cfg_table tab;
	struct secret *pw = secret_from_str("Alice-Pass-2"), *other = secret_from_str("nope");
	LDAPMod **mods = NULL;
	int i, seen1 = 0, seen256 = 0;

	memset(&s, 0, sizeof(s));
	tab = ldap_settings_table(&s);
	cfg_defaults(&tab, 1);
	s.password_scheme = PW_SSHA512;
	T_CHECK(account_password_mods(&s, pw, (time_t)1700000000, &mods) == PST_OK && mods,
	        "mods built");
	if (mods == NULL)
		return;
	T_CHECK(mods[0] && mods[1] && mods[2] && mods[3] == NULL, "three mods");
	for (i = 0; i < 3; i++)
		T_CHECK(mods[i]->mod_op == LDAP_MOD_REPLACE, "replace %d", i);
	T_STREQ(mods[0]->mod_type, "userPassword", "mod 0 type");
	T_CHECK(strncmp(mods[0]->mod_values[0], "{SSHA512}", 9) == 0 &&
	                mods[0]->mod_values[1] == NULL,
	        "userPassword value");
	T_CHECK(pw_verify(mods[0]->mod_values[0], strlen(mods[0]->mod_values[0]), pw) == PST_OK,
	        "userPassword verifies");
	T_CHECK(pw_verify(mods[0]->mod_values[0], strlen(mods[0]->mod_values[0]), other) ==
	                PST_PERMFAIL,
	        "userPassword rejects others");
	T_STREQ(mods[1]->mod_type, "authPassword", "mod 1 type");
	for (i = 0; mods[1]->mod_values[i] != NULL; i++) {
		struct scram_secret sec;
		const char *v = mods[1]->mod_values[i];

		T_CHECK(scram_parse(v, strlen(v), &sec) == PST_OK, "authPassword parses: %s", v);
		T_CHECK(sec.iter == 4096 && scram_verify(&sec, pw) == PST_OK, "SCRAM verifies");
		seen1 += sec.hash == SCRAM_SHA1;
		seen256 += sec.hash == SCRAM_SHA256;
	}
	T_CHECK(i == 2 && seen1 == 1 && seen256 == 1, "one SHA-1 and one SHA-256 secret");
	T_STREQ(mods[2]->mod_type, "postinoPasswordChanged", "mod 2 type");
	T_STREQ(mods[2]->mod_values[0], "20231114221320Z", "GeneralizedTime");
	account_mods_free(&mods);
	T_CHECK(mods == NULL, "free NULLs");
	account_mods_free(&mods);

	/* The configured scheme is used. */
	s.password_scheme = PW_CRYPT_SHA512;
	T_CHECK(account_password_mods(&s, pw, 0, &mods) == PST_OK &&
	                strncmp(mods[0]->mod_values[0], "{CRYPT}$6$", 10) == 0,
	        "crypt-sha512 scheme");
	T_STREQ(mods[2]->mod_values[0], "19700101000000Z", "epoch");
	account_mods_free(&mods);
	{
		struct secret *empty = secret_new("", 0);

		T_CHECK(account_password_mods(&s, empty, 0, &mods) == PST_PERMFAIL && mods == NULL,
		        "empty password refused");
		secret_free(&empty);
	}
	cfg_release(&tab, 1);
	secret_free(&pw);
	secret_free(&other);
}

int
main(void)
{
	test_uid();
	test_services();
	test_mods();
	return t_done("account");
}
