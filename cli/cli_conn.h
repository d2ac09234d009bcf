/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_conn.h: connecting postinoctl to the directory.
 *
 * Run as root on the directory host, postinoctl uses ldapi:// with SASL
 * EXTERNAL (slapd maps uid 0 to the manager identity: no password to keep
 * anywhere); otherwise it binds as ctl_bind_dn with the password from
 * ctl_password_file (or -D/-y, or a prompt on a terminal).
 */
#ifndef POSTINO_CLI_CONN_H
#define POSTINO_CLI_CONN_H

struct cli_ctx;

/* cli_conn_open - connect and bind; returns a cli_exit code */
int cli_conn_open(struct cli_ctx *ctx);
void cli_conn_close(struct cli_ctx *ctx);

#endif
