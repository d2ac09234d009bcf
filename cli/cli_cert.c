/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_cert.c: "cert map", "cert unmap" and "cert show".
 *
 * Subjects are stored in lib/dn_norm's normal form, the form the SASL
 * plugin looks up, so a certificate matches whether sendmail hands over
 * "/C=IT/O=Example/CN=x" or a library hands over "CN=x,O=Example,C=IT".
 * One subject may belong to one account only: the plugin refuses an
 * ambiguous certificate, so such a mapping could never be used.
 */
#include <string.h>
#include <strings.h>

#include "account.h"
#include "cli.h"
#include "cli_account.h"
#include "cli_args.h"
#include "cli_cmds.h"
#include "cli_entry.h"
#include "cli_fingerprint.h"
#include "cli_ldap.h"
#include "cli_mods.h"
#include "cli_output.h"
#include "cli_pem.h"
#include "dn_norm.h"
#include "ldap_escape.h"
#include "xalloc.h"

/* Longest subject accepted on the command line; X.509 names are far shorter. */
#define CLI_SUBJECT_MAX 2048

static char *cert_attrs[] = {"objectClass", ACCT_ATTR_SUBJECT, ACCT_ATTR_FINGERPRINT, NULL};

/*
 * pem_fingerprint - with --pem, the certificate's SHA-256 fingerprint (for
 * Postfix's check_ccert_access) into fp; "" without --pem.
 */
static int
pem_fingerprint(struct cli_ctx *ctx, const struct cli_parsed *p, const char *verb,
                char fp[CLI_FP_SIZE])
{
	const char *pem = cli_opt(p, "pem");
	char *err = NULL;
	int code;

	fp[0] = '\0';
	if (pem == NULL || cli_pem_fingerprint(pem, fp, &err) == PST_OK)
		return CLI_EXIT_OK;
	code = cli_fail(ctx, CLI_EXIT_REFUSED, "%s: %s", verb, err);
	xfree(&err);
	return code;
}

/*
 * subject_from_opts - the normalized subject named by --pem or --subject;
 * with check_valid, a certificate outside its validity period is refused
 * unless --force
 */
static int
subject_from_opts(struct cli_ctx *ctx, const struct cli_parsed *p, const char *verb,
                  int check_valid, char **norm_r)
{
	const char *pem = cli_opt(p, "pem"), *subj = cli_opt(p, "subject");
	char *raw = NULL, *err = NULL;
	int validity = CLI_PEM_VALID, code = CLI_EXIT_OK;

	*norm_r = NULL;
	if ((pem != NULL) == (subj != NULL)) {
		cli_err("%s: give exactly one of --pem FILE or --subject DN", verb);
		return CLI_EXIT_USAGE;
	}
	if (pem != NULL) {
		if (cli_pem_subject(pem, &raw, &validity, &err) != PST_OK) {
			code = cli_fail(ctx, CLI_EXIT_REFUSED, "%s: %s", verb, err);
			xfree(&err);
			return code;
		}
		/* Mapping a certificate that cannot log in now is a mistake unless forced. */
		if (validity != CLI_PEM_VALID && check_valid) {
			const char *what =
			        validity == CLI_PEM_EXPIRED ? "has expired" : "is not valid yet";

			if (cli_opt(p, "force") == NULL) {
				xfree(&raw);
				return cli_fail(
				        ctx, CLI_EXIT_REFUSED,
				        "%s: %s: the certificate %s (--force maps it anyway)", verb,
				        pem, what);
			}
			cli_warn("%s: the certificate %s; mapped because of --force", pem, what);
		}
	} else if (strlen(subj) > CLI_SUBJECT_MAX) {
		return cli_fail(ctx, CLI_EXIT_USAGE, "%s: subject longer than %d bytes", verb,
		                CLI_SUBJECT_MAX);
	} else {
		raw = xstrdup(subj);
	}
	if (dn_normalize_strict(raw, strlen(raw), norm_r) != PST_OK)
		code = cli_fail(ctx, CLI_EXIT_USAGE, "%s: \"%s\" is not a distinguished name", verb,
		                raw);
	xfree(&raw);
	return code;
}

