/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_ctx.h: the shared state of the running daemon, and the state of
 * one request while a worker checks it.
 */
#ifndef AUTHD_AUTH_CTX_H
#define AUTHD_AUTH_CTX_H

#include "account_info.h"
#include "ldap_template.h"
#include "ppolicy.h"
#include "result.h"

struct account_info;
struct auth_cache;
struct auth_penalty;
struct bind_pool;
struct authd_conf;
struct delay_queue;
struct dn_cache;
struct ldap_servers;
struct ldap_slot;
struct secret;
struct work_queue;

/* Everything the workers share; each part does its own locking. */
struct authd_runtime {
	struct auth_cache *cache;
	struct dn_cache *dns;
	struct auth_penalty *penalty;
	struct ldap_servers *servers;
	struct work_queue *queue;
	struct delay_queue *delay;
	struct bind_pool *binds; /* the I/O thread's own (NULL: off); only it may use it */
};

struct auth_ctx {
	const struct authd_conf *conf;
	struct authd_runtime *rt;
	struct ldap_slot *slot;
	const char *login; /* as checked: with -r, "login@realm" */
	const char *realm; /* the request's, or ldap_default_realm */
	const char *service;
	const struct secret *pw;
	struct account_info *info; /* the account, once known */
	const char *reason;        /* why not OK, for the log */
	char *detail;              /* xmalloc'd extra detail for the log */
	struct ppolicy_info pp;
	unsigned epoch;     /* flush_guard_epoch() before the directory was asked */
	int account_known;  /* info was found before the penalty (bind mode) */
	int account_cached; /* ... and came from the DN cache */
	int no_account;     /* the search found no entry (bind mode) */
};

/* auth_ctx_fail - set the reason (and optional detail, taken over) and return r */
enum pst_result auth_ctx_fail(struct auth_ctx *a, enum pst_result r, const char *reason,
                              char *detail);

/* The three ways to check a password (auth_bind.c, auth_fetch.c). */
enum pst_result auth_bind_verify(struct auth_ctx *a);
enum pst_result auth_fastbind_verify(struct auth_ctx *a);
enum pst_result auth_fetch_verify(struct auth_ctx *a);
/*
 * auth_lookup_account - find the account into a->info: from the DN cache
 * when use_cache (and not fetch; *cached_r says so), else by search.
 */
enum pst_result auth_lookup_account(struct auth_ctx *a, int fetch, int use_cache, int *cached_r);
/*
 * auth_lookup_cached - auth_lookup_account's DN-cache half, never asking
 * the directory: 1 when the cache knew the login (a->info set, or
 * a->no_account for a login remembered as unknown), 0 on a miss.
 */
int auth_lookup_cached(struct auth_ctx *a);
/*
 * auth_policy_cached - fastbind: replace a->info (DN only) by the DN
 * cache's copy with the policy attributes, when it has one for that DN; 1
 * when it did.
 */
int auth_policy_cached(struct auth_ctx *a);
/* auth_read_policy - the policy attributes of the entry at a->info->dn (fastbind) */
enum pst_result auth_read_policy(struct auth_ctx *a);

/*
 * An account search in the making, split so that the workers (blocking,
 * auth_lookup_account and auth_read_policy) and the I/O thread
 * (asynchronous, search_pool.c) build and judge it the same way. It must
 * not move between begin and end: as points into it.
 */
struct auth_search {
	struct ldap_template_vars v;
	struct account_search as;
	char *base, *filter;
	int fetch;  /* fetch mode: the password values too, no DN cache */
	int policy; /* fastbind's base-object read of a->info->dn */
};
/* auth_search_begin - the search for a's entry; PST_PERMFAIL (answer set) when the login is too
 * long */
enum pst_result auth_search_begin(struct auth_ctx *a, int fetch, struct auth_search *s);
/* auth_policy_begin - fastbind: the read of the policy attributes at a->info->dn */
void auth_policy_begin(struct auth_ctx *a, struct auth_search *s);
/*
 * auth_search_end - the search's result r (account_search_judge's) and
 * err (taken over) into a: a->info, the DN cache (the negative "no such
 * entry" record too), the reason. Frees what s holds.
 */
enum pst_result auth_search_end(struct auth_ctx *a, struct auth_search *s, enum pst_result r,
                                char *err);
/* auth_search_free - what s holds, when it is not ended */
void auth_search_free(struct auth_search *s);
/*
 * auth_unknown_bind - a bind that must fail, as costly as checking a
 * wrong password, so that an unknown login takes as long as a known one.
 */
void auth_unknown_bind(struct auth_ctx *a);
/*
 * auth_bind_judge - the answer from a user bind's result r, LDAP code rc
 * and password policy response pp (expired, must change, grace logins).
 */
enum pst_result auth_bind_judge(struct auth_ctx *a, enum pst_result r, int rc,
                                const struct ppolicy_info *pp);
/* auth_unknown_dn - the xmalloc'd DN auth_unknown_bind binds as */
char *auth_unknown_dn(const struct authd_conf *conf);
/* auth_group_check - ldap_group_dn / ldap_group_filter membership (auth_group.c) */
enum pst_result auth_group_check(struct auth_ctx *a);

#endif
