/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_user_show.c: "user show" and "user list".
 *
 * Password attributes are read only to say which schemes are stored; their
 * values are never printed, not even in --json.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "account_policy.h"
#include "cli.h"
#include "cli_args.h"
#include "cli_cmds.h"
#include "cli_entry.h"
#include "cli_ldap.h"
#include "cli_output.h"
#include "cli_user_policy.h"
#include "ldap_escape.h"
#include "xalloc.h"

static char *show_attrs[] = {
        "uid",
        "cn",
        "mail",
        "objectClass",
        ACCT_ATTR_SERVICE,
        ACCT_ATTR_DISABLED,
        ACCT_ATTR_SUBJECT,
        ACCT_ATTR_PWCHANGED,
        ACCT_ATTR_USERPW,
        ACCT_ATTR_AUTHPW,
        "pwdAccountLockedTime",
        "pwdChangedTime",
        "pwdFailureTime",
        "pwdReset",
        NULL,
};

/*
 * A listing does not need the password attributes: they stay on the server.
 * It reads what lib's account decoder needs (acct_attrs), for the state.
 */
static char *list_attrs[] = {
        "uid",
        "entryUUID",
        "pwdGraceUseTime",
        "pwdPolicySubentry",
        "cn",
        "mail",
        "objectClass",
        ACCT_ATTR_SERVICE,
        ACCT_ATTR_DISABLED,
        ACCT_ATTR_SUBJECT,
        ACCT_ATTR_PWCHANGED,
        "pwdAccountLockedTime",
        "pwdChangedTime",
        "pwdFailureTime",
        "pwdReset",
        NULL,
};

/*
 * scheme_of - "{CRYPT}$6$" for a userPassword, "SCRAM-SHA-256" for an
 * authPassword: enough to see how a password is stored, nothing to attack.
 */
static char *
scheme_of(const char *v, int auth)
{
	const char *end;

	if (auth) {
		end = strchr(v, '$');
		return end != NULL ? xstrndup(v, (size_t)(end - v)) : xstrdup("?");
	}
	end = strchr(v, '}');
	if (v[0] != '{' || end == NULL)
		return xstrdup("cleartext!");
	if (strncasecmp(v, "{CRYPT}$", 8) == 0) {
		const char *d = strchr(end + 2, '$');

		if (d != NULL && d - end < 12)
			return xstrndup(v, (size_t)(d - v + 1));
	}
	return xstrndup(v, (size_t)(end - v + 1));
}

static void
add_schemes(struct out_rec *rec, const struct cli_entry *e)
{
	const struct cli_attr *up = cli_entry_attr(e, ACCT_ATTR_USERPW);
	const struct cli_attr *ap = cli_entry_attr(e, ACCT_ATTR_AUTHPW);
	size_t n = 0, max = (up != NULL ? up->n : 0) + (ap != NULL ? ap->n : 0);
	char **v = xcalloc(max + 1, sizeof(char *));

	for (size_t i = 0; up != NULL && i < up->n; i++)
		v[n++] = scheme_of(up->vals[i], 0);
	for (size_t i = 0; ap != NULL && i < ap->n; i++)
		v[n++] = scheme_of(ap->vals[i], 1);
	out_list(rec, "password", v, n);
	for (size_t i = 0; i < n; i++)
		xfree(&v[i]);
	xfree(&v);
}

static void
add_list(struct out_rec *rec, const char *key, const struct cli_entry *e, const char *attr)
{
	const struct cli_attr *a = cli_entry_attr(e, attr);

	out_list(rec, key, a != NULL ? a->vals : NULL, a != NULL ? a->n : 0);
}

/*
 * entry_rec - the record for one account: brief for table rows, with the
 * password schemes only for "show" (a listing does not fetch them). For
 * JSON, an account that may use every service has an empty list and
 * "all_services": true, rather than a made-up service name.
 */
static struct out_rec *
entry_rec(const struct cli_entry *e, const char *state, int brief, int schemes, int json)
{
	struct out_rec *rec = out_rec_new();
	int postino = cli_entry_has(e, "objectClass", ACCT_OC);
	const char *locked = cli_entry_first(e, "pwdAccountLockedTime");
	const struct cli_attr *fails = cli_entry_attr(e, "pwdFailureTime");

	out_str(rec, "uid", cli_entry_first(e, "uid"));
	if (!brief)
		out_str(rec, "dn", e->dn);
	out_str(rec, "name", cli_entry_first(e, "cn"));
	out_str(rec, "mail", cli_entry_first(e, "mail"));
	if (postino) {
		add_list(rec, "services", e, ACCT_ATTR_SERVICE);
	} else {
		/* Without postinoAccount, authd lets an account use every service. */
		char *all[] = {"(all)"};

		out_list(rec, "services", all, json ? 0 : 1);
	}
	if (json)
		out_bool(rec, "all_services", !postino);
	/* lib's account policy decides, as for every login (doc/account-policy.md). */
	out_str(rec, "state", state);
	if (brief)
		return rec;
	out_bool(rec, "postino_account", postino);
	out_bool(rec, "disabled", cli_entry_has(e, ACCT_ATTR_DISABLED, "TRUE"));
	out_bool(rec, "locked", locked != NULL);
	out_str(rec, "locked_since",
	        locked == NULL                         ? NULL
	        : strcmp(locked, ACCT_ADMIN_LOCK) == 0 ? "until unlocked"
	                                               : locked);
	out_int(rec, "login_failures", fails != NULL ? (long long)fails->n : 0);
	out_bool(rec, "must_change_password", cli_entry_has(e, "pwdReset", "TRUE"));
	if (schemes)
		add_schemes(rec, e);
	out_str(rec, "password_changed",
	        cli_entry_first(e, ACCT_ATTR_PWCHANGED) != NULL
	                ? cli_entry_first(e, ACCT_ATTR_PWCHANGED)
	                : cli_entry_first(e, "pwdChangedTime"));
	add_list(rec, "cert_subjects", e, ACCT_ATTR_SUBJECT);
	return rec;
}

