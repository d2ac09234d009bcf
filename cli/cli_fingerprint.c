/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_fingerprint.c: SHA-256 certificate fingerprints for "cert map --pem".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "cli_fingerprint.h"
#include "cli_pem.h"
#include "xalloc.h"

enum pst_result
cli_pem_fingerprint_mem(const void *data, size_t len, char out[CLI_FP_SIZE], char **err_r)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;
	BIO *in;
	X509 *cert;

	out[0] = '\0';
	if (len > CLI_PEM_MAX) {
		*err_r = xstrdup("too large to be a certificate");
		return PST_PERMFAIL;
	}
	in = BIO_new_mem_buf(data, (int)len);
	cert = in != NULL ? PEM_read_bio_X509(in, NULL, NULL, NULL) : NULL;
	BIO_free(in);
	if (cert == NULL || X509_digest(cert, EVP_sha256(), md, &n) != 1 || n != 32) {
		X509_free(cert);
		ERR_clear_error();
		*err_r = xstrdup("not a PEM certificate (want -----BEGIN CERTIFICATE-----)");
		return PST_PERMFAIL;
	}
	X509_free(cert);
	for (i = 0; i < n; i++) {
		out[3 * i] = hex[md[i] >> 4];
		out[3 * i + 1] = hex[md[i] & 15];
		out[3 * i + 2] = i + 1 < n ? ':' : '\0';
	}
	return PST_OK;
}

enum pst_result
cli_pem_fingerprint(const char *path, char out[CLI_FP_SIZE], char **err_r)
{
	unsigned char *buf;
	FILE *fp = fopen(path, "rb");
	enum pst_result r;
	size_t n;

	out[0] = '\0';
	if (fp == NULL) {
		*err_r = xasprintf("%s: %s", path, strerror(errno));
		return PST_PERMFAIL;
	}
	buf = xmalloc(CLI_PEM_MAX + 1);
	n = fread(buf, 1, CLI_PEM_MAX + 1, fp);
	fclose(fp);
	r = cli_pem_fingerprint_mem(buf, n, out, err_r);
	xfree(&buf);
	return r;
}
