/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_import_csv.c: "import csv FILE".
 *
 * The header line names the columns, in any order:
 *   uid (required), name, mail, services, password, password_hash,
 *   cert_subject, disabled
 * A row's password (cleartext) is hashed and turned into SCRAM secrets as
 * soon as the row is validated, and the file's buffer is wiped once parsed,
 * so the cleartext lives no longer than it must.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "cli_account.h"
#include "cli_args.h"
#include "cli_cmds.h"
#include "cli_csv.h"
#include "cli_import.h"
#include "cli_validate.h"
#include "dn_norm.h"
#include "secret.h"
#include "xalloc.h"

enum csv_col {
	COL_UID,
	COL_NAME,
	COL_MAIL,
	COL_SERVICES,
	COL_PASSWORD,
	COL_HASH,
	COL_SUBJECT,
	COL_DISABLED,
	COL_N,
};

static const struct {
	const char *name;
	enum csv_col col;
} col_names[] = {
        {"uid", COL_UID},           {"name", COL_NAME},
        {"cn", COL_NAME},           {"mail", COL_MAIL},
        {"services", COL_SERVICES}, {"service", COL_SERVICES},
        {"password", COL_PASSWORD}, {"password_hash", COL_HASH},
        {"userpassword", COL_HASH}, {"cert_subject", COL_SUBJECT},
        {"disabled", COL_DISABLED},
};

/* trim - strip blanks at both ends, in place */
static char *
trim(char *s)
{
	size_t len = strlen(s);

	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/* header - map column positions to roles; -1 for a bad header (reported) */
static int
header(struct import_plan *pl, char **f, size_t n, int pos[COL_N])
{
	int bad = 0;

	for (int c = 0; c < COL_N; c++)
		pos[c] = -1;
	for (size_t i = 0; i < n; i++) {
		char *name = trim(f[i]);
		size_t k;

		for (char *c = name; *c != '\0'; c++)
			*c = (char)tolower((unsigned char)*c);
		for (k = 0; k < sizeof(col_names) / sizeof(col_names[0]); k++)
			if (strcmp(name, col_names[k].name) == 0)
				break;
		if (k == sizeof(col_names) / sizeof(col_names[0])) {
			import_error(pl, "header",
			             "unknown column \"%.40s\" (known: uid, name, "
			             "mail, services, password, password_hash, "
			             "cert_subject, disabled)",
			             name);
			bad = 1;
		} else if (pos[col_names[k].col] >= 0) {
			import_error(pl, "header", "column \"%s\" given twice", name);
			bad = 1;
		} else {
			pos[col_names[k].col] = (int)i;
		}
	}
	if (pos[COL_UID] < 0) {
		import_error(pl, "header", "no uid column");
		bad = 1;
	}
	return bad ? -1 : 0;
}

static int
parse_bool(const char *v, int *out)
{
	static const char *const yes[] = {"yes", "true", "1", "on"};
	static const char *const no[] = {"", "no", "false", "0", "off"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcasecmp(v, yes[i]) == 0)
			return *out = 1, 1;
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcasecmp(v, no[i]) == 0)
			return *out = 0, 1;
	return 0;
}

static const char *
col(char **f, const int pos[COL_N], enum csv_col c)
{
	return pos[c] >= 0 ? f[pos[c]] : "";
}

