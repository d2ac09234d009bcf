/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_ldap.c: add, modify, delete and search for postinoctl.
 *
 * Every operation is sent asynchronously and waited for with the configured
 * time-out, so a hung server gives "unavailable" instead of a hung command.
 * Updates carry the password-policy request control: when slapd's ppolicy
 * rejects a password, its control says why, and the administrator hears it.
 */
#include <string.h>
#include <sys/time.h>

#include "cli.h"
#include "cli_entry.h"
#include "cli_ldap.h"
#include "cli_validate.h"
#include "ldap_conn.h"
#include "ldap_escape.h"
#include "ppolicy.h"
#include "xalloc.h"

/* Entries per page of a listing: below slapd's default size limit of 500. */
#define CLI_PAGE_SIZE 250

char *
cli_ldap_describe(LDAP *ld, int rc, const char *diag, LDAPControl **ctrls)
{
	struct ppolicy_info pp;
	char *text;

	if (diag != NULL && diag[0] != '\0')
		text = xasprintf("%s: %s", ldap_err2string(rc), diag);
	else
		text = xstrdup(ldap_err2string(rc));
	if (ctrls != NULL && ppolicy_parse(ld, ctrls, &pp) != PPOLICY_NONE) {
		char *t = xasprintf("%s (password policy: %s)", text, ppolicy_state_text(pp.state));

		xfree(&text);
		text = t;
	}
	return text;
}

static struct timeval
op_timeout(const struct cli_ctx *ctx)
{
	struct timeval tv = {ctx->ldap.timeout > 0 ? ctx->ldap.timeout : 30, 0};

	return tv;
}

/* session_error - the handle's own error, for failures before a result arrived */
static enum pst_result
session_error(struct cli_ctx *ctx, char **err_r)
{
	int rc = LDAP_OTHER;
	char *diag = NULL;
	enum pst_result r;

	ldap_get_option(ctx->ld, LDAP_OPT_RESULT_CODE, &rc);
	ldap_get_option(ctx->ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diag);
	ctx->last_rc = rc;
	*err_r = cli_ldap_describe(ctx->ld, rc, diag, NULL);
	ldap_memfree(diag);
	r = pst_ldap_result(rc);
	/* Whatever went wrong, a failed operation is never reported as success. */
	return r == PST_OK ? PST_TEMPFAIL : r;
}

/* wait_result - wait for msgid's final result and turn it into three-way */
static enum pst_result
wait_result(struct cli_ctx *ctx, int msgid, char **err_r)
{
	struct timeval tv = op_timeout(ctx);
	LDAPMessage *res = NULL;
	LDAPControl **ctrls = NULL;
	char *diag = NULL;
	int rc, prc;
	enum pst_result r;

	rc = ldap_result(ctx->ld, msgid, LDAP_MSG_ALL, &tv, &res);
	if (rc == 0) {
		ldap_abandon_ext(ctx->ld, msgid, NULL, NULL);
		ctx->last_rc = LDAP_TIMEOUT;
		*err_r = xasprintf("no answer from the directory within %ld s", (long)tv.tv_sec);
		return PST_TEMPFAIL;
	}
	if (rc < 0)
		return session_error(ctx, err_r);
	prc = ldap_parse_result(ctx->ld, res, &rc, NULL, &diag, NULL, &ctrls, 1);
	if (prc != LDAP_SUCCESS)
		return session_error(ctx, err_r);
	ctx->last_rc = rc;
	r = pst_ldap_result(rc);
	if (r != PST_OK)
		*err_r = cli_ldap_describe(ctx->ld, rc, diag, ctrls);
	ldap_memfree(diag);
	ldap_controls_free(ctrls);
	return r;
}

/* ppolicy_ctrls - a NULL-terminated control list asking for ppolicy reasons */
static LDAPControl **
ppolicy_ctrls(LDAPControl *c, LDAPControl **list)
{
	memset(c, 0, sizeof(*c));
	c->ldctl_oid = (char *)LDAP_CONTROL_PASSWORDPOLICYREQUEST;
	c->ldctl_iscritical = 0;
	list[0] = c;
	list[1] = NULL;
	return list;
}

