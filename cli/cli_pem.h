/*
 * cli_pem.h: the subject of an X.509 certificate in a PEM file, read with
 * OpenSSL, for "cert map --pem".
 */
#ifndef POSTINO_CLI_PEM_H
#define POSTINO_CLI_PEM_H

#include "result.h"

/* Certificates are a few KiB; a bigger file is not one. */
#define CLI_PEM_MAX (256 * 1024)

/*
 * cli_pem_subject - the first certificate's subject as an RFC 4514 string
 * (xmalloc'd; UTF-8 kept, not hex-escaped). PST_PERMFAIL with *err_r when
 * the file cannot be read or holds no certificate. *expired_r is set when
 * the certificate is no longer valid (worth a warning, not a refusal).
 */
enum pst_result cli_pem_subject(const char *path, char **subject_r, int *expired_r, char **err_r);

/* cli_pem_subject_mem - the same for a buffer (used by the tests) */
enum pst_result cli_pem_subject_mem(const void *data, size_t len, char **subject_r, int *expired_r,
                                    char **err_r);

#endif
