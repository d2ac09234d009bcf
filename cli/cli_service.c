/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_service.c: "service allow" and "service deny".
 *
 * An account without the postinoAccount class may use every service (as
 * with plain saslauthd). Allowing a service to it changes nothing; denying
 * one turns it into a postino account with every other known service, so
 * the deny takes effect without taking away anything else.
 */
#include <string.h>
#include <strings.h>

#include "account.h"
#include "cli.h"
#include "cli_args.h"
#include "cli_cmds.h"
#include "cli_entry.h"
#include "cli_ldap.h"
#include "cli_mods.h"
#include "cli_output.h"
#include "cli_validate.h"
#include "xalloc.h"

static char *svc_attrs[] = {"objectClass", ACCT_ATTR_SERVICE, NULL};

static void
report(struct cli_ctx *ctx, const char *uid, const struct cli_entry *e, const char *svc,
       int allowed, int changed, const char *note)
{
	struct out_rec *rec = out_rec_new();

	out_str(rec, "uid", uid);
	out_str(rec, "dn", e->dn);
	out_str(rec, "service", svc);
	out_bool(rec, "allowed", allowed);
	out_bool(rec, "changed", changed);
	out_result(ctx, rec, "%s: %s %s%s", uid, svc, allowed ? "allowed" : "denied", note);
	out_rec_free(&rec);
}

/* prepare - validate, lower-case the service name into svc, and fetch the account */
static int
prepare(struct cli_ctx *ctx, const struct cli_parsed *p, const char *verb, char *svc, size_t svcsz,
        struct cli_entry **e_r)
{
	char *err = NULL;
	size_t i;

	for (i = 0; p->pos[1][i] != '\0' && i + 1 < svcsz; i++)
		svc[i] = (char)((p->pos[1][i] >= 'A' && p->pos[1][i] <= 'Z') ? p->pos[1][i] + 32
		                                                             : p->pos[1][i]);
	svc[i] = '\0';
	if (p->pos[1][i] != '\0' || !cli_valid_service(svc, &err)) {
		int code = cli_fail(ctx, CLI_EXIT_USAGE, "%s: %s", verb,
		                    err != NULL ? err : "service name too long");

		xfree(&err);
		return code;
	}
	return cli_user_get(ctx, verb, p->pos[0], svc_attrs, e_r);
}

static int
modify(struct cli_ctx *ctx, const char *verb, const char *uid, const struct cli_entry *e,
       struct cli_mods *m)
{
	char *err = NULL;
	enum pst_result r = cli_ldap_modify(ctx, e->dn, cli_mods_array(m), &err);
	int code = CLI_EXIT_OK;

	if (r != PST_OK)
		code = cli_fail(ctx, cli_exit_from(r), "%s %s: %s: %s", verb, uid, e->dn, err);
	else
		cli_authd_flush(ctx, uid);
	xfree(&err);
	return code;
}

int
cli_service_allow(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *uid = p->pos[0];
	struct cli_mods m = CLI_MODS_INIT;
	struct cli_entry *e = NULL;
	char svc[64];
	int code = prepare(ctx, p, "service allow", svc, sizeof(svc), &e);

	if (code != CLI_EXIT_OK)
		return code;
	if (!cli_entry_has(e, "objectClass", ACCT_OC)) {
		report(ctx, uid, e, svc, 1, 0, " (no postinoAccount: every service is allowed)");
	} else if (cli_entry_has(e, ACCT_ATTR_SERVICE, svc)) {
		report(ctx, uid, e, svc, 1, 0, " (it already was)");
	} else {
		cli_mods_add(&m, LDAP_MOD_ADD, ACCT_ATTR_SERVICE, svc);
		code = modify(ctx, "service allow", uid, e, &m);
		if (code == CLI_EXIT_OK)
			report(ctx, uid, e, svc, 1, 1, "");
	}
	cli_mods_free(&m);
	cli_entry_free(&e);
	return code;
}

int
cli_service_deny(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *uid = p->pos[0];
	struct cli_mods m = CLI_MODS_INIT;
	struct cli_entry *e = NULL;
	const struct cli_attr *have;
	const char *note = "";
	char svc[64];
	int code = prepare(ctx, p, "service deny", svc, sizeof(svc), &e);

	if (code != CLI_EXIT_OK)
		return code;
	have = cli_entry_attr(e, ACCT_ATTR_SERVICE);
	if (!cli_entry_has(e, "objectClass", ACCT_OC)) {
		cli_mods_add(&m, LDAP_MOD_ADD, "objectClass", ACCT_OC);
		for (size_t i = 0; account_services[i] != NULL; i++)
			if (strcmp(account_services[i], svc) != 0)
				cli_mods_add(&m, LDAP_MOD_ADD, ACCT_ATTR_SERVICE,
				             account_services[i]);
		note = " (added postinoAccount with every other service)";
	} else if (!cli_entry_has(e, ACCT_ATTR_SERVICE, svc)) {
		report(ctx, uid, e, svc, 0, 0, " (it already was)");
		goto out;
	} else {
		/* Delete the value as stored: the schema matches case-insensitively anyway. */
		for (size_t i = 0; have != NULL && i < have->n; i++)
			if (strcasecmp(have->vals[i], svc) == 0)
				cli_mods_add(&m, LDAP_MOD_DELETE, ACCT_ATTR_SERVICE, have->vals[i]);
		if (have != NULL && have->n == 1)
			note = " (no service left: the account cannot log in to any)";
	}
	code = modify(ctx, "service deny", uid, e, &m);
	if (code == CLI_EXIT_OK)
		report(ctx, uid, e, svc, 0, 1, note);
out:
	cli_mods_free(&m);
	cli_entry_free(&e);
	return code;
}
