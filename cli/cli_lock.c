/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_lock.c: "user lock" and "user unlock".
 *
 * A lock sets both of the directory's locks: postino's own disabled flag,
 * which authd and the SASL plugin check, and the password policy lock
 * (pwdAccountLockedTime), which makes slapd itself refuse binds, so that
 * any other service binding as the user is shut out too. The special value
 * 000001010000Z means "until an administrator unlocks", instead of the
 * policy's lockout duration.
 */
#include <string.h>

#include "account.h"
#include "cli.h"
#include "cli_account.h"
#include "cli_args.h"
#include "cli_cmds.h"
#include "cli_entry.h"
#include "cli_ldap.h"
#include "cli_mods.h"
#include "cli_output.h"
#include "xalloc.h"

#define PPOLICY_LOCKED_FOREVER "000001010000Z"

static char *lock_attrs[] = {"objectClass", ACCT_ATTR_DISABLED, "pwdAccountLockedTime", NULL};

/* apply - send m (if it holds anything) and report; verb names the command */
static int
apply(struct cli_ctx *ctx, const char *verb, const char *uid, struct cli_entry *e,
      struct cli_mods *m, int locked)
{
	struct out_rec *rec;
	char *err = NULL;
	enum pst_result r = PST_OK;
	int code = CLI_EXIT_OK, changed = cli_mods_count(m) > 0;

	if (changed)
		r = cli_ldap_modify(ctx, e->dn, cli_mods_array(m), &err);
	if (r != PST_OK) {
		code = cli_fail(ctx, cli_exit_from(r), "%s %s: %s: %s", verb, uid, e->dn, err);
		xfree(&err);
		return code;
	}
	/* Even without a change: authd may hold an answer from before the last change. */
	cli_authd_flush(ctx, uid);
	rec = out_rec_new();
	out_str(rec, "uid", uid);
	out_str(rec, "dn", e->dn);
	out_bool(rec, "locked", locked);
	out_bool(rec, "changed", changed);
	out_result(ctx, rec, "%s %s%s", locked ? "locked" : "unlocked", e->dn,
	           changed  ? ""
	           : locked ? " (it already was)"
	                    : " (it was not locked)");
	out_rec_free(&rec);
	return code;
}

int
cli_user_lock(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *uid = p->pos[0];
	struct cli_mods m = CLI_MODS_INIT;
	struct cli_entry *e = NULL;
	const char *lt;
	int code = cli_user_get(ctx, "user lock", uid, lock_attrs, &e);

	if (code != CLI_EXIT_OK)
		return code;
	/* The disabled flag needs the postino class; its services keep the account's reach. */
	cli_account_adopt(e, &m);
	if (!cli_entry_has(e, ACCT_ATTR_DISABLED, "TRUE"))
		cli_mods_add(&m, LDAP_MOD_REPLACE, ACCT_ATTR_DISABLED, "TRUE");
	lt = cli_entry_first(e, "pwdAccountLockedTime");
	if (lt == NULL || strcmp(lt, PPOLICY_LOCKED_FOREVER) != 0)
		cli_mods_add(&m, LDAP_MOD_REPLACE, "pwdAccountLockedTime", PPOLICY_LOCKED_FOREVER);
	code = apply(ctx, "user lock", uid, e, &m, 1);
	cli_mods_free(&m);
	cli_entry_free(&e);
	return code;
}

int
cli_user_unlock(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *uid = p->pos[0];
	struct cli_mods m = CLI_MODS_INIT;
	struct cli_entry *e = NULL;
	int code = cli_user_get(ctx, "user unlock", uid, lock_attrs, &e);

	if (code != CLI_EXIT_OK)
		return code;
	if (cli_entry_has(e, ACCT_ATTR_DISABLED, "TRUE"))
		cli_mods_clear(&m, ACCT_ATTR_DISABLED);
	/*
	 * pwdFailureTime is not ours to write (NO-USER-MODIFICATION); slapd's
	 * ppolicy clears the recorded failures itself when the lock goes.
	 */
	if (cli_entry_attr(e, "pwdAccountLockedTime") != NULL)
		cli_mods_clear(&m, "pwdAccountLockedTime");
	code = apply(ctx, "user unlock", uid, e, &m, 0);
	cli_mods_free(&m);
	cli_entry_free(&e);
	return code;
}
