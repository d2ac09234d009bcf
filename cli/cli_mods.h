/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_mods.h: building the LDAPMod arrays postinoctl sends, including the
 * password modifications lib/account.c makes (so a password set here is
 * stored exactly as postino-pwchange stores it).
 */
#ifndef POSTINO_CLI_MODS_H
#define POSTINO_CLI_MODS_H

#include <ldap.h>
#include <stddef.h>

#include "result.h"

struct ldap_settings;
struct secret;

struct cli_mods {
	LDAPMod **own; /* built here, string values */
	size_t n, cap;
	LDAPMod **pw;  /* from account_password_mods(), or NULL */
	LDAPMod **all; /* the combined, NULL-terminated view handed to libldap */
};

#define CLI_MODS_INIT                                                                              \
	{                                                                                          \
		NULL, 0, 0, NULL, NULL                                                             \
	}

/* cli_mods_add - add val to the (op, attr) modification, creating it on first use */
void cli_mods_add(struct cli_mods *m, int op, const char *attr, const char *val);
/* cli_mods_clear - a modification with no values: LDAP_MOD_DELETE of the whole attribute */
void cli_mods_clear(struct cli_mods *m, const char *attr);
/* cli_mods_password - include userPassword, authPassword and postinoPasswordChanged for pw */
enum pst_result cli_mods_password(struct cli_mods *m, const struct ldap_settings *s,
                                  const struct secret *pw);
/* cli_mods_array - the NULL-terminated array; valid until the next change or free */
LDAPMod **cli_mods_array(struct cli_mods *m);
/* cli_mods_count - number of modifications */
size_t cli_mods_count(const struct cli_mods *m);
/* cli_mods_free - release everything, wiping values (they may hold password hashes) */
void cli_mods_free(struct cli_mods *m);

#endif
