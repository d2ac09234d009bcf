/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sm_dir.h: one directory connection per client connection of the
 * socketmap, and the one search it makes: accounts that match a filter,
 * each read with lib's one account decoder (acct_entry_decode), so the
 * relay decision is lib's account policy like every other way in.
 *
 * Nothing is cached: every lookup asks the directory, so disabling,
 * locking or unmapping an account stops its relaying with the next lookup.
 * The connection is opened on the first lookup and kept; a search that
 * fails on a connection that may have gone stale is retried once on a
 * fresh one.
 */
#ifndef SM_DIR_H
#define SM_DIR_H

#include <ldap.h>
#include <stddef.h>

#include "account_policy.h"
#include "result.h"

struct ldap_settings;
struct ldap_template_vars;

/* The login a filter was expanded with, for lib's identity rule (alias row). */
struct sm_ident {
	const char *tpl;                       /* the filter template */
	const struct ldap_template_vars *vars; /* what it was expanded with */
};

/* Two entries are enough to tell "one account" from "ambiguous". */
#define SM_DIR_MAX 2

struct sm_dir {
	const struct ldap_settings *ls; /* borrowed */
	LDAP *ld;
};

struct sm_found {
	size_t n; /* 0, 1, or SM_DIR_MAX meaning "two or more" */
	struct acct_entry *acct[SM_DIR_MAX];
};

void sm_dir_init(struct sm_dir *d, const struct ldap_settings *ls);
void sm_dir_close(struct sm_dir *d);
void sm_found_clear(struct sm_found *f);

/*
 * sm_dir_find - the accounts under ldap_search_base (subtree) that match
 * filter, decoded with their governing password policy (ldap_ppolicy_default
 * for entries without pwdPolicySubentry). PST_OK when the directory
 * answered (f->n may be 0); PST_TEMPFAIL with *err_r (xmalloc'd) for
 * anything else: unreachable, timed out, a search it refused, or a policy
 * entry it could not read. A caller never reads a failure as "not found".
 * id (optional): the found entries must carry the name the filter compared
 * (acct_ident_match), or they decode as ACCT_IDENT_MISMATCH.
 */
enum pst_result sm_dir_find(struct sm_dir *d, const char *filter, const struct sm_ident *id,
                            struct sm_found *f, char **err_r);

#endif
