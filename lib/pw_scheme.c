/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pw_scheme.c: hashing and verifying userPassword values.
 *
 * Verification never says yes by accident: a value without a {SCHEME}
 * prefix (cleartext), an unknown scheme, a truncated digest, a crypt(3)
 * failure token and an empty or NUL-containing password all give
 * PST_PERMFAIL. Digests are compared in constant time.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#ifdef HAVE_ARGON2
#include <argon2.h>
#endif

#include "b64.h"
#include "pw_scheme.h"
#include "secret.h"
#include "xalloc.h"

const char *const pw_scheme_names[] = {"crypt-sha512", "yescrypt", "ssha512",
                                       "ssha",         "argon2",   NULL};

/* userPassword values longer than this are not hashes we produce or know. */
#define PW_STORED_MAX 1024
/* Salt lengths for the salted digests we write; slappasswd uses 4 for {SSHA}. */
#define PW_SSHA_SALT    8
#define PW_SSHA512_SALT 16
/* Longest salt accepted when verifying a salted digest. */
#define PW_SALT_MAX 64

/*
 * Argon2 cost for new hashes (RFC 9106's second recommended option with
 * one lane, since a mail host verifies many logins at once), and the most
 * a stored value may demand of us: the directory is trusted, but a typo in
 * it must not take the daemon's memory.
 */
#define PW_ARGON2_T     3
#define PW_ARGON2_M     65536
#define PW_ARGON2_P     1
#define PW_ARGON2_MAX_M 262144
#define PW_ARGON2_MAX_T 64
#define PW_ARGON2_MAX_P 16

struct pw_digest {
	const char *prefix; /* with braces */
	const char *md;     /* OpenSSL digest name */
	int salted;
};

static const struct pw_digest pw_digests[] = {
        {"{SSHA}", "SHA1", 1},     {"{SHA}", "SHA1", 0},       {"{SSHA256}", "SHA256", 1},
        {"{SHA256}", "SHA256", 0}, {"{SSHA512}", "SHA512", 1}, {"{SHA512}", "SHA512", 0},
};

/* pw_digest_of - H(pw || salt) into out; returns the digest length or 0 */
static unsigned
pw_digest_of(const char *mdname, const struct secret *pw, const unsigned char *salt, size_t saltlen,
             unsigned char out[EVP_MAX_MD_SIZE])
{
	const EVP_MD *md = EVP_get_digestbyname(mdname);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned n = 0;

	if (md == NULL || ctx == NULL || EVP_DigestInit_ex(ctx, md, NULL) != 1 ||
	    EVP_DigestUpdate(ctx, pw->data, pw->len) != 1 ||
	    (saltlen > 0 && EVP_DigestUpdate(ctx, salt, saltlen) != 1) ||
	    EVP_DigestFinal_ex(ctx, out, &n) != 1)
		n = 0;
	EVP_MD_CTX_free(ctx);
	return n;
}

static enum pst_result
pw_verify_digest(const struct pw_digest *d, const char *b64, size_t len, const struct secret *pw)
{
	unsigned char stored[EVP_MAX_MD_SIZE + PW_SALT_MAX], calc[EVP_MAX_MD_SIZE];
	const EVP_MD *md = EVP_get_digestbyname(d->md);
	size_t n = 0, mdlen;
	enum pst_result r;

	if (md == NULL)
		return PST_TEMPFAIL;
	mdlen = (size_t)EVP_MD_get_size(md);
	if (b64_decode(b64, len, stored, sizeof(stored), &n) < 0)
		return PST_PERMFAIL;
	/* Salted: digest plus at least one byte of salt. Unsalted: exactly the digest. */
	if (d->salted ? n <= mdlen : n != mdlen)
		return PST_PERMFAIL;
	if (pw_digest_of(d->md, pw, stored + mdlen, n - mdlen, calc) != mdlen)
		return PST_TEMPFAIL;
	r = CRYPTO_memcmp(calc, stored, mdlen) == 0 ? PST_OK : PST_PERMFAIL;
	OPENSSL_cleanse(calc, sizeof(calc));
	return r;
}