enum pst_result
cli_ldap_add(struct cli_ctx *ctx, const char *dn, LDAPMod **mods, char **err_r)
{
	LDAPControl c, *list[2];
	int msgid;

	if (ldap_add_ext(ctx->ld, dn, mods, ppolicy_ctrls(&c, list), NULL, &msgid) != LDAP_SUCCESS)
		return session_error(ctx, err_r);
	return wait_result(ctx, msgid, err_r);
}

enum pst_result
cli_ldap_modify(struct cli_ctx *ctx, const char *dn, LDAPMod **mods, char **err_r)
{
	LDAPControl c, *list[2];
	int msgid;

	if (ldap_modify_ext(ctx->ld, dn, mods, ppolicy_ctrls(&c, list), NULL, &msgid) !=
	    LDAP_SUCCESS)
		return session_error(ctx, err_r);
	return wait_result(ctx, msgid, err_r);
}

enum pst_result
cli_ldap_delete(struct cli_ctx *ctx, const char *dn, char **err_r)
{
	int msgid;

	if (ldap_delete_ext(ctx->ld, dn, NULL, NULL, &msgid) != LDAP_SUCCESS)
		return session_error(ctx, err_r);
	return wait_result(ctx, msgid, err_r);
}

/* search_page - one page of a paged search; *cookie is replaced by the next one */
static enum pst_result
search_page(struct cli_ctx *ctx, const char *base, int scope, const char *filter, char **attrs,
            struct berval *cookie, cli_msg_cb cb, void *arg, int *stop, char **err_r)
{
	LDAPControl *page = NULL, *sctrls[2];
	struct timeval tv = op_timeout(ctx);
	enum pst_result r = PST_OK;
	int msgid, rc;

	if (ldap_create_page_control(ctx->ld, CLI_PAGE_SIZE, cookie, 0, &page) != LDAP_SUCCESS)
		return session_error(ctx, err_r);
	sctrls[0] = page;
	sctrls[1] = NULL;
	rc = ldap_search_ext(ctx->ld, base, scope, filter, attrs, 0, sctrls, NULL, &tv,
	                     LDAP_NO_LIMIT, &msgid);
	ldap_control_free(page);
	if (rc != LDAP_SUCCESS)
		return session_error(ctx, err_r);
	ber_memfree(cookie->bv_val);
	cookie->bv_val = NULL;
	cookie->bv_len = 0;
	for (;;) {
		LDAPMessage *res = NULL;
		LDAPControl **ctrls = NULL;
		char *diag = NULL;
		int type;

		tv = op_timeout(ctx);
		rc = ldap_result(ctx->ld, msgid, LDAP_MSG_ONE, &tv, &res);
		if (rc == 0) {
			ldap_abandon_ext(ctx->ld, msgid, NULL, NULL);
			*err_r = xasprintf("no answer from the directory within %ld s",
			                   (long)tv.tv_sec);
			return PST_TEMPFAIL;
		}
		if (rc < 0)
			return session_error(ctx, err_r);
		type = ldap_msgtype(res);
		if (type == LDAP_RES_SEARCH_ENTRY) {
			if (!*stop)
				*stop = cb(ctx->ld, res, arg);
			ldap_msgfree(res);
			continue;
		}
		if (type != LDAP_RES_SEARCH_RESULT) {
			ldap_msgfree(res); /* references: postino does not chase them */
			continue;
		}
		if (ldap_parse_result(ctx->ld, res, &rc, NULL, &diag, NULL, &ctrls, 1) !=
		    LDAP_SUCCESS)
			return session_error(ctx, err_r);
		ctx->last_rc = rc;
		r = pst_ldap_result(rc);
		if (r != PST_OK) {
			*err_r = cli_ldap_describe(ctx->ld, rc, diag, NULL);
		} else {
			LDAPControl *pc = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, ctrls, NULL);
			ber_int_t count;

			if (pc != NULL)
				ldap_parse_pageresponse_control(ctx->ld, pc, &count, cookie);
		}
		ldap_memfree(diag);
		ldap_controls_free(ctrls);
		return r;
	}
}

enum pst_result
cli_ldap_search_msgs(struct cli_ctx *ctx, const char *base, int scope, const char *filter,
                     char **attrs, cli_msg_cb cb, void *arg, char **err_r)
{
	struct berval cookie = {0, NULL};
	enum pst_result r;
	int stop = 0;

	do {
		r = search_page(ctx, base, scope, filter, attrs, &cookie, cb, arg, &stop, err_r);
	} while (r == PST_OK && !stop && cookie.bv_val != NULL && cookie.bv_len > 0);
	ber_memfree(cookie.bv_val);
	return r;
}

