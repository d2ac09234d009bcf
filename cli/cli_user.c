/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_user.c: "user add", "user del" and "user passwd".
 *
 * Every input is checked before the directory is touched, and the password
 * is asked for only once the account is known to be addable or present, so
 * an administrator does not type a password for a command that was going
 * to fail anyway.
 */
#include <string.h>
#include <strings.h>

#include "account.h"
#include "cli.h"
#include "cli_account.h"
#include "cli_args.h"
#include "cli_cmds.h"
#include "cli_entry.h"
#include "cli_ldap.h"
#include "cli_mods.h"
#include "cli_output.h"
#include "cli_password.h"
#include "cli_validate.h"
#include "ldap_settings.h"
#include "pw_store.h"
#include "secret.h"
#include "utf8.h"
#include "xalloc.h"

/*
 * new_password - the password the options ask for: --password-stdin,
 * --random, --no-password (when allowed), or a confirmed prompt.
 */
static int
new_password(struct cli_ctx *ctx, const struct cli_parsed *p, const char *uid, int allow_none,
             struct secret **pw_r, int *generated)
{
	int from_stdin = cli_opt(p, "password-stdin") != NULL;
	int random = cli_opt(p, "random") != NULL;
	int none = allow_none && cli_opt(p, "no-password") != NULL;
	char *what;
	int code;

	*pw_r = NULL;
	*generated = 0;
	if (from_stdin + random + none > 1) {
		cli_err("choose one of --password-stdin, --random%s",
		        allow_none ? ", --no-password" : "");
		return CLI_EXIT_USAGE;
	}
	if (none)
		return CLI_EXIT_OK;
	if (random) {
		*pw_r = cli_pw_random((size_t)ctx->ctl.random_length);
		*generated = 1;
		return CLI_EXIT_OK;
	}
	what = xasprintf("New password for %s", uid);
	code = cli_pw_obtain(from_stdin, 1, what, pw_r);
	xfree(&what);
	/*
	 * The password change page's rule (lib/utf8), so that a password set
	 * here can also be changed there. Only new passwords: an old one
	 * being tested may predate the rule.
	 */
	if (code == CLI_EXIT_OK && utf8_text_chars((*pw_r)->data, (*pw_r)->len) < 0) {
		secret_free(pw_r);
		cli_err("password is not valid UTF-8 or holds control characters; refused");
		return CLI_EXIT_REFUSED;
	}
	return code;
}

static int
validate_add(struct cli_ctx *ctx, const struct cli_parsed *p, char ***svcs, size_t *nsvcs)
{
	const char *svc = cli_opt(p, "service");
	char *err = NULL;

	if (!cli_valid_uid(p->pos[0], &err) ||
	    (cli_opt(p, "name") != NULL && !cli_valid_name(cli_opt(p, "name"), &err)) ||
	    (cli_opt(p, "mail") != NULL && !cli_valid_mail(cli_opt(p, "mail"), &err)) ||
	    !cli_services_parse(
	            svc != NULL
	                    ? svc
	                    : (ctx->ctl.default_services != NULL ? ctx->ctl.default_services : ""),
	            svcs, nsvcs, &err)) {
		int code = cli_fail(ctx, CLI_EXIT_USAGE, "user add: %s", err);

		xfree(&err);
		return code;
	}
	return CLI_EXIT_OK;
}

int
cli_user_add(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *uid = p->pos[0];
	char *attrs[] = {(char *)LDAP_NO_ATTRS, NULL};
	struct cli_new_account a;
	struct cli_mods m = CLI_MODS_INIT;
	struct cli_entry *e = NULL;
	struct secret *pw = NULL;
	struct out_rec *rec;
	char **svcs = NULL, *err = NULL, *dn;
	size_t nsvcs = 0;
	enum pst_result r;
	int code, generated, count;

	code = validate_add(ctx, p, &svcs, &nsvcs);
	if (code != CLI_EXIT_OK)
		return code;
	r = cli_user_lookup(ctx, uid, attrs, &e, &count, &err);
	if (r != PST_OK || count > 0) {
		if (r != PST_OK)
			code = cli_fail(ctx, cli_exit_from(r), "user add %s: %s", uid, err);
		else
			code = cli_fail(ctx, CLI_EXIT_REFUSED,
			                "user add %s: the account exists%s%s", uid,
			                e != NULL ? ": " : "", e != NULL ? e->dn : "");
		cli_entry_free(&e);
		cli_strv_free(&svcs);
		xfree(&err);
		return code;
	}
	code = new_password(ctx, p, uid, 1, &pw, &generated);
	if (code != CLI_EXIT_OK) {
		cli_strv_free(&svcs);
		return code;
	}
	memset(&a, 0, sizeof(a));
	a.uid = uid;
	a.name = cli_opt(p, "name");
	a.mail = cli_opt(p, "mail");
	a.services = svcs;
	a.nservices = nsvcs;
	a.password = pw;
	dn = cli_user_dn(ctx, uid);
	r = cli_account_mods(ctx, &a, &m, &err);
	if (r == PST_OK)
		r = cli_ldap_add(ctx, dn, cli_mods_array(&m), &err);
	cli_mods_free(&m);
	if (r != PST_OK) {
		code = cli_fail(ctx, cli_exit_from(r), "user add %s: %s: %s", uid, dn, err);
	} else {
		cli_authd_flush(ctx, uid);
		rec = out_rec_new();
		out_str(rec, "uid", uid);
		out_str(rec, "dn", dn);
		out_list(rec, "services", svcs, nsvcs);
		if (generated)
			out_str(rec, "password", pw->data);
		if (generated && !ctx->g.json)
			out_result(ctx, rec, "created %s\npassword: %s", dn, pw->data);
		else
			out_result(ctx, rec, "created %s%s", dn,
			           pw == NULL ? " (no password)" : "");
		out_rec_free(&rec);
	}
	secret_free(&pw);
	cli_strv_free(&svcs);
	xfree(&err);
	xfree(&dn);
	return code;
}

