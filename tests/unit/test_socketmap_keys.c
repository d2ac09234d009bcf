/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_socketmap_keys.c: postino-socketmap's key classification and
 * fingerprint canonical form, and lib's relay decision for the account
 * states the socketmap meets (postinoAccount, disabled, locked, reset,
 * service).
 */
#include <string.h>

#include "../../lib/account_policy.h"
#include "../../socketmap/sm_keys.h"
#include "t.h"

static const char FP[] = "D2:D9:C9:57:55:17:FC:12:95:CC:CD:25:41:D9:A9:74:14:03:F9:8F:4B:11:26:"
                         "DA:CE:E3:EA:7A:C5:E9:0A:8D";

static void
classify(const char *key, enum sm_key_kind want, const char *want_arg)
{
	struct sm_key k;

	sm_key_classify(key, strlen(key), &k);
	T_CHECK(k.kind == want, "\"%s\": kind %d, want %d", key, (int)k.kind, (int)want);
	if (want_arg != NULL && k.kind == want)
		T_CHECK(k.arglen == strlen(want_arg) && memcmp(k.arg, want_arg, k.arglen) == 0,
		        "\"%s\": argument", key);
}

static void
test_keys(void)
{
	char lower[sizeof(FP)], bare[65], bad[sizeof(FP)];
	struct sm_key k;
	size_t i, j = 0;

	classify("CERTISSUER:/O=x/CN=CA", SM_KEY_ISSUER, "/O=x/CN=CA");
	classify("certissuer:/o=x/cn=ca", SM_KEY_ISSUER, "/o=x/cn=ca");
	classify("CERTSUBJECT:/C=IT/CN=a", SM_KEY_SUBJECT, "/C=IT/CN=a");
	classify("CertSubject:", SM_KEY_SUBJECT, "");
	classify("CERTSUBJECT", SM_KEY_OTHER, NULL);
	classify("connect:127.0.0.1", SM_KEY_OTHER, NULL);
	classify("", SM_KEY_OTHER, NULL);
	classify(FP, SM_KEY_FINGERPRINT, FP);

	for (i = 0; FP[i] != '\0'; i++) {
		lower[i] = (char)(FP[i] >= 'A' && FP[i] <= 'F' ? FP[i] - 'A' + 'a' : FP[i]);
		if (FP[i] != ':')
			bare[j++] = lower[i];
	}
	lower[i] = '\0';
	bare[j] = '\0';
	sm_key_classify(lower, strlen(lower), &k);
	T_CHECK(k.kind == SM_KEY_FINGERPRINT && strcmp(k.fingerprint, FP) == 0,
	        "lower case is brought to the canonical upper case");
	sm_key_classify(bare, strlen(bare), &k);
	T_CHECK(k.kind == SM_KEY_FINGERPRINT && strcmp(k.fingerprint, FP) == 0,
	        "64 hex digits without colons");
	memcpy(bad, FP, sizeof(FP));
	bad[2] = '-';
	classify(bad, SM_KEY_OTHER, NULL);
	memcpy(bad, FP, sizeof(FP));
	bad[94] = '*';
	classify(bad, SM_KEY_OTHER, NULL);
	memcpy(bad, FP, sizeof(FP));
	bad[3] = 'G';
	classify(bad, SM_KEY_OTHER, NULL);
	classify("D2:D9", SM_KEY_OTHER, NULL);
}

/*
 * The relay decision is lib's account policy (path relay, class required,
 * service checked, no grace); these are the cases the socketmap relies on.
 */
static void
test_policy(void)
{
	char s1[] = "smtp", s2[] = "relay", s3[] = "imap";
	char *relay[] = {s1, s2, NULL}, *norelay[] = {s1, s3, NULL};
	const struct acct_opts o = {1, 1, 0};
	const struct {
		int has_class, disabled, locked, admin, reset;
		char **services;
		enum pst_result want;
		const char *what;
	} cases[] = {
	        {1, 0, 0, 0, 0, relay, PST_OK, "enabled, relay allowed"},
	        {0, 0, 0, 0, 0, relay, PST_PERMFAIL, "not a postinoAccount"},
	        {1, 1, 0, 0, 0, relay, PST_PERMFAIL, "disabled"},
	        {1, 0, 1, 1, 0, relay, PST_PERMFAIL, "administrator's ppolicy lock"},
	        {1, 0, 1, 0, 0, relay, PST_PERMFAIL, "timed ppolicy lock, policy unknown"},
	        {1, 0, 0, 0, 1, relay, PST_PERMFAIL, "pwdReset"},
	        {1, 0, 0, 0, 0, norelay, PST_PERMFAIL, "relay not among the services"},
	        {1, 0, 0, 0, 0, NULL, PST_PERMFAIL, "no services"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct acct_entry a;
		const char *why = NULL;
		enum pst_result r;

		memset(&a, 0, sizeof(a));
		a.has_class = cases[i].has_class;
		a.disabled = cases[i].disabled;
		a.locked = cases[i].locked;
		a.admin_locked = cases[i].admin;
		a.reset = cases[i].reset;
		a.services = cases[i].services;
		r = acct_decide(&a, &o, "RELAY", ACCT_PATH_RELAY, 1700000000, NULL, &why);
		T_CHECK(r == cases[i].want, "%s: %d, want %d", cases[i].what, (int)r,
		        (int)cases[i].want);
		T_CHECK((r == PST_OK) == (why == NULL), "%s: a reason with every refusal",
		        cases[i].what);
	}
}

int
main(void)
{
	test_keys();
	test_policy();
	return t_done("test_socketmap_keys");
}
