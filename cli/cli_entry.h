/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_entry.h: a directory entry copied out of libldap's result messages,
 * so commands can look at attributes by name without juggling BER data.
 */
#ifndef POSTINO_CLI_ENTRY_H
#define POSTINO_CLI_ENTRY_H

#include <ldap.h>
#include <stddef.h>

struct cli_attr {
	char *name;
	char **vals; /* NUL-terminated copies; values may not contain NUL */
	size_t n;
};

struct cli_entry {
	char *dn;
	struct cli_attr *a;
	size_t n;
};

/* cli_entry_from_msg - copy entry e (values with a NUL byte are dropped) */
struct cli_entry *cli_entry_from_msg(LDAP *ld, LDAPMessage *e);
/* cli_entry_free - free, wiping values (they may be password hashes) */
void cli_entry_free(struct cli_entry **ep);
/* cli_entry_attr - the attribute, name compared case-insensitively; NULL if absent */
const struct cli_attr *cli_entry_attr(const struct cli_entry *e, const char *name);
/* cli_entry_first - its first value, or NULL */
const char *cli_entry_first(const struct cli_entry *e, const char *name);
/* cli_entry_has - 1 if the attribute has the value (case-insensitive, as the schema's matching is)
 */
int cli_entry_has(const struct cli_entry *e, const char *name, const char *val);

#endif