static enum pst_result
pw_verify_crypt(const char *setting, size_t len, const struct secret *pw)
{
	struct crypt_data *cd;
	enum pst_result r;
	const char *out;

	/* "" and one-character settings are not hashes; some crypt(3)s echo them back. */
	if (len < 2 || len >= CRYPT_OUTPUT_SIZE)
		return PST_PERMFAIL;
	cd = xcalloc(1, sizeof(*cd));
	errno = 0;
	out = crypt_r(pw->data, setting, cd);
	if (out == NULL)
		r = errno == ENOMEM ? PST_TEMPFAIL : PST_PERMFAIL;
	else if (out[0] == '*')
		r = PST_PERMFAIL; /* libxcrypt's failure token: unknown or bad setting */
	else
		r = secret_equal(out, strlen(out), setting, len) ? PST_OK : PST_PERMFAIL;
	secret_wipe(cd, sizeof(*cd));
	free(cd);
	return r;
}

#ifdef HAVE_ARGON2
/* pw_argon2_param - the number after key (e.g. "m=") in the encoded string, or -1 */
static long
pw_argon2_param(const char *enc, const char *key)
{
	const char *p = strstr(enc, key);
	char *end;
	long v;

	if (p == NULL)
		return -1;
	p += strlen(key);
	if (*p < '0' || *p > '9')
		return -1;
	v = strtol(p, &end, 10);
	return end - p > 9 ? -1 : v;
}
#endif

static enum pst_result
pw_verify_argon2(const char *enc, const struct secret *pw)
{
#ifdef HAVE_ARGON2
	argon2_type type;
	long m, t, p;
	int rc;

	if (strncmp(enc, "$argon2id$", 10) == 0)
		type = Argon2_id;
	else if (strncmp(enc, "$argon2i$", 9) == 0)
		type = Argon2_i;
	else if (strncmp(enc, "$argon2d$", 9) == 0)
		type = Argon2_d;
	else
		return PST_PERMFAIL;
	m = pw_argon2_param(enc, "$m=");
	t = pw_argon2_param(enc, ",t=");
	p = pw_argon2_param(enc, ",p=");
	if (m < 1 || m > PW_ARGON2_MAX_M || t < 1 || t > PW_ARGON2_MAX_T || p < 1 ||
	    p > PW_ARGON2_MAX_P)
		return PST_PERMFAIL;
	rc = argon2_verify(enc, pw->data, pw->len, type);
	if (rc == ARGON2_OK)
		return PST_OK;
	if (rc == ARGON2_MEMORY_ALLOCATION_ERROR || rc == ARGON2_THREAD_FAIL)
		return PST_TEMPFAIL;
	return PST_PERMFAIL;
#else
	(void)enc;
	(void)pw;
	return PST_PERMFAIL;
#endif
}

enum pst_result
pw_verify(const char *stored, size_t storedlen, const struct secret *pw)
{
	enum pst_result r = PST_PERMFAIL;
	const char *brace;
	char *val;
	size_t i, plen;

	if (pw == NULL || pw->len == 0 || memchr(pw->data, '\0', pw->len) != NULL)
		return PST_PERMFAIL;
	if (stored == NULL || storedlen == 0 || storedlen > PW_STORED_MAX || stored[0] != '{' ||
	    memchr(stored, '\0', storedlen) != NULL)
		return PST_PERMFAIL; /* cleartext or garbage */
	val = xmemdup0(stored, storedlen);
	brace = strchr(val, '}');
	if (brace == NULL) {
		free(val);
		return PST_PERMFAIL;
	}
	plen = (size_t)(brace - val) + 1;
	for (i = 0; i < sizeof(pw_digests) / sizeof(pw_digests[0]); i++) {
		if (strlen(pw_digests[i].prefix) == plen &&
		    strncasecmp(val, pw_digests[i].prefix, plen) == 0) {
			r = pw_verify_digest(&pw_digests[i], val + plen, storedlen - plen, pw);
			goto done;
		}
	}
	if (plen == 7 && strncasecmp(val, "{CRYPT}", 7) == 0)
		r = pw_verify_crypt(val + 7, storedlen - 7, pw);
	else if (plen == 8 && strncasecmp(val, "{ARGON2}", 8) == 0)
		r = pw_verify_argon2(val + 8, pw);
done:
	free(val);
	return r;
}

