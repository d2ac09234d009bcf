/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_fingerprint.h: a certificate's SHA-256 fingerprint in a PEM file, as
 * Postfix prints it (smtpd_tls_fingerprint_digest = sha256: the digest of
 * the DER certificate, upper-case hex pairs separated by ':'), for
 * "cert map --pem" to store beside the subject.
 */
#ifndef POSTINO_CLI_FINGERPRINT_H
#define POSTINO_CLI_FINGERPRINT_H

#include <stddef.h>

#include "result.h"

/* 32 hex pairs, 31 colons and the NUL */
#define CLI_FP_SIZE 96

/* cli_pem_fingerprint_mem - the first certificate's fingerprint into out; PST_PERMFAIL with *err_r
 */
enum pst_result cli_pem_fingerprint_mem(const void *data, size_t len, char out[CLI_FP_SIZE],
                                        char **err_r);
/* cli_pem_fingerprint - the same for a file */
enum pst_result cli_pem_fingerprint(const char *path, char out[CLI_FP_SIZE], char **err_r);

#endif
