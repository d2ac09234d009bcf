/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_import_sasldb.c: "import sasldb FILE", the migration from per-host
 * sasldb2 files into the directory.
 *
 * sasldb keeps cleartext passwords. Each one is read into a struct secret,
 * turned at once into a userPassword hash and SCRAM secrets (the same
 * lib/account.c function pwchange uses), and wiped; the cleartext is never
 * written anywhere. Accounts that exist already are conflicts: reported and
 * left alone, never overwritten. Records that are not passwords (e.g. OTP
 * secrets), of another realm, or with unusable names are skipped, and said so.
 * A file that is not wholly readable as a sasldb (truncated, damaged, keys
 * of another shape, no password at all) is refused before anything is
 * written.
 *
 * The file is read twice: first to learn its realms (so a file that mixes
 * realms needs --realm before any password is touched), then to build the
 * entries.
 */
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "cli_account.h"
#include "cli_args.h"
#include "cli_cmds.h"
#include "cli_import.h"
#include "cli_sasldb.h"
#include "cli_validate.h"
#include "secret.h"
#include "xalloc.h"

#define REALMS_MAX 64

struct realms {
	char *name[REALMS_MAX];
	size_t n;
	int more;         /* more than REALMS_MAX: only the first ones are listed */
	size_t passwords; /* userPassword records */
	size_t bad_keys;  /* keys that are not user\0realm\0property */
};

static int
is_password(const struct sasldb_key *k)
{
	return k->prop_len == 12 && memcmp(k->prop, "userPassword", 12) == 0;
}

static int
realms_cb(const struct sasldb_key *k, const struct secret *value, void *arg)
{
	struct realms *rs = arg;

	(void)value;
	if (k == NULL)
		rs->bad_keys++;
	if (k == NULL || !is_password(k))
		return 0;
	rs->passwords++;
	for (size_t i = 0; i < rs->n; i++)
		if (strlen(rs->name[i]) == k->realm_len &&
		    memcmp(rs->name[i], k->realm, k->realm_len) == 0)
			return 0;
	if (rs->n == REALMS_MAX) {
		rs->more = 1;
		return 0;
	}
	rs->name[rs->n++] = xstrndup(k->realm, k->realm_len);
	return 0;
}

struct build {
	struct cli_ctx *ctx;
	struct import_plan *pl;
	const char *realm; /* only this realm; NULL: the file has one */
	char **svcs;
	size_t nsvcs;
	size_t bad_keys;
};

/* label_of - "user@realm" for messages, with unprintable bytes made visible later */
static char *
label_of(const struct sasldb_key *k)
{
	return xasprintf("%.*s@%.*s", (int)(k->user_len > 64 ? 64 : k->user_len), k->user,
	                 (int)(k->realm_len > 64 ? 64 : k->realm_len), k->realm);
}

static int
build_cb(const struct sasldb_key *k, const struct secret *value, void *arg)
{
	struct build *b = arg;
	struct cli_new_account a;
	struct import_item *it;
	char *label, *uid, *err = NULL;

	if (k == NULL) {
		b->bad_keys++;
		return 0;
	}
	label = label_of(k);
	if (!is_password(k)) {
		char *why = xasprintf("property %.*s is not a password",
		                      (int)(k->prop_len > 64 ? 64 : k->prop_len), k->prop);

		import_skip(b->pl, label, why);
		xfree(&why);
		goto out;
	}
	if (b->realm != NULL &&
	    (strlen(b->realm) != k->realm_len || memcmp(b->realm, k->realm, k->realm_len) != 0)) {
		import_skip(b->pl, label, "another realm");
		goto out;
	}
	uid = xstrndup(k->user, k->user_len);
	if (strlen(uid) != k->user_len || !cli_valid_uid(uid, &err)) {
		import_skip(b->pl, label, err != NULL ? err : "NUL byte in the name");
	} else if (value->len == 0 || memchr(value->data, '\0', value->len) != NULL) {
		import_skip(b->pl, label, "empty or binary password");
	} else {
		memset(&a, 0, sizeof(a));
		a.uid = uid;
		a.services = b->svcs;
		a.nservices = b->nsvcs;
		a.password = value;
		it = import_plan_add(b->pl, b->ctx, label, uid, NULL);
		xfree(&err);
		if (cli_account_mods(b->ctx, &a, &it->mods, &err) != PST_OK)
			import_error(b->pl, label, "%s", err);
	}
	xfree(&err);
	xfree(&uid);
out:
	xfree(&label);
	return 0;
}

/*
 * choose_realm - the realm to import; a usage error when the file mixes
 * realms, a refusal when it is not a sasldb (a key of another shape) or
 * holds no password at all
 */
static int
choose_realm(struct cli_ctx *ctx, const char *file, const char *want, struct realms *rs)
{
	struct buf list = BUF_INIT;
	int code;

	if (rs->bad_keys > 0)
		return cli_fail(ctx, CLI_EXIT_REFUSED,
		                "import sasldb %s: not a sasldb2 file: %zu record(s) whose key is "
		                "not user\\0realm\\0property",
		                file, rs->bad_keys);
	if (rs->passwords == 0)
		return cli_fail(ctx, CLI_EXIT_REFUSED,
		                "import sasldb %s: no userPassword records, nothing to import",
		                file);
	if (want != NULL || rs->n <= 1)
		return CLI_EXIT_OK;
	for (size_t i = 0; i < rs->n; i++)
		buf_appendf(&list, "%s\"%s\"", i > 0 ? ", " : "", rs->name[i]);
	code = cli_fail(ctx, CLI_EXIT_USAGE,
	                "import sasldb %s: users of several realms (%s%s); choose one with "
	                "--realm",
	                file, list.data, rs->more ? ", ..." : "");
	buf_free(&list);
	return code;
}

int
cli_import_sasldb(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *file = p->pos[0];
	const char *realm = cli_opt(p, "realm");
	struct realms rs;
	struct import_plan pl;
	struct build b;
	char *err = NULL;
	enum pst_result r;
	int code;

	memset(&rs, 0, sizeof(rs));
	memset(&b, 0, sizeof(b));
	if (!cli_services_parse(ctx->ctl.default_services != NULL ? ctx->ctl.default_services : "",
	                        &b.svcs, &b.nsvcs, &err)) {
		code = cli_fail(ctx, CLI_EXIT_USAGE, "ctl_default_services: %s", err);
		xfree(&err);
		return code;
	}
	r = sasldb_read(file, realms_cb, &rs, &err);
	if (r == PST_OK)
		code = choose_realm(ctx, file, realm, &rs);
	else
		code = cli_fail(ctx, cli_exit_from(r), "import sasldb: %s", err);
	for (size_t i = 0; i < rs.n; i++)
		xfree(&rs.name[i]);
	xfree(&err);
	if (code != CLI_EXIT_OK) {
		cli_strv_free(&b.svcs);
		return code;
	}
	import_plan_init(&pl, "import sasldb", file);
	b.ctx = ctx;
	b.pl = &pl;
	b.realm = realm;
	r = sasldb_read(file, build_cb, &b, &err);
	if (r != PST_OK) {
		code = cli_fail(ctx, cli_exit_from(r), "import sasldb: %s", err);
	} else {
		/* Checked on the first read; the file changed under us. */
		if (b.bad_keys > 0)
			import_error(&pl, "(malformed)",
			             "records whose key is not user\\0realm\\0property");
		code = import_run(ctx, &pl, 0, cli_opt(p, "dry-run") != NULL);
	}
	xfree(&err);
	import_plan_free(&pl);
	cli_strv_free(&b.svcs);
	return code;
}
