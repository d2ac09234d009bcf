/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_account.c: building a new account entry.
 */
#include <string.h>

#include "account.h"
#include "cli.h"
#include "cli_account.h"
#include "cli_entry.h"
#include "cli_mods.h"
#include "xalloc.h"

char *
cli_account_sn(const char *name)
{
	const char *end = name + strlen(name);
	const char *start;

	while (end > name && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	start = end;
	while (start > name && start[-1] != ' ' && start[-1] != '\t')
		start--;
	/* inetOrgPerson requires sn; a one-word name is its own surname. */
	return start < end ? xstrndup(start, (size_t)(end - start)) : xstrdup(name);
}

enum pst_result
cli_account_mods(const struct cli_ctx *ctx, const struct cli_new_account *a, struct cli_mods *m,
                 char **err_r)
{
	const char *name = a->name != NULL ? a->name : a->uid;
	char *sn = cli_account_sn(name);

	cli_mods_add(m, LDAP_MOD_ADD, "objectClass", "inetOrgPerson");
	cli_mods_add(m, LDAP_MOD_ADD, "objectClass", ACCT_OC);
	cli_mods_add(m, LDAP_MOD_ADD, "uid", a->uid);
	cli_mods_add(m, LDAP_MOD_ADD, "cn", name);
	cli_mods_add(m, LDAP_MOD_ADD, "sn", sn);
	xfree(&sn);
	if (a->mail != NULL)
		cli_mods_add(m, LDAP_MOD_ADD, "mail", a->mail);
	for (size_t i = 0; i < a->nservices; i++)
		cli_mods_add(m, LDAP_MOD_ADD, ACCT_ATTR_SERVICE, a->services[i]);
	for (size_t i = 0; i < a->nsubjects; i++)
		cli_mods_add(m, LDAP_MOD_ADD, ACCT_ATTR_SUBJECT, a->subjects[i]);
	if (a->disabled)
		cli_mods_add(m, LDAP_MOD_ADD, ACCT_ATTR_DISABLED, "TRUE");
	if (a->password != NULL) {
		if (cli_mods_password(m, &ctx->ldap, a->password) != PST_OK) {
			*err_r = xasprintf("could not hash the password for \"%s\"", a->uid);
			return PST_TEMPFAIL;
		}
	} else if (a->password_hash != NULL) {
		cli_mods_add(m, LDAP_MOD_ADD, ACCT_ATTR_USERPW, a->password_hash);
	}
	return PST_OK;
}

int
cli_account_adopt(const struct cli_entry *e, struct cli_mods *m)
{
	if (cli_entry_has(e, "objectClass", ACCT_OC))
		return 0;
	cli_mods_add(m, LDAP_MOD_ADD, "objectClass", ACCT_OC);
	for (size_t i = 0; account_services[i] != NULL; i++)
		cli_mods_add(m, LDAP_MOD_ADD, ACCT_ATTR_SERVICE, account_services[i]);
	return 1;
}
