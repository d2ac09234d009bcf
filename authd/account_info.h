/*
 * account_info.h: what authd learns about an account from the directory:
 * its DN and the postino policy attributes (and, in fetch mode, the stored
 * password values and the ppolicy state attributes).
 */
#ifndef AUTHD_ACCOUNT_INFO_H
#define AUTHD_ACCOUNT_INFO_H

#include <ldap.h>
#include <stddef.h>

#include "result.h"

struct authd_conf;
struct secret;

/* Caps on what one entry may bring in; beyond them the entry is refused. */
#define ACCOUNT_DN_MAX       4096
#define ACCOUNT_SERVICES_MAX 64
#define ACCOUNT_SERVICE_LEN  64
#define ACCOUNT_PWVALUES_MAX 16
#define ACCOUNT_PWVALUE_LEN  4096

struct account_info {
	char *dn;
	int has_account; /* objectClass postinoAccount */
	int disabled;    /* postinoDisabled TRUE */
	char **services; /* postinoService values, lower-cased, NULL-terminated; NULL if none */
	int locked;      /* fetch: pwdAccountLockedTime present */
	int reset;       /* fetch: pwdReset TRUE */
	struct secret **pw_values; /* fetch: the password attribute's values */
	size_t npw;
};

void account_info_free(struct account_info **ip);
/* account_info_dup_policy - copy of the DN and policy part (never the passwords) */
struct account_info *account_info_dup_policy(const struct account_info *i);

/*
 * account_info_from_entry - read entry e (from a search that asked for
 * account_lookup_attrs) into a new account_info. PST_PERMFAIL with *err_r
 * when the entry exceeds the caps.
 */
enum pst_result account_info_from_entry(LDAP *ld, LDAPMessage *e, const char *password_attr,
                                        struct account_info **out, char **err_r);

/*
 * The search operation (an ldap_op_fn): find exactly one entry.
 * PST_PERMFAIL with *found 0 (no such account) or 2 (ambiguous).
 */
struct account_search {
	const char *base;
	int scope; /* LDAP_SCOPE_* */
	const char *filter;
	int fetch;                 /* also read the password and ppolicy attributes */
	struct account_info *info; /* out */
	int found;                 /* out: 0, 1, or 2 for "more than one" */
};
enum pst_result account_search_op(LDAP *ld, const struct authd_conf *conf, void *arg, int *rc,
                                  char **err_r);

#endif
