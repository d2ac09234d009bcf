/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_import_ldif.c: "import ldif FILE".
 *
 * Records must be accounts (inetOrgPerson with a valid uid) under the
 * people base: this is a provisioning tool, not a general LDIF loader. A
 * userPassword without a {SCHEME} prefix is cleartext; it is hashed and
 * given SCRAM secrets exactly as "user passwd" would, and never written as
 * is. postino's own attributes are validated (services, subject DNs, the
 * disabled flag); everything else is left to the server's schema.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "cli.h"
#include "cli_args.h"
#include "cli_cmds.h"
#include "cli_import.h"
#include "cli_ldif.h"
#include "cli_mods.h"
#include "cli_validate.h"
#include "dn_norm.h"
#include "secret.h"
#include "xalloc.h"

/* under_base - 1 if dn is a valid DN strictly below base (compared case-insensitively) */
static int
under_base(const char *dn, const char *base)
{
	char *ndn = NULL, *nbase = NULL;
	size_t ld, lb;
	int ok = 0;

	if (ldap_dn_normalize(dn, LDAP_DN_FORMAT_LDAPV3, &ndn, LDAP_DN_FORMAT_LDAPV3) !=
	            LDAP_SUCCESS ||
	    ldap_dn_normalize(base, LDAP_DN_FORMAT_LDAPV3, &nbase, LDAP_DN_FORMAT_LDAPV3) !=
	            LDAP_SUCCESS)
		goto out;
	ld = strlen(ndn);
	lb = strlen(nbase);
	ok = ld > lb + 1 && ndn[ld - lb - 1] == ',' && strcasecmp(ndn + ld - lb, nbase) == 0;
out:
	ldap_memfree(ndn);
	ldap_memfree(nbase);
	return ok;
}

/* base_name - the attribute type without options, lower-cased, into out */
static void
base_name(const char *desc, char *out, size_t outsz)
{
	size_t i;

	for (i = 0; desc[i] != '\0' && desc[i] != ';' && i + 1 < outsz; i++)
		out[i] = (char)tolower((unsigned char)desc[i]);
	out[i] = '\0';
}

struct rec_state {
	const char *uid;
	struct secret *cleartext;
	int inetorgperson, postino_oc, needs_postino, stored_pw;
};

/* attr - validate one attribute value and add it to m; 0 or -1 (reported) */
static int
attr(struct import_plan *pl, const char *label, const struct ldif_attr *a, struct cli_mods *m,
     struct rec_state *st)
{
	char name[64], *err = NULL, *norm = NULL;
	int ok = 1;

	base_name(a->name, name, sizeof(name));
	if (memchr(a->value, '\0', a->len) != NULL) {
		import_error(pl, label, "%s: binary values are not supported", a->name);
		return -1;
	}
	if (strcmp(name, "objectclass") == 0) {
		st->inetorgperson |= strcasecmp(a->value, "inetOrgPerson") == 0;
		st->postino_oc |= strcasecmp(a->value, ACCT_OC) == 0;
	} else if (strcmp(name, "uid") == 0) {
		if (st->uid != NULL) {
			import_error(pl, label, "more than one uid");
			return -1;
		}
		st->uid = a->value;
		ok = cli_valid_uid(a->value, &err);
	} else if (strcmp(name, "userpassword") == 0) {
		if (!cli_looks_hashed(a->value)) {
			if (st->cleartext != NULL || a->len == 0) {
				import_error(pl, label, "%s",
				             a->len == 0 ? "empty userPassword"
				                         : "two cleartext passwords");
				return -1;
			}
			st->cleartext = secret_new(a->value, a->len);
			st->needs_postino = 1;
			return 0;
		}
		st->stored_pw = 1;
		ok = cli_valid_hash(a->value, &err);
	} else if (strcmp(name, "authpassword") == 0) {
		st->stored_pw = 1;
		st->needs_postino = 1;
	} else if (strcmp(name, "postinoservice") == 0) {
		char svc[64];

		base_name(a->value, svc, sizeof(svc));
		ok = strlen(a->value) < sizeof(svc) && cli_valid_service(svc, &err);
		if (!ok && err == NULL)
			err = xstrdup("service name too long");
		st->needs_postino = 1;
		if (ok)
			cli_mods_add(m, LDAP_MOD_ADD, a->name, svc);
		goto done;
	} else if (strcmp(name, "postinocertsubject") == 0) {
		ok = dn_normalize(a->value, a->len, &norm) == PST_OK;
		if (!ok)
			err = xstrdup("postinoCertSubject is not a distinguished name");
		st->needs_postino = 1;
		if (ok)
			cli_mods_add(m, LDAP_MOD_ADD, a->name, norm);
		xfree(&norm);
		goto done;
	} else if (strcmp(name, "postinodisabled") == 0) {
		ok = strcasecmp(a->value, "TRUE") == 0 || strcasecmp(a->value, "FALSE") == 0;
		if (!ok)
			err = xstrdup("postinoDisabled must be TRUE or FALSE");
		st->needs_postino = 1;
		if (ok)
			cli_mods_add(m, LDAP_MOD_ADD, a->name,
			             strcasecmp(a->value, "TRUE") == 0 ? "TRUE" : "FALSE");
		goto done;
	} else if (strcmp(name, "mail") == 0) {
		ok = cli_valid_mail(a->value, &err);
	} else if (strncmp(name, "postino", 7) == 0) {
		st->needs_postino = 1;
	}
	if (ok)
		cli_mods_add(m, LDAP_MOD_ADD, a->name, a->value);
done:
	if (!ok) {
		import_error(pl, label, "%s", err);
		xfree(&err);
		return -1;
	}
	return 0;
}