/* row - validate one record and add it to the plan; problems are reported */
static void
row(struct cli_ctx *ctx, struct import_plan *pl, char **f, const int pos[COL_N], size_t line)
{
	struct cli_new_account a;
	struct import_item *it;
	struct secret *pw = NULL;
	char label[32], *err = NULL, **svcs = NULL, *subject = NULL;
	const char *uid = trim(f[pos[COL_UID]]);
	const char *name = trim((char *)col(f, pos, COL_NAME));
	const char *mail = trim((char *)col(f, pos, COL_MAIL));
	const char *svc = trim((char *)col(f, pos, COL_SERVICES));
	const char *hash = trim((char *)col(f, pos, COL_HASH));
	const char *subj = trim((char *)col(f, pos, COL_SUBJECT));
	const char *pass = col(f, pos, COL_PASSWORD);
	size_t nsvcs = 0;
	int disabled = 0;

	snprintf(label, sizeof(label), "line %zu", line);
	memset(&a, 0, sizeof(a));
	if (!cli_valid_uid(uid, &err) || (name[0] != '\0' && !cli_valid_name(name, &err)) ||
	    (mail[0] != '\0' && !cli_valid_mail(mail, &err)) ||
	    !cli_services_parse(
	            svc[0] != '\0'
	                    ? svc
	                    : (ctx->ctl.default_services != NULL ? ctx->ctl.default_services : ""),
	            &svcs, &nsvcs, &err) ||
	    (hash[0] != '\0' && !cli_valid_hash(hash, &err))) {
		import_error(pl, label, "%s", err);
		goto out;
	}
	if (pass[0] != '\0' && hash[0] != '\0') {
		import_error(pl, label, "both password and password_hash given");
		goto out;
	}
	if (!parse_bool(trim((char *)col(f, pos, COL_DISABLED)), &disabled)) {
		import_error(pl, label, "disabled must be yes or no");
		goto out;
	}
	if (subj[0] != '\0' && dn_normalize_strict(subj, strlen(subj), &subject) != PST_OK) {
		import_error(pl, label, "cert_subject is not a distinguished name");
		goto out;
	}
	if (pass[0] != '\0')
		pw = secret_from_str(pass);
	a.uid = uid;
	a.name = name[0] != '\0' ? name : NULL;
	a.mail = mail[0] != '\0' ? mail : NULL;
	a.services = svcs;
	a.nservices = nsvcs;
	a.subjects = subject != NULL ? &subject : NULL;
	a.nsubjects = subject != NULL ? 1 : 0;
	/* Once the import is bound to be refused, hashing more passwords is wasted time. */
	a.password = pl->nerrors == 0 ? pw : NULL;
	a.password_hash = hash[0] != '\0' ? hash : NULL;
	a.disabled = disabled;
	it = import_plan_add(pl, ctx, label, uid, NULL);
	if (cli_account_mods(ctx, &a, &it->mods, &err) != PST_OK)
		import_error(pl, label, "%s", err);
out:
	secret_free(&pw);
	cli_strv_free(&svcs);
	xfree(&subject);
	xfree(&err);
}

int
cli_import_csv(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *file = p->pos[0];
	struct import_plan pl;
	struct csv_reader r;
	char *data, *err = NULL, **f = NULL;
	size_t len, n, line, nhead = 0;
	int pos[COL_N], code, rc, have_header = 0;

	data = import_read_file(file, IMPORT_FILE_MAX, &len, &err);
	if (data == NULL) {
		code = cli_fail(ctx, CLI_EXIT_REFUSED, "import csv: %s", err);
		xfree(&err);
		return code;
	}
	import_plan_init(&pl, "import csv", file);
	csv_init(&r, data, len);
	while ((rc = csv_next(&r, &f, &n, &line, &err)) > 0) {
		if (!have_header) {
			have_header = 1;
			if (header(&pl, f, n, pos) < 0) {
				csv_fields_free(&f);
				break;
			}
			nhead = n;
		} else if (n != nhead) {
			char label[32];

			snprintf(label, sizeof(label), "line %zu", line);
			import_error(&pl, label, "%zu fields, but the header names %zu", n, nhead);
		} else {
			row(ctx, &pl, f, pos, line);
		}
		csv_fields_free(&f);
	}
	if (rc < 0) {
		import_error(&pl, "syntax", "%s", err);
		xfree(&err);
	}
	if (!have_header && rc == 0)
		import_error(&pl, "header", "the file is empty");
	secret_wipe(data, len);
	xfree(&data);
	code = import_run(ctx, &pl, 1, cli_opt(p, "dry-run") != NULL);
	import_plan_free(&pl);
	return code;
}
