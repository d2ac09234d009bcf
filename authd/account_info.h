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
struct acct_terms;
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
	int no_block; /* the I/O thread: the password policy entry only from its cache */
	struct account_info *info; /* out */
	int found;                 /* out: 0, 1, or 2 for "more than one" */
};
enum pst_result account_search_op(LDAP *ld, const struct authd_conf *conf, void *arg, int *rc,
                                  char **err_r);

/* Room for account_search_attrs' list, its NULL included. */
#define ACCOUNT_SEARCH_ATTRS 32
/*
 * account_search_attrs - the attributes the search of as asks for, into
 * attrs[max] (NULL-terminated; some names point into *ts, to be freed
 * with acct_ident_terms_free() once the search is sent). Search with
 * size limit 2, enough to tell "one" from "more than one".
 */
void account_search_attrs(const struct authd_conf *conf, const struct account_search *as,
                          const char **attrs, size_t max, struct acct_terms *ts);
/*
 * account_search_judge - the search's answer: its result code rc, the
 * number n of entries it returned and the first of them e. The one
 * decision for the workers' blocking search and the I/O thread's
 * asynchronous one: fills as->info and as->found as account_search_op.
 */
enum pst_result account_search_judge(LDAP *ld, const struct authd_conf *conf,
                                     struct account_search *as, int rc, int n, LDAPMessage *e,
                                     char **err_r);

#endif
