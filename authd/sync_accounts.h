/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sync_accounts.h: what the change stream remembers of each entry in the
 * accounts' subtree, by entryUUID: its uid and a digest of the attributes
 * that decide a login. A delete or a rename names the entry only by its
 * UUID (or its new DN), and a modify that touched none of those attributes
 * (a ppolicy failure count, a lastbind stamp) must not empty the caches.
 *
 * At most SYNC_ACCOUNTS_MAX entries; beyond that, new ones are not
 * remembered and the caller treats them as unknown (evicts everything).
 */
#ifndef AUTHD_SYNC_ACCOUNTS_H
#define AUTHD_SYNC_ACCOUNTS_H

#include <stddef.h>

#define SYNC_ACCOUNTS_MAX 2000000
#define SYNC_DIGEST_LEN   16

struct sync_accounts;

struct sync_account {
	char *uid; /* the first uid value, or NULL */
	int multi; /* more than one uid value: name them all by evicting everything */
	unsigned char digest[SYNC_DIGEST_LEN];
};

struct sync_accounts *sync_accounts_new(void);
void sync_accounts_free(struct sync_accounts **mp);
/* sync_accounts_find - the entry's record, or NULL (valid until the next change) */
const struct sync_account *sync_accounts_find(struct sync_accounts *m, const unsigned char *uuid);
/* sync_accounts_put - add or replace; 0 if the table is full */
int sync_accounts_put(struct sync_accounts *m, const unsigned char *uuid, const char *uid,
                      int multi, const unsigned char digest[SYNC_DIGEST_LEN]);
void sync_accounts_remove(struct sync_accounts *m, const unsigned char *uuid);
size_t sync_accounts_count(const struct sync_accounts *m);

#endif
