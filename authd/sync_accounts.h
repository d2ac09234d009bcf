/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sync_accounts.h: what the change stream remembers of each entry in the
 * accounts' subtree: which account its logins name and a digest of the
 * attributes that decide a login. A delete or a rename names the entry
 * only by its UUID (or its new DN), and a modify that touched none of
 * those attributes (a ppolicy failure count, a lastbind stamp) must not
 * empty the caches.
 *
 * One fixed-size record per entry (24 bytes in an open-addressing table,
 * about 32 MiB for a million accounts), keyed by a keyed digest of the
 * entryUUID (sync_accounts_key). The account is named by the leading
 * bytes of its account digest (account_name_digest), which is what the
 * caches flush by (authd_evict_account_digest). Two entries whose keys
 * collide share one record, which then stands for both: see the rule in
 * sync_accounts.c.
 *
 * At most SYNC_ACCOUNTS_MAX entries; beyond that, new ones are not
 * remembered and the caller treats them as unknown (evicts everything).
 */
#ifndef AUTHD_SYNC_ACCOUNTS_H
#define AUTHD_SYNC_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>

#define SYNC_ACCOUNTS_MAX 2000000
#define SYNC_DIGEST_LEN   8 /* of the login-relevant attributes */
#define SYNC_ACCOUNT_LEN  8 /* leading bytes of the account digest */

/* flags of a record */
#define SYNC_ACCT_UID 1u /* names an account (the entry has a uid) */
#define SYNC_ACCT_ALL 2u /* stands for more than one account: evict everything */

struct sync_accounts;

struct sync_account {
	unsigned char account[SYNC_ACCOUNT_LEN];
	unsigned char digest[SYNC_DIGEST_LEN];
	unsigned flags;
};

struct sync_accounts *sync_accounts_new(void);
/* sync_accounts_new_max - a table of at most max records (tests) */
struct sync_accounts *sync_accounts_new_max(size_t max);
void sync_accounts_free(struct sync_accounts **mp);
/* sync_accounts_key - the table key of an entryUUID (keyed: keyed_hash_init first) */
uint64_t sync_accounts_key(const unsigned char *uuid, size_t len);
/* sync_accounts_find - copy the record of key to *out; 0 if there is none */
int sync_accounts_find(const struct sync_accounts *m, uint64_t key, struct sync_account *out);
/*
 * sync_accounts_put - add or replace; a replaced record that named
 * another account (or already stood for several) becomes SYNC_ACCT_ALL.
 * 0 if the key is new and the table holds SYNC_ACCOUNTS_MAX records.
 */
int sync_accounts_put(struct sync_accounts *m, uint64_t key, const struct sync_account *a);
void sync_accounts_remove(struct sync_accounts *m, uint64_t key);
size_t sync_accounts_count(const struct sync_accounts *m);
/* sync_accounts_bytes - the memory the table holds */
size_t sync_accounts_bytes(const struct sync_accounts *m);

#endif
