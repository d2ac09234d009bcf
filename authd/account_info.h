/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * account_info.h: what authd learns about an account from the directory:
 * its DN, the entry as lib's account policy decodes it (account_policy.h),
 * and, in fetch mode, the stored password values.
 */
#ifndef AUTHD_ACCOUNT_INFO_H
#define AUTHD_ACCOUNT_INFO_H

#include <ldap.h>
#include <stddef.h>

#include "result.h"

struct acct_entry;
struct authd_conf;
struct ldap_template_vars;
struct secret;

/* Caps on what one entry may bring in; beyond them the entry is refused. */
#define ACCOUNT_PWVALUES_MAX 16
#define ACCOUNT_PWVALUE_LEN  4096

struct account_info {
	char *dn;
	struct acct_entry *acct;   /* the decoded entry; NULL when not read (fastbind) */
	struct secret **pw_values; /* fetch: the password attribute's values */
	size_t npw;
};

void account_info_free(struct account_info **ip);
/* account_info_dup_policy - copy of the DN and policy part (never the passwords) */
struct account_info *account_info_dup_policy(const struct account_info *i);

/*
 * The search operation (an ldap_op_fn): find exactly one entry.
 * PST_PERMFAIL with *found 0 (no such account) or 2 (ambiguous).
 */
struct account_search {
	const char *base;
	int scope; /* LDAP_SCOPE_* */
	const char *filter;
	int fetch; /* also read the password attribute */
	/* The login the filter (or fastbind's DN template) was expanded with: the identity check.
	 */
	const char *ident_tpl;
	int ident_dn;
	const struct ldap_template_vars *ident_vars;
	struct account_info *info; /* out */
	int found;                 /* out: 0, 1, or 2 for "more than one" */
};
enum pst_result account_search_op(LDAP *ld, const struct authd_conf *conf, void *arg, int *rc,
                                  char **err_r);

#endif