struct entry_cb {
	cli_entry_cb cb;
	void *arg;
};

/* as_entry - a cli_ldap_search callback called through cli_ldap_search_msgs */
static int
as_entry(LDAP *ld, LDAPMessage *m, void *arg)
{
	const struct entry_cb *ec = arg;
	struct cli_entry *e = cli_entry_from_msg(ld, m);
	int stop = ec->cb(e, ec->arg);

	cli_entry_free(&e);
	return stop;
}

enum pst_result
cli_ldap_search(struct cli_ctx *ctx, const char *base, int scope, const char *filter, char **attrs,
                cli_entry_cb cb, void *arg, char **err_r)
{
	struct entry_cb ec = {cb, arg};

	return cli_ldap_search_msgs(ctx, base, scope, filter, attrs, as_entry, &ec, err_r);
}

char *
cli_user_filter(const char *uid)
{
	char *esc = ldap_escape_filter(uid, strlen(uid));
	char *f = xasprintf("(uid=%s)", esc);

	xfree(&esc);
	return f;
}

char *
cli_user_dn(const struct cli_ctx *ctx, const char *uid)
{
	char *esc = ldap_escape_dn(uid, strlen(uid));
	char *dn = xasprintf("uid=%s,%s", esc, ctx->people_base);

	xfree(&esc);
	return dn;
}

struct find_state {
	struct cli_entry *first;
	int count;
};

static int
find_cb(struct cli_entry *e, void *arg)
{
	struct find_state *st = arg;

	if (st->count++ == 0) {
		/* Keep the copy: the caller owns it from here. */
		st->first = xcalloc(1, sizeof(*e));
		*st->first = *e;
		memset(e, 0, sizeof(*e));
	}
	return st->count > 1;
}

enum pst_result
cli_user_lookup(struct cli_ctx *ctx, const char *uid, char **attrs, struct cli_entry **e_r,
                int *count_r, char **err_r)
{
	struct find_state st = {NULL, 0};
	char *filter = cli_user_filter(uid);
	enum pst_result r;

	*e_r = NULL;
	*count_r = 0;
	r = cli_ldap_search(ctx, ctx->people_base, LDAP_SCOPE_SUBTREE, filter, attrs, find_cb, &st,
	                    err_r);
	xfree(&filter);
	if (r != PST_OK || st.count != 1) {
		cli_entry_free(&st.first);
		*count_r = r == PST_OK ? st.count : 0;
		return r;
	}
	*e_r = st.first;
	*count_r = 1;
	return PST_OK;
}

enum pst_result
cli_user_find(struct cli_ctx *ctx, const char *uid, char **attrs, struct cli_entry **e_r,
              char **err_r)
{
	enum pst_result r;
	int count;

	r = cli_user_lookup(ctx, uid, attrs, e_r, &count, err_r);
	if (r != PST_OK)
		return r;
	if (count == 0) {
		*err_r = xasprintf("no such account \"%s\" under %s", uid, ctx->people_base);
		return PST_PERMFAIL;
	}
	if (count > 1) {
		*err_r = xasprintf("more than one entry under %s has uid \"%s\"; "
		                   "fix the directory first",
		                   ctx->people_base, uid);
		return PST_PERMFAIL;
	}
	return PST_OK;
}

int
cli_user_get(struct cli_ctx *ctx, const char *verb, const char *uid, char **attrs,
             struct cli_entry **e_r)
{
	char *err = NULL;
	enum pst_result r;
	int code;

	*e_r = NULL;
	if (!cli_valid_uid(uid, &err)) {
		code = cli_fail(ctx, CLI_EXIT_USAGE, "%s: %s", verb, err);
		xfree(&err);
		return code;
	}
	r = cli_user_find(ctx, uid, attrs, e_r, &err);
	if (r == PST_OK)
		return CLI_EXIT_OK;
	code = cli_fail(ctx, cli_exit_from(r), "%s %s: %s", verb, uid, err);
	xfree(&err);
	return code;
}
