/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_account.h: the entry a new account gets, whether it comes from
 * "user add" or from an import. One builder, so an imported account and a
 * hand-made one look the same in the directory.
 */
#ifndef POSTINO_CLI_ACCOUNT_H
#define POSTINO_CLI_ACCOUNT_H

#include <stddef.h>

#include "result.h"

struct cli_ctx;
struct cli_entry;
struct cli_mods;
struct secret;

struct cli_new_account {
	const char *uid;
	const char *name;      /* cn; NULL: the uid */
	const char *mail;      /* NULL: none */
	char *const *services; /* validated names */
	size_t nservices;
	char *const *subjects; /* normalized certificate subjects */
	size_t nsubjects;
	const struct secret *password; /* cleartext to hash, or NULL */
	const char *password_hash;     /* an existing {SCHEME} hash, or NULL */
	int disabled;
};

/*
 * cli_account_mods - the attributes of the new entry: objectClass
 * inetOrgPerson + postinoAccount, uid, cn, sn, mail, services, subjects, and
 * the password (hash + SCRAM secrets via lib/account.h, or the given hash).
 */
enum pst_result cli_account_mods(const struct cli_ctx *ctx, const struct cli_new_account *a,
                                 struct cli_mods *m, char **err_r);

/*
 * cli_account_adopt - give an entry without postinoAccount the class, so it
 * can carry postino's attributes, together with every known service: such
 * an entry may use every service (as under saslauthd), and the class
 * alone would mean "no service at all". Returns 1 if it added anything.
 */
int cli_account_adopt(const struct cli_entry *e, struct cli_mods *m);

/* cli_account_sn - the surname for a display name: its last word (xmalloc'd) */
char *cli_account_sn(const char *name);

#endif
