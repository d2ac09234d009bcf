/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_user_policy.h: lib's account policy shown by "user show".
 */
#ifndef POSTINO_CLI_USER_POLICY_H
#define POSTINO_CLI_USER_POLICY_H

struct cli_ctx;
struct out_rec;

/*
 * cli_user_policy - add policy_state, password_expires, grace_logins_left
 * and logins (one "path=allow|refuse|grace-only" per path, for service, or
 * for no particular service when NULL) to rec, from the entry at dn.
 */
void cli_user_policy(struct cli_ctx *ctx, const char *dn, const char *service, struct out_rec *rec);

#endif
