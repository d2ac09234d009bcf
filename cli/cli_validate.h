/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_validate.h: checks on administrator input, made before anything is
 * written. Each returns 1 when the value is acceptable, else 0 with *err_r
 * (xmalloc'd) saying what is wrong with it.
 */
#ifndef POSTINO_CLI_VALIDATE_H
#define POSTINO_CLI_VALIDATE_H

#include <stddef.h>

/* Longest display name and mail address postinoctl writes. */
#define CLI_NAME_MAX 256
#define CLI_MAIL_MAX 254

int cli_valid_uid(const char *uid, char **err_r);
int cli_valid_service(const char *svc, char **err_r);
/* cli_valid_name - 1..CLI_NAME_MAX bytes of UTF-8 without control characters */
int cli_valid_name(const char *name, char **err_r);
/* cli_valid_mail - one plain addr-spec "local@domain" */
int cli_valid_mail(const char *mail, char **err_r);
/* cli_valid_hash - "{SCHEME}value": a stored hash, never cleartext */
int cli_valid_hash(const char *value, char **err_r);
/* cli_looks_hashed - 1 if value starts with a "{SCHEME}" prefix */
int cli_looks_hashed(const char *value);

/*
 * cli_services_parse - split a list ("smtp,imap", "smtp imap", "smtp;imap")
 * into lower-case, validated, de-duplicated names (xmalloc'd array, NULL
 * terminated). An empty list gives an empty array.
 */
int cli_services_parse(const char *list, char ***svcs_r, size_t *n_r, char **err_r);
void cli_strv_free(char ***vp);

#endif