int
cli_user_del(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *uid = p->pos[0];
	char *attrs[] = {(char *)LDAP_NO_ATTRS, NULL};
	struct cli_entry *e = NULL;
	struct out_rec *rec;
	char *err = NULL;
	enum pst_result r;
	int code = cli_user_get(ctx, "user del", uid, attrs, &e);

	if (code != CLI_EXIT_OK)
		return code;
	r = cli_ldap_delete(ctx, e->dn, &err);
	if (r != PST_OK) {
		code = cli_fail(ctx, cli_exit_from(r), "user del %s: %s: %s", uid, e->dn, err);
	} else {
		cli_authd_flush(ctx, uid);
		rec = out_rec_new();
		out_str(rec, "uid", uid);
		out_str(rec, "dn", e->dn);
		out_result(ctx, rec, "deleted %s", e->dn);
		out_rec_free(&rec);
	}
	xfree(&err);
	cli_entry_free(&e);
	return code;
}

/*
 * An entry without postinoAccount may hold neither authPassword nor
 * postinoPasswordChanged; like postino-pwchange, postinoctl then stores only
 * its userPassword rather than change what kind of account it is.
 */
#define NO_SCRAM_NOTE " (userPassword only: without postinoAccount there are no SCRAM secrets)"

/* userpw_only - the userPassword modification of m, alone */
static LDAPMod **
userpw_only(struct cli_mods *m)
{
	LDAPMod **all = cli_mods_array(m);
	size_t k = 0;

	for (size_t i = 0; all[i] != NULL; i++)
		if (strcasecmp(all[i]->mod_type, ACCT_ATTR_USERPW) == 0)
			all[k++] = all[i];
	all[k] = NULL;
	return all;
}

/*
 * passwd_directory - password_store = directory: the directory hashes the
 * password (Password Modify, as postino-pwchange sends it), then the SCRAM
 * values follow (lib/pw_store)
 */
static enum pst_result
passwd_directory(struct cli_ctx *ctx, const char *dn, const struct secret *pw, int scram,
                 char **err_r)
{
	struct pw_store_result sr;
	enum pst_result r =
	        pw_store_directory(ctx->ld, &ctx->ldap, dn, NULL, pw, scram ? PWS_SCRAM : 0, &sr);

	if (r != PST_OK)
		*err_r = xstrdup(sr.detail != NULL ? sr.detail : "refused");
	else if (scram && sr.scram != PWS_SCRAM_NEW)
		cli_warn("%s: password set, but the SCRAM values could not be written: SCRAM "
		         "logins fail until the password is set again",
		         dn);
	pw_store_result_release(&sr);
	return r;
}

int
cli_user_passwd(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *uid = p->pos[0];
	char *attrs[] = {"objectClass", NULL};
	struct cli_mods m = CLI_MODS_INIT;
	struct cli_entry *e = NULL;
	struct secret *pw = NULL;
	struct out_rec *rec;
	char *err = NULL;
	enum pst_result r;
	int code, generated, scram;

	code = cli_user_get(ctx, "user passwd", uid, attrs, &e);
	if (code != CLI_EXIT_OK)
		return code;
	code = new_password(ctx, p, uid, 0, &pw, &generated);
	if (code != CLI_EXIT_OK) {
		cli_entry_free(&e);
		return code;
	}
	scram = cli_entry_has(e, "objectClass", ACCT_OC);
	if (ctx->ldap.password_store == LS_PWSTORE_DIRECTORY) {
		r = passwd_directory(ctx, e->dn, pw, scram, &err);
	} else {
		r = cli_mods_password(&m, &ctx->ldap, pw);
		if (r != PST_OK)
			err = xstrdup("could not hash the password");
		else
			r = cli_ldap_modify(ctx, e->dn,
			                    scram ? cli_mods_array(&m) : userpw_only(&m), &err);
		cli_mods_free(&m);
	}
	if (r != PST_OK) {
		code = cli_fail(ctx, cli_exit_from(r), "user passwd %s: %s: %s", uid, e->dn, err);
	} else {
		cli_authd_flush(ctx, uid);
		rec = out_rec_new();
		out_str(rec, "uid", uid);
		out_str(rec, "dn", e->dn);
		out_bool(rec, "scram", scram);
		if (generated)
			out_str(rec, "password", pw->data);
		if (generated && !ctx->g.json)
			out_result(ctx, rec, "password set for %s%s\npassword: %s", e->dn,
			           scram ? "" : NO_SCRAM_NOTE, pw->data);
		else
			out_result(ctx, rec, "password set for %s%s", e->dn,
			           scram ? "" : NO_SCRAM_NOTE);
		out_rec_free(&rec);
	}
	secret_free(&pw);
	xfree(&err);
	cli_entry_free(&e);
	return code;
}
