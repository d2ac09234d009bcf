/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_socketmap_keys.c: postino-socketmap's key classification and
 * fingerprint canonical form, and the relay decision for every account
 * state (postinoAccount, disabled, locked, service).
 */
#include <string.h>

#include "../../socketmap/relay_policy.h"
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

static void
test_policy(void)
{
	char s1[] = "smtp", s2[] = "RELAY", s3[] = "imap";
	char *relay[] = {s1, s2, NULL}, *norelay[] = {s1, s3, NULL};
	char locked[] = "000001010000Z", timed[] = "20250101000000Z";
	const struct {
		struct relay_account a;
		enum pst_result want;
		const char *what;
	} cases[] = {
	        {{NULL, 1, 0, NULL, relay}, PST_OK, "enabled, relay allowed"},
	        {{NULL, 0, 0, NULL, relay}, PST_PERMFAIL, "not a postinoAccount"},
	        {{NULL, 1, 1, NULL, relay}, PST_PERMFAIL, "disabled"},
	        {{NULL, 1, 0, locked, relay}, PST_PERMFAIL, "administrator's ppolicy lock"},
	        {{NULL, 1, 0, timed, relay}, PST_PERMFAIL, "timed ppolicy lock"},
	        {{NULL, 1, 0, NULL, norelay}, PST_PERMFAIL, "relay not among the services"},
	        {{NULL, 1, 0, NULL, NULL}, PST_PERMFAIL, "no services"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why = NULL;
		enum pst_result r = relay_policy_allowed(&cases[i].a, "relay", &why);

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