struct owner_state {
	const char *self_dn;
	char *other_dn;
};

static int
owner_cb(struct cli_entry *e, void *arg)
{
	struct owner_state *st = arg;

	if (strcasecmp(e->dn, st->self_dn) != 0 && st->other_dn == NULL)
		st->other_dn = xstrdup(e->dn);
	return st->other_dn != NULL;
}

/* other_owner - the DN of another account that has the subject, if any */
static enum pst_result
other_owner(struct cli_ctx *ctx, const char *subject, const char *self_dn, char **other_r,
            char **err_r)
{
	char *attrs[] = {(char *)LDAP_NO_ATTRS, NULL};
	struct owner_state st = {self_dn, NULL};
	char *esc = ldap_escape_filter(subject, strlen(subject));
	char *filter = xasprintf("(%s=%s)", ACCT_ATTR_SUBJECT, esc);
	enum pst_result r;

	r = cli_ldap_search(ctx, ctx->people_base, LDAP_SCOPE_SUBTREE, filter, attrs, owner_cb, &st,
	                    err_r);
	xfree(&esc);
	xfree(&filter);
	*other_r = st.other_dn;
	return r;
}

static void
report(struct cli_ctx *ctx, const struct cli_entry *e, const char *uid, const char *subject,
       int changed, const char *msg)
{
	struct out_rec *rec = out_rec_new();

	out_str(rec, "uid", uid);
	out_str(rec, "dn", e->dn);
	out_str(rec, "subject", subject);
	out_bool(rec, "changed", changed);
	out_result(ctx, rec, "%s: %s", uid, msg);
	out_rec_free(&rec);
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
	xfree(&err);
	return code;
}

int
cli_cert_map(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *uid = p->pos[0];
	struct cli_mods m = CLI_MODS_INIT;
	struct cli_entry *e = NULL;
	char *subject = NULL, *other = NULL, *err = NULL, *msg, fp[CLI_FP_SIZE];
	enum pst_result r;
	int code = subject_from_opts(ctx, p, "cert map", 1, &subject), have_subject, have_fp;

	if (code == CLI_EXIT_OK)
		code = pem_fingerprint(ctx, p, "cert map", fp);
	if (code != CLI_EXIT_OK) {
		xfree(&subject);
		return code;
	}
	code = cli_user_get(ctx, "cert map", uid, cert_attrs, &e);
	if (code != CLI_EXIT_OK)
		goto out;
	r = other_owner(ctx, subject, e->dn, &other, &err);
	if (r != PST_OK) {
		code = cli_fail(ctx, cli_exit_from(r), "cert map %s: %s", uid, err);
		goto out;
	}
	if (other != NULL) {
		code = cli_fail(ctx, CLI_EXIT_REFUSED,
		                "cert map %s: \"%s\" is already mapped to %s; unmap it there first",
		                uid, subject, other);
		goto out;
	}
	have_subject = cli_entry_has(e, ACCT_ATTR_SUBJECT, subject);
	have_fp = fp[0] == '\0' || cli_entry_has(e, ACCT_ATTR_FINGERPRINT, fp);
	if (have_subject && have_fp) {
		msg = xasprintf("\"%s\" was already mapped", subject);
		report(ctx, e, uid, subject, 0, msg);
		xfree(&msg);
		goto out;
	}
	cli_account_adopt(e, &m);
	if (!have_subject)
		cli_mods_add(&m, LDAP_MOD_ADD, ACCT_ATTR_SUBJECT, subject);
	if (!have_fp)
		cli_mods_add(&m, LDAP_MOD_ADD, ACCT_ATTR_FINGERPRINT, fp);
	code = modify(ctx, "cert map", uid, e, &m);
	if (code == CLI_EXIT_OK) {
		msg = xasprintf("mapped \"%s\"", subject);
		report(ctx, e, uid, subject, 1, msg);
		xfree(&msg);
	}
out:
	cli_mods_free(&m);
	cli_entry_free(&e);
	xfree(&subject);
	xfree(&other);
	xfree(&err);
	return code;
}

