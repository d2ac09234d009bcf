/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_cmds.h: the functions behind postinoctl's commands. Each returns a
 * cli_exit code and has its entry in the command table (cli_commands.c).
 */
#ifndef POSTINO_CLI_CMDS_H
#define POSTINO_CLI_CMDS_H

struct cli_ctx;
struct cli_parsed;

int cli_user_add(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_user_del(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_user_show(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_user_list(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_user_passwd(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_user_lock(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_user_unlock(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_service_allow(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_service_deny(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_cert_map(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_cert_unmap(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_cert_show(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_import_sasldb(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_import_csv(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_import_ldif(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_auth_test(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_cache_flush(struct cli_ctx *ctx, const struct cli_parsed *p);
int cli_stats(struct cli_ctx *ctx, const struct cli_parsed *p);

/*
 * cli_authd_flush - ask the local postino-authd to forget its cached
 * answers for uid (NULL: for everyone), so a change takes effect at once. authd not running is a
 * warning: the change stands, and cached answers expire with their TTL.
 */
void cli_authd_flush(struct cli_ctx *ctx, const char *uid);

#endif
