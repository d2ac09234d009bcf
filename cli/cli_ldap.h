/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_ldap.h: the directory operations postinoctl performs, each with a
 * time-out and an error text that names the server's reason (result code,
 * diagnostic message and password-policy control).
 */
#ifndef POSTINO_CLI_LDAP_H
#define POSTINO_CLI_LDAP_H

#include <ldap.h>

#include "result.h"

struct cli_ctx;
struct cli_entry;

/* cli_ldap_describe - "<result text>[: <diagnostic>][ (password policy: ...)]" */
char *cli_ldap_describe(LDAP *ld, int rc, const char *diag, LDAPControl **ctrls);

/* Each returns the three-way result; on failure *err_r (xmalloc'd) says why. */
enum pst_result cli_ldap_add(struct cli_ctx *ctx, const char *dn, LDAPMod **mods, char **err_r);
enum pst_result cli_ldap_modify(struct cli_ctx *ctx, const char *dn, LDAPMod **mods, char **err_r);
enum pst_result cli_ldap_delete(struct cli_ctx *ctx, const char *dn, char **err_r);

/*
 * cli_ldap_search - every entry under base matching filter (paged, so
 * server size limits do not cut a listing short), handed to cb one by one.
 * cb returns 0 to go on, anything else to stop (not an error).
 */
typedef int (*cli_entry_cb)(struct cli_entry *e, void *arg);
enum pst_result cli_ldap_search(struct cli_ctx *ctx, const char *base, int scope,
                                const char *filter, char **attrs, cli_entry_cb cb, void *arg,
                                char **err_r);

/* cli_ldap_search_msgs - the same, cb given libldap's entry message (for lib's decoders) */
typedef int (*cli_msg_cb)(LDAP *ld, LDAPMessage *e, void *arg);
enum pst_result cli_ldap_search_msgs(struct cli_ctx *ctx, const char *base, int scope,
                                     const char *filter, char **attrs, cli_msg_cb cb, void *arg,
                                     char **err_r);

/*
 * cli_user_find - the one account entry with uid under the people base.
 * PST_PERMFAIL with "no such account" when absent, or when two entries claim
 * the uid (which no command should act on).
 */
enum pst_result cli_user_find(struct cli_ctx *ctx, const char *uid, char **attrs,
                              struct cli_entry **e_r, char **err_r);

/*
 * cli_user_lookup - like cli_user_find, but counts instead of judging:
 * *count_r is 0, 1 or 2 (two or more); *e_r is set only for exactly one.
 */
enum pst_result cli_user_lookup(struct cli_ctx *ctx, const char *uid, char **attrs,
                                struct cli_entry **e_r, int *count_r, char **err_r);

/*
 * cli_user_get - validate uid, then cli_user_find; on failure the reason is
 * reported ("VERB UID: reason") and its exit code returned. 0 on success.
 */
int cli_user_get(struct cli_ctx *ctx, const char *verb, const char *uid, char **attrs,
                 struct cli_entry **e_r);

/* cli_user_dn - the DN a new account with this uid gets (uid escaped for a DN) */
char *cli_user_dn(const struct cli_ctx *ctx, const char *uid);

/* cli_user_filter - "(uid=<escaped>)" */
char *cli_user_filter(const char *uid);

#endif
