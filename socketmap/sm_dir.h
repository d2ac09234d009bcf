/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sm_dir.h: one directory connection per client connection of the
 * socketmap, and the one search it makes: accounts that match a filter,
 * with the attributes the relay decision reads.
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

#include "relay_policy.h"
#include "result.h"

struct ldap_settings;

/* Two entries are enough to tell "one account" from "ambiguous". */
#define SM_DIR_MAX 2

struct sm_dir {
	const struct ldap_settings *ls; /* borrowed */
	LDAP *ld;
};

struct sm_found {
	size_t n; /* 0, 1, or SM_DIR_MAX meaning "two or more" */
	struct relay_account acct[SM_DIR_MAX];
};

void sm_dir_init(struct sm_dir *d, const struct ldap_settings *ls);
void sm_dir_close(struct sm_dir *d);
void sm_found_clear(struct sm_found *f);

/*
 * sm_dir_find - the accounts under ldap_search_base (subtree) that match
 * filter. PST_OK when the directory answered (f->n may be 0);
 * PST_TEMPFAIL with *err_r (xmalloc'd) for anything else: unreachable,
 * timed out, or a search it refused. A caller never reads a failure as
 * "not found".
 */
enum pst_result sm_dir_find(struct sm_dir *d, const char *filter, struct sm_found *f, char **err_r);

#endif
