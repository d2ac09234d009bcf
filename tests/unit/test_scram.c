/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_scram.c: SCRAM secrets against the RFC 7677 (SHA-256) and RFC 5802
 * (SHA-1) example exchanges, the authPassword format, and strict base64.
 *
 * The RFC vectors are the oracle: the keys scram_compute() derives must
 * verify the RFC's client proof the way a server does (H(proof XOR
 * ClientSignature) == StoredKey) and reproduce its server signature.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "b64.h"
#include "scram.h"
#include "secret.h"
#include "t.h"

struct rfc_vec {
	enum scram_hash h;
	const char *salt_b64;
	const char *client_first_bare;
	const char *server_first;
	const char *client_final_wo_proof;
	const char *proof_b64;
	const char *server_sig_b64;
};

static const struct rfc_vec rfc[] = {
        {SCRAM_SHA256, "W22ZaJ0SNY7soEsUEjb6gQ==", "n=user,r=rOprNGfwEbeRWgbNEkqO",
         "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
         "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
         "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
         "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="},
        {SCRAM_SHA1, "QSXCR+Q6sek8bf92", "n=user,r=fyko+d2lbbFgONRv9qkxdawL",
         "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
         "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j",
         "v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", "rmF9pqV8S7suAoZWja4dJRkFsKQ="},
};

static void
test_rfc(void)
{
	size_t k;

	for (k = 0; k < sizeof(rfc) / sizeof(rfc[0]); k++) {
		const struct rfc_vec *v = &rfc[k];
		const EVP_MD *md = v->h == SCRAM_SHA1 ? EVP_sha1() : EVP_sha256();
		unsigned char salt[64], proof[64], sig[64], csig[64], ckey[64], stored[64],
		        ssig[64];
		size_t saltlen = 0, plen = 0, slen = 0, i;
		unsigned n = 0;
		struct secret *pw = secret_from_str("pencil");
		struct scram_secret sec, parsed;
		char authmsg[512], *fmt;

		T_CHECK(b64_decode(v->salt_b64, strlen(v->salt_b64), salt, sizeof(salt),
		                   &saltlen) == 0,
		        "salt b64");
		T_CHECK(b64_decode(v->proof_b64, strlen(v->proof_b64), proof, sizeof(proof),
		                   &plen) == 0,
		        "proof b64");
		T_CHECK(b64_decode(v->server_sig_b64, strlen(v->server_sig_b64), sig, sizeof(sig),
		                   &slen) == 0,
		        "sig b64");
		T_CHECK(scram_compute(v->h, pw, 4096, salt, saltlen, &sec) == PST_OK, "compute %s",
		        scram_mech_name(v->h));
		T_CHECK(sec.key_len == plen && plen == slen, "key length %zu", sec.key_len);
		snprintf(authmsg, sizeof(authmsg), "%s,%s,%s", v->client_first_bare,
		         v->server_first, v->client_final_wo_proof);
		/* ClientSignature = HMAC(StoredKey, AuthMessage); ClientKey = proof ^ sig. */
		HMAC(md, sec.stored_key, (int)sec.key_len, (unsigned char *)authmsg,
		     strlen(authmsg), csig, &n);
		for (i = 0; i < sec.key_len; i++)
			ckey[i] = proof[i] ^ csig[i];
		EVP_Digest(ckey, sec.key_len, stored, NULL, md, NULL);
		T_CHECK(memcmp(stored, sec.stored_key, sec.key_len) == 0,
		        "%s: RFC client proof verifies against StoredKey", scram_mech_name(v->h));
		HMAC(md, sec.server_key, (int)sec.key_len, (unsigned char *)authmsg,
		     strlen(authmsg), ssig, &n);
		T_CHECK(memcmp(ssig, sig, sec.key_len) == 0,
		        "%s: ServerKey reproduces the RFC server signature", scram_mech_name(v->h));
		/* Format and parse back. */
		fmt = scram_format(&sec);
		T_CHECK(strncmp(fmt, scram_mech_name(v->h), strlen(scram_mech_name(v->h))) == 0 &&
		                strstr(fmt, "$4096:") != NULL && strstr(fmt, v->salt_b64) != NULL,
		        "format: %s", fmt);
		T_CHECK(scram_parse(fmt, strlen(fmt), &parsed) == PST_OK, "parse own format");
		T_CHECK(parsed.hash == sec.hash && parsed.iter == 4096 &&
		                parsed.salt_len == saltlen &&
		                memcmp(parsed.stored_key, sec.stored_key, sec.key_len) == 0 &&
		                memcmp(parsed.server_key, sec.server_key, sec.key_len) == 0,
		        "round trip");
		T_CHECK(scram_verify(&parsed, pw) == PST_OK, "verify pencil");
		{
			struct secret *bad = secret_from_str("pencil2");

			T_CHECK(scram_verify(&parsed, bad) == PST_PERMFAIL,
			        "verify wrong password");
			secret_free(&bad);
		}
		free(fmt);
		secret_free(&pw);
	}
}

