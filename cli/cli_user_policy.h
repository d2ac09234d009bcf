/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_user_policy.h: lib's account policy shown by "user show" and "user list".
 */
#ifndef POSTINO_CLI_USER_POLICY_H
#define POSTINO_CLI_USER_POLICY_H

#include <ldap.h>

struct acct_entry;
struct cli_ctx;
struct out_rec;

/* cli_user_decode - the entry at dn through lib's decoder; NULL when it cannot be read */
struct acct_entry *cli_user_decode(struct cli_ctx *ctx, const char *dn);
/* cli_user_decode_msg - the same for an entry already read (with acct_attrs among its attributes)
 */
struct acct_entry *cli_user_decode_msg(struct cli_ctx *ctx, LDAPMessage *e);

/* cli_user_state - lib's state word for a ("ok", "disabled", "locked-timed", ...); NULL for NULL */
const char *cli_user_state(const struct acct_entry *a);

/*
 * cli_user_policy - add policy_state, password_expires, grace_logins_left
 * and logins (one "path=allow|refuse|grace-only" per path, for service, or
 * for no particular service when NULL) to rec, from a (NULL: unreadable).
 */
void cli_user_policy(const struct acct_entry *a, const char *service, struct out_rec *rec);

#endif