static void
record(struct cli_ctx *ctx, struct import_plan *pl, const struct ldif_record *rec)
{
	struct rec_state st;
	struct cli_mods m = CLI_MODS_INIT;
	struct import_item *it;
	char label[48];
	int bad = 0;

	memset(&st, 0, sizeof(st));
	snprintf(label, sizeof(label), "entry at line %zu", rec->line);
	if (!under_base(rec->dn, ctx->people_base)) {
		import_error(pl, label, "\"%.120s\" is not an entry under %s", rec->dn,
		             ctx->people_base);
		return;
	}
	for (size_t i = 0; i < rec->n; i++)
		bad |= attr(pl, label, &rec->a[i], &m, &st) < 0;
	if (!bad && !st.inetorgperson) {
		import_error(pl, label, "objectClass inetOrgPerson missing");
		bad = 1;
	}
	if (!bad && st.uid == NULL) {
		import_error(pl, label, "no uid");
		bad = 1;
	}
	if (!bad && st.cleartext != NULL && st.stored_pw) {
		import_error(pl, label, "both a cleartext and a stored password");
		bad = 1;
	}
	if (bad) {
		cli_mods_free(&m);
		secret_free(&st.cleartext);
		return;
	}
	/* Postino attributes and SCRAM secrets need the auxiliary class. */
	if (!st.postino_oc && st.needs_postino)
		cli_mods_add(&m, LDAP_MOD_ADD, "objectClass", ACCT_OC);
	it = import_plan_add(pl, ctx, label, st.uid, rec->dn);
	it->mods = m;
	/* Once the import is bound to be refused, hashing more passwords is wasted time. */
	if (st.cleartext != NULL && pl->nerrors == 0 &&
	    cli_mods_password(&it->mods, &ctx->ldap, st.cleartext) != PST_OK)
		import_error(pl, label, "could not hash the password");
	secret_free(&st.cleartext);
}

int
cli_import_ldif(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *file = p->pos[0];
	struct import_plan pl;
	struct ldif_reader r;
	struct ldif_record *rec = NULL;
	char *data, *err = NULL;
	size_t len;
	int code, rc;

	data = import_read_file(file, IMPORT_FILE_MAX, &len, &err);
	if (data == NULL) {
		code = cli_fail(ctx, CLI_EXIT_REFUSED, "import ldif: %s", err);
		xfree(&err);
		return code;
	}
	import_plan_init(&pl, "import ldif", file);
	ldif_init(&r, data, len);
	while ((rc = ldif_next(&r, &rec, &err)) > 0) {
		record(ctx, &pl, rec);
		ldif_record_free(&rec);
	}
	if (rc < 0) {
		import_error(&pl, "syntax", "%s", err);
		xfree(&err);
	}
	secret_wipe(data, len);
	xfree(&data);
	code = import_run(ctx, &pl, 1, cli_opt(p, "dry-run") != NULL);
	import_plan_free(&pl);
	return code;
}