int
cli_user_show(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	struct cli_entry *e = NULL;
	struct acct_entry *a;
	struct out_rec *rec;
	int code = cli_user_get(ctx, "user show", p->pos[0], show_attrs, &e);

	if (code != CLI_EXIT_OK)
		return code;
	a = cli_user_decode(ctx, e->dn);
	rec = entry_rec(e, cli_user_state(a), 0, 1, ctx->g.json);
	cli_user_policy(a, NULL, rec);
	out_print_rec(ctx->out, rec, ctx->g.json);
	out_rec_free(&rec);
	acct_entry_free(&a);
	cli_entry_free(&e);
	return CLI_EXIT_OK;
}

/* What to do when slapd's size limit cuts a listing short. */
#define SIZELIMIT_HINT                                                                             \
	" (the server limits how many entries this identity may read; give it "                    \
	"\"limits dn.exact=<bind DN> size=unlimited\", or narrow the list with --filter)"

struct list_state {
	struct cli_ctx *ctx;
	struct out_rec **recs;
	size_t n, cap;
	int json;
};

static int
list_cb(LDAP *ld, LDAPMessage *m, void *arg)
{
	struct list_state *st = arg;
	struct cli_entry *e = cli_entry_from_msg(ld, m);
	struct acct_entry *a;

	if (cli_entry_first(e, "uid") == NULL) {
		cli_entry_free(&e);
		return 0;
	}
	if (st->n == st->cap) {
		st->cap = st->cap == 0 ? 64 : st->cap * 2;
		st->recs = xreallocarray(st->recs, st->cap, sizeof(*st->recs));
	}
	a = cli_user_decode_msg(st->ctx, m);
	/* JSON consumers get the full record; people get the table's columns. */
	st->recs[st->n++] = entry_rec(e, cli_user_state(a), !st->json, 0, st->json);
	acct_entry_free(&a);
	cli_entry_free(&e);
	return 0;
}

static int
rec_cmp(const void *a, const void *b)
{
	const char *ua = out_rec_get(*(struct out_rec *const *)a, "uid");
	const char *ub = out_rec_get(*(struct out_rec *const *)b, "uid");

	return strcmp(ua != NULL ? ua : "", ub != NULL ? ub : "");
}

int
cli_user_list(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	static const char *const cols[] = {"uid", "name", "mail", "services", "state", NULL};
	static const char *const heads[] = {"UID", "NAME", "MAIL", "SERVICES", "STATE", NULL};
	const char *text = cli_opt(p, "filter");
	struct list_state st = {ctx, NULL, 0, 0, ctx->g.json};
	char *filter, *err = NULL;
	enum pst_result r;
	int code = CLI_EXIT_OK;

	if (text != NULL && text[0] != '\0') {
		char *esc = ldap_escape_filter(text, strlen(text));

		filter = xasprintf("(&(uid=*)(|(uid=*%s*)(cn=*%s*)(mail=*%s*)))", esc, esc, esc);
		xfree(&esc);
	} else {
		filter = xstrdup("(uid=*)");
	}
	r = cli_ldap_search_msgs(ctx, ctx->people_base, LDAP_SCOPE_SUBTREE, filter, list_attrs,
	                         list_cb, &st, &err);
	if (r != PST_OK) {
		code = cli_fail(ctx, cli_exit_from(r), "user list: %s: %s%s", ctx->people_base, err,
		                ctx->last_rc == LDAP_SIZELIMIT_EXCEEDED ? SIZELIMIT_HINT : "");
	} else {
		if (st.n > 1)
			qsort(st.recs, st.n, sizeof(*st.recs), rec_cmp);
		out_print_table(ctx->out, st.recs, st.n, cols, heads, ctx->g.json);
	}
	for (size_t i = 0; i < st.n; i++)
		out_rec_free(&st.recs[i]);
	xfree(&st.recs);
	xfree(&filter);
	xfree(&err);
	return code;
}
