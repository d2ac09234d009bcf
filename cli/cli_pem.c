/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_pem.c: reading a certificate's subject for "cert map --pem".
 *
 * The subject is printed in RFC 4514 form (most specific RDN first) with
 * multi-byte characters kept as UTF-8, which lib/dn_norm then brings into
 * postino's one normal form.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "cli_pem.h"
#include "xalloc.h"

/* subject_text - the subject of cert in RFC 4514 form (xmalloc'd), or NULL */
static char *
subject_text(X509 *cert)
{
	BIO *out = BIO_new(BIO_s_mem());
	char *mem = NULL, *s = NULL;
	long n;

	if (out == NULL)
		return NULL;
	if (X509_NAME_print_ex(out, X509_get_subject_name(cert), 0,
	                       XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
		n = BIO_get_mem_data(out, &mem);
		if (n > 0)
			s = xmemdup0(mem, (size_t)n);
	}
	BIO_free(out);
	return s;
}

enum pst_result
cli_pem_subject_mem(const void *data, size_t len, char **subject_r, int *validity_r, char **err_r)
{
	BIO *in;
	X509 *cert;

	*subject_r = NULL;
	*validity_r = CLI_PEM_VALID;
	if (len > CLI_PEM_MAX) {
		*err_r = xstrdup("too large to be a certificate");
		return PST_PERMFAIL;
	}
	in = BIO_new_mem_buf(data, (int)len);
	cert = in != NULL ? PEM_read_bio_X509(in, NULL, NULL, NULL) : NULL;
	BIO_free(in);
	ERR_clear_error();
	if (cert == NULL) {
		*err_r = xstrdup("not a PEM certificate (want -----BEGIN CERTIFICATE-----)");
		return PST_PERMFAIL;
	}
	*subject_r = subject_text(cert);
	/* X509_cmp_current_time: 0 means an unreadable time, treated as invalid. */
	if (X509_cmp_current_time(X509_get0_notAfter(cert)) <= 0)
		*validity_r = CLI_PEM_EXPIRED;
	else if (X509_cmp_current_time(X509_get0_notBefore(cert)) >= 0)
		*validity_r = CLI_PEM_NOT_YET_VALID;
	X509_free(cert);
	if (*subject_r == NULL) {
		*err_r = xstrdup("the certificate has no usable subject");
		return PST_PERMFAIL;
	}
	return PST_OK;
}

enum pst_result
cli_pem_subject(const char *path, char **subject_r, int *validity_r, char **err_r)
{
	unsigned char *buf;
	FILE *fp = fopen(path, "rb");
	enum pst_result r;
	size_t n;

	*subject_r = NULL;
	*validity_r = CLI_PEM_VALID;
	if (fp == NULL) {
		*err_r = xasprintf("%s: %s", path, strerror(errno));
		return PST_PERMFAIL;
	}
	buf = xmalloc(CLI_PEM_MAX + 1);
	n = fread(buf, 1, CLI_PEM_MAX + 1, fp);
	fclose(fp);
	r = cli_pem_subject_mem(buf, n, subject_r, validity_r, err_r);
	xfree(&buf);
	if (r != PST_OK) {
		char *e = xasprintf("%s: %s", path, *err_r);

		xfree(err_r);
		*err_r = e;
	}
	return r;
}
