/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_pem.h: the subject of an X.509 certificate in a PEM file, read with
 * OpenSSL, for "cert map --pem".
 */
#ifndef POSTINO_CLI_PEM_H
#define POSTINO_CLI_PEM_H

#include "result.h"

/* Certificates are a few KiB; a bigger file is not one. */
#define CLI_PEM_MAX (256 * 1024)

/* A certificate's validity period against the current time. */
enum cli_pem_validity {
	CLI_PEM_VALID = 0,
	CLI_PEM_EXPIRED = 1,       /* notAfter has passed */
	CLI_PEM_NOT_YET_VALID = 2, /* notBefore is still to come */
};

/*
 * cli_pem_subject - the first certificate's subject as an RFC 4514 string
 * (xmalloc'd; UTF-8 kept, not hex-escaped). PST_PERMFAIL with *err_r when
 * the file cannot be read or holds no certificate. *validity_r says whether
 * the certificate is valid now (cert map refuses one that is not, unless
 * forced).
 */
enum pst_result cli_pem_subject(const char *path, char **subject_r, int *validity_r, char **err_r);

/* cli_pem_subject_mem - the same for a buffer (used by the tests) */
enum pst_result cli_pem_subject_mem(const void *data, size_t len, char **subject_r, int *validity_r,
                                    char **err_r);

#endif
