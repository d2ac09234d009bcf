/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * plugin_account.h: what the plugin needs to know about an account, and
 * the three ways it finds one (by name, by certificate subject, by CN).
 *
 * Lookups go through the short cache first and the directory second, under
 * one lock, so the plugin is safe in threaded hosts. A search asks for at
 * most two entries: one is an account, two mean "ambiguous".
 */
#ifndef POSTINO_PLUGIN_ACCOUNT_H
#define POSTINO_PLUGIN_ACCOUNT_H

#include <stddef.h>

#include "result.h"

#include "account_policy.h"

struct plugin_ctx;

#define ACCOUNT_MAX_MATCH 2

struct plugin_account {
	struct acct_entry *e; /* the entry as lib's account policy decodes it */
	char **secrets;       /* SCRAM authPassword values, NULL-terminated; wiped on free */
};

struct account_match {
	size_t n; /* entries found: 0, 1, or ACCOUNT_MAX_MATCH meaning "two or more" */
	struct plugin_account acct[ACCOUNT_MAX_MATCH];
};

/* account_match_copy - deep copy of src into *dst */
void account_match_copy(struct account_match *dst, const struct account_match *src);
/* account_match_clear - free and wipe everything m holds; m is reusable */
void account_match_clear(struct account_match *m);

/*
 * account_by_name - the entry postino_ldap_filter finds for name (a
 * canonical SASL user name; the realm is stripped when postino_strip_realm
 * is set). Secrets are fetched only when want_secrets is set. PST_TEMPFAIL
 * when the directory cannot answer, with *err_r.
 */
enum pst_result account_by_name(struct plugin_ctx *ctx, const char *name, const char *service,
                                const char *realm, int want_secrets, struct account_match *m,
                                char **err_r);
/* account_by_subject - entries whose postinoCertSubject equals the normalized subject */
enum pst_result account_by_subject(struct plugin_ctx *ctx, const char *subject,
                                   struct account_match *m, char **err_r);
/* account_by_cn - entries whose cn equals the bare CN */
enum pst_result account_by_cn(struct plugin_ctx *ctx, const char *cn, struct account_match *m,
                              char **err_r);

/*
 * account_allowed - lib's account policy (acct_decide) for a found account,
 * service and path: PST_OK, or PST_PERMFAIL with a static *why_r and the
 * account's state in *state_r (optional).
 */
enum pst_result account_allowed(const struct plugin_ctx *ctx, const struct plugin_account *a,
                                const char *service, enum acct_path path, enum acct_state *state_r,
                                const char **why_r);

#endif