static enum pst_result
pw_hash_crypt(const char *prefix, const struct secret *pw, char **out_r)
{
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data *cd;
	const char *out;
	enum pst_result r = PST_TEMPFAIL;

	/* NULL random bytes: libcrypt takes them from the kernel. */
	if (crypt_gensalt_rn(prefix, 0, NULL, 0, setting, sizeof(setting)) == NULL)
		return PST_TEMPFAIL;
	cd = xcalloc(1, sizeof(*cd));
	out = crypt_r(pw->data, setting, cd);
	if (out != NULL && out[0] != '*') {
		*out_r = xasprintf("{CRYPT}%s", out);
		r = PST_OK;
	}
	secret_wipe(cd, sizeof(*cd));
	free(cd);
	return r;
}

static enum pst_result
pw_hash_digest(const char *prefix, const char *md, size_t saltlen, const struct secret *pw,
               char **out_r)
{
	unsigned char buf[EVP_MAX_MD_SIZE + PW_SALT_MAX];
	unsigned n;
	char *b64;

	if (RAND_bytes(buf + EVP_MAX_MD_SIZE, (int)saltlen) != 1)
		return PST_TEMPFAIL;
	n = pw_digest_of(md, pw, buf + EVP_MAX_MD_SIZE, saltlen, buf);
	if (n == 0)
		return PST_TEMPFAIL;
	memmove(buf + n, buf + EVP_MAX_MD_SIZE, saltlen);
	b64 = b64_encode(buf, n + saltlen);
	*out_r = xasprintf("%s%s", prefix, b64);
	free(b64);
	OPENSSL_cleanse(buf, sizeof(buf));
	return PST_OK;
}

static enum pst_result
pw_hash_argon2(const struct secret *pw, char **out_r)
{
#ifdef HAVE_ARGON2
	unsigned char salt[16];
	size_t elen = argon2_encodedlen(PW_ARGON2_T, PW_ARGON2_M, PW_ARGON2_P, sizeof(salt), 32,
	                                Argon2_id);
	char *enc = xmalloc(elen);
	int rc;

	if (RAND_bytes(salt, sizeof(salt)) != 1) {
		free(enc);
		return PST_TEMPFAIL;
	}
	rc = argon2id_hash_encoded(PW_ARGON2_T, PW_ARGON2_M, PW_ARGON2_P, pw->data, pw->len, salt,
	                           sizeof(salt), 32, enc, elen);
	if (rc != ARGON2_OK) {
		free(enc);
		return PST_TEMPFAIL;
	}
	*out_r = xasprintf("{ARGON2}%s", enc);
	free(enc);
	return PST_OK;
#else
	(void)pw;
	(void)out_r;
	return PST_PERMFAIL;
#endif
}

enum pst_result
pw_hash(enum pw_scheme scheme, const struct secret *pw, char **out_r)
{
	*out_r = NULL;
	if (pw == NULL || pw->len == 0 || memchr(pw->data, '\0', pw->len) != NULL)
		return PST_PERMFAIL;
	switch (scheme) {
	case PW_CRYPT_SHA512:
		return pw_hash_crypt("$6$", pw, out_r);
	case PW_CRYPT_YESCRYPT:
		return pw_hash_crypt("$y$", pw, out_r);
	case PW_SSHA512:
		return pw_hash_digest("{SSHA512}", "SHA512", PW_SSHA512_SALT, pw, out_r);
	case PW_SSHA:
		return pw_hash_digest("{SSHA}", "SHA1", PW_SSHA_SALT, pw, out_r);
	case PW_ARGON2:
		return pw_hash_argon2(pw, out_r);
	}
	return PST_PERMFAIL;
}
