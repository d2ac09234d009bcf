/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tls_files.h: reading the server's PEM certificate and key into memory
 * (libmicrohttpd takes them as strings), before privileges are dropped.
 */
#ifndef POSTINO_PWCHANGE_TLS_FILES_H
#define POSTINO_PWCHANGE_TLS_FILES_H

#include "result.h"

struct secret;

/* A PEM file bigger than this is not a certificate chain or a key. */
#define TLS_FILE_MAX (1024 * 1024)

/* tls_read_cert - the whole file as a string (xmalloc'd) */
enum pst_result tls_read_cert(const char *path, char **pem_r, char **err_r);
/* tls_read_key - the whole file as a secret (wiped when freed) */
enum pst_result tls_read_key(const char *path, struct secret **key_r, char **err_r);

#endif