static void
test_parse(void)
{
	/* A valid SHA-256 secret (pencil, the RFC 7677 salt) to mutate. */
	static const char good[] = "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
	                           "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
	                           "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";
	static const struct {
		const char *v;
		enum pst_result want;
	} cases[] = {
	        {good, PST_OK},
	        {"  SCRAM-SHA-256 $ 4096:W22ZaJ0SNY7soEsUEjb6gQ== $ "
	         "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
	         "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=  ",
	         PST_OK},
	        {"SCRAM-SHA-256$65536:W22ZaJ0SNY7soEsUEjb6gQ==$"
	         "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
	         "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
	         PST_OK},
	        {"SCRAM-SHA-256$0:W22ZaJ0SNY7soEsUEjb6gQ==$"
	         "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
	         "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
	         PST_PERMFAIL},
	        {"SCRAM-SHA-256$65537:W22ZaJ0SNY7soEsUEjb6gQ==$"
	         "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
	         "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
	         PST_PERMFAIL},
	        {"SCRAM-SHA-256$99999999999999999999999:W22ZaJ0SNY7soEsUEjb6gQ==$"
	         "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
	         "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
	         PST_PERMFAIL},
	        {"SCRAM-SHA-256$-4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
	         "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
	         "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
	         PST_PERMFAIL},
	        /* wrong key length: a SHA-1-sized key under SHA-256 */
	        {"SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=:"
	         "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
	         PST_PERMFAIL},
	        /* bad base64 */
	        {"SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
	         "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4q!=:"
	         "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
	         PST_PERMFAIL},
	        {"SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ=$"
	         "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
	         "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
	         PST_PERMFAIL},
	        /* missing '$' separators */
	        {"SCRAM-SHA-256 4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
	         "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
	         "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
	         PST_PERMFAIL},
	        {"SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ=="
	         "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
	         "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
	         PST_PERMFAIL},
	        /* missing ServerKey, trailing junk, other mechanisms */
	        {"SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
	         "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=",
	         PST_PERMFAIL},
	        {"SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
	         "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
	         "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU= x",
	         PST_PERMFAIL},
	        {"SCRAM-SHA-512$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
	         "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
	         "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
	         PST_PERMFAIL},
	        {"scram-sha-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
	         "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
	         "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
	         PST_PERMFAIL},
	        {"SCRAM-SHA-256$4096:$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
	         "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
	         PST_PERMFAIL},
	        {"", PST_PERMFAIL},
	        {"SCRAM-SHA-256", PST_PERMFAIL},
	};
	struct scram_secret sec;
	struct secret *pw = secret_from_str("pencil");
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum pst_result r = scram_parse(cases[i].v, strlen(cases[i].v), &sec);

		T_CHECK(r == cases[i].want, "parse case %zu: %s", i, pst_result_name(r));
	}
	/* The good value is the RFC 7677 user's secret. */
	T_CHECK(scram_parse(good, strlen(good), &sec) == PST_OK && scram_verify(&sec, pw) == PST_OK,
	        "good value is pencil");
	/* Every truncation fails. */
	for (i = 0; i < strlen(good); i++)
		T_CHECK(scram_parse(good, i, &sec) == PST_PERMFAIL, "cut at %zu", i);
	secret_free(&pw);
}

static void
test_compute_limits(void)
{
	struct scram_secret sec;
	struct secret *pw = secret_from_str("pw"), *empty = secret_new("", 0);
	unsigned char salt[200] = {0};

	T_CHECK(scram_compute(SCRAM_SHA256, pw, 4095, NULL, 0, &sec) == PST_PERMFAIL, "iter low");
	T_CHECK(scram_compute(SCRAM_SHA256, pw, 65537, NULL, 0, &sec) == PST_PERMFAIL, "iter high");
	T_CHECK(scram_compute(SCRAM_SHA256, empty, 4096, NULL, 0, &sec) == PST_PERMFAIL, "empty");
	T_CHECK(scram_compute(SCRAM_SHA256, pw, 4096, salt, sizeof(salt), &sec) == PST_PERMFAIL,
	        "salt too long");
	T_CHECK(scram_compute(SCRAM_SHA1, pw, 4096, NULL, 0, &sec) == PST_OK &&
	                sec.salt_len == SCRAM_SALT_LEN && sec.key_len == 20,
	        "random salt");
	T_STREQ(scram_mech_name(SCRAM_SHA1), "SCRAM-SHA-1", "mech name");
	secret_free(&pw);
	secret_free(&empty);
}

static void
test_b64(void)
{
	static const struct {
		const char *in;
		int ok;
		const char *out;
	} cases[] = {
	        {"TWFu", 1, "Man"}, {"TWE=", 1, "Ma"},   {"TQ==", 1, "M"},      {"", 0, NULL},
	        {"TWF", 0, NULL},   {"TW=u", 0, NULL},   {"T===", 0, NULL},     {" TWFu", 0, NULL},
	        {"TW u", 0, NULL},  {"TWFu\n", 0, NULL}, {"TQ==TQ==", 0, NULL}, {"T-_u", 0, NULL},
	};
	unsigned char out[16];
	size_t i, n;
	char *e;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = b64_decode(cases[i].in, strlen(cases[i].in), out, sizeof(out), &n);

		T_CHECK((rc == 0) == cases[i].ok, "b64 case %zu", i);
		if (rc == 0 && cases[i].out)
			T_CHECK(n == strlen(cases[i].out) && memcmp(out, cases[i].out, n) == 0,
			        "b64 value %zu", i);
	}
	T_CHECK(b64_decode("TWFuTWFu", 8, out, 5, &n) == -1, "outmax");
	e = b64_encode("Ma", 2);
	T_STREQ(e, "TWE=", "encode");
	free(e);
}

int
main(void)
{
	test_rfc();
	test_parse();
	test_compute_limits();
	test_b64();
	return t_done("scram");
}