int
cli_cert_unmap(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *uid = p->pos[0];
	const struct cli_attr *have, *fps;
	struct cli_mods m = CLI_MODS_INIT;
	struct cli_entry *e = NULL;
	char *subject = NULL, *msg, fp[CLI_FP_SIZE] = "";
	int all = cli_opt(p, "all") != NULL, code;
	size_t left = 0;

	if (all && (cli_opt(p, "pem") != NULL || cli_opt(p, "subject") != NULL)) {
		cli_err("cert unmap: --all takes no --pem or --subject");
		return CLI_EXIT_USAGE;
	}
	if (!all && (code = subject_from_opts(ctx, p, "cert unmap", 0, &subject)) != CLI_EXIT_OK)
		return code;
	if (!all && (code = pem_fingerprint(ctx, p, "cert unmap", fp)) != CLI_EXIT_OK) {
		xfree(&subject);
		return code;
	}
	code = cli_user_get(ctx, "cert unmap", uid, cert_attrs, &e);
	if (code != CLI_EXIT_OK)
		goto out;
	have = cli_entry_attr(e, ACCT_ATTR_SUBJECT);
	fps = cli_entry_attr(e, ACCT_ATTR_FINGERPRINT);
	if (all && (have == NULL || have->n == 0) && (fps == NULL || fps->n == 0)) {
		report(ctx, e, uid, NULL, 0, "no subject was mapped");
		goto out;
	}
	if (all) {
		if (have != NULL && have->n > 0)
			cli_mods_clear(&m, ACCT_ATTR_SUBJECT);
	} else {
		for (size_t i = 0; have != NULL && i < have->n; i++)
			if (strcasecmp(have->vals[i], subject) == 0)
				cli_mods_add(&m, LDAP_MOD_DELETE, ACCT_ATTR_SUBJECT, have->vals[i]);
			else
				left++;
		if (cli_mods_count(&m) == 0) {
			code = cli_fail(ctx, CLI_EXIT_REFUSED,
			                "cert unmap %s: \"%s\" is not mapped", uid, subject);
			goto out;
		}
	}
	/*
	 * The fingerprint goes with its certificate (--pem names it); without
	 * it, the fingerprints go when the last subject does, so an unmapped
	 * account can no longer relay through Postfix either.
	 */
	if (fps != NULL && fps->n > 0) {
		if (all || left == 0)
			cli_mods_clear(&m, ACCT_ATTR_FINGERPRINT);
		else if (fp[0] != '\0' && cli_entry_has(e, ACCT_ATTR_FINGERPRINT, fp))
			cli_mods_add(&m, LDAP_MOD_DELETE, ACCT_ATTR_FINGERPRINT, fp);
	}
	code = modify(ctx, "cert unmap", uid, e, &m);
	if (code == CLI_EXIT_OK) {
		msg = all ? xasprintf("unmapped %zu subject(s)", have != NULL ? have->n : 0)
		          : xasprintf("unmapped \"%s\"", subject);
		report(ctx, e, uid, subject, 1, msg);
		xfree(&msg);
	}
out:
	cli_mods_free(&m);
	cli_entry_free(&e);
	xfree(&subject);
	return code;
}

int
cli_cert_show(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *uid = p->pos[0];
	const struct cli_attr *have;
	struct cli_entry *e = NULL;
	struct out_rec *rec;
	int code = cli_user_get(ctx, "cert show", uid, cert_attrs, &e);

	if (code != CLI_EXIT_OK)
		return code;
	have = cli_entry_attr(e, ACCT_ATTR_SUBJECT);
	rec = out_rec_new();
	out_str(rec, "uid", uid);
	out_str(rec, "dn", e->dn);
	out_list(rec, "cert_subjects", have != NULL ? have->vals : NULL,
	         have != NULL ? have->n : 0);
	have = cli_entry_attr(e, ACCT_ATTR_FINGERPRINT);
	out_list(rec, "cert_fingerprints", have != NULL ? have->vals : NULL,
	         have != NULL ? have->n : 0);
	out_print_rec(ctx->out, rec, ctx->g.json);
	out_rec_free(&rec);
	cli_entry_free(&e);
	return CLI_EXIT_OK;
}
