/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sm_dir.c: the socketmap's directory searches (see sm_dir.h).
 */
#include <string.h>
#include <sys/time.h>

#include "ldap_conn.h"
#include "ldap_settings.h"
#include "sm_dir.h"
#include "xalloc.h"

void
sm_dir_init(struct sm_dir *d, const struct ldap_settings *ls)
{
	d->ls = ls;
	d->ld = NULL;
}

void
sm_dir_close(struct sm_dir *d)
{
	ldap_conn_close(&d->ld);
}

void
sm_found_clear(struct sm_found *f)
{
	size_t i;

	for (i = 0; i < SM_DIR_MAX; i++)
		acct_entry_free(&f->acct[i]);
	f->n = 0;
}

/* decode_all - every entry of res (up to SM_DIR_MAX) through lib's decoder */
static enum pst_result
decode_all(struct sm_dir *d, LDAPMessage *res, const struct sm_ident *id, struct sm_found *f,
           char **err_r)
{
	struct acct_decode dec = {d->ls->ppolicy_default,
	                          d->ls->timeout,
	                          id != NULL ? id->tpl : NULL,
	                          id != NULL ? id->vars : NULL,
	                          0,
	                          0};
	enum pst_result r;
	LDAPMessage *e;
	char *err = NULL;

	for (e = ldap_first_entry(d->ld, res); e != NULL && f->n < SM_DIR_MAX;
	     e = ldap_next_entry(d->ld, e)) {
		r = acct_entry_decode(d->ld, e, &dec, &f->acct[f->n], &err);
		if (r == PST_TEMPFAIL) {
			*err_r = xasprintf("directory unavailable: %s",
			                   err != NULL ? err : "password policy unreadable");
			xfree(&err);
			return PST_TEMPFAIL;
		}
		xfree(&err);
		/* An entry without a usable DN still counts: two matches stay ambiguous. */
		f->n++;
	}
	return PST_OK;
}

/* search_once - one search on the open connection; *rc_r gets libldap's code */
static enum pst_result
search_once(struct sm_dir *d, const char *filter, const struct sm_ident *id, struct sm_found *f,
            int *rc_r, char **err_r)
{
	struct timeval tv = {d->ls->timeout, 0};
	LDAPMessage *res = NULL;
	const char *attrs[32];
	struct acct_terms ts;
	enum pst_result r;
	size_t n = 0;
	int rc;

	while (acct_attrs[n] != NULL)
		attrs[n] = acct_attrs[n], n++;
	memset(&ts, 0, sizeof(ts));
	if (id != NULL)
		acct_ident_terms(id->tpl, id->vars, 0, &ts);
	acct_ident_attrs(&ts, attrs, &n, sizeof(attrs) / sizeof(attrs[0]) - 1);
	rc = ldap_search_ext_s(d->ld, d->ls->search_base, LDAP_SCOPE_SUBTREE, filter,
	                       (char **)attrs, 0, NULL, NULL, &tv, SM_DIR_MAX, &res);
	acct_ident_terms_free(&ts); /* attrs point into ts: freed only after the search */
	*rc_r = rc;
	/* A size limit hit below two entries cannot tell one account from several. */
	if ((rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) ||
	    (rc == LDAP_SIZELIMIT_EXCEEDED && ldap_count_entries(d->ld, res) < SM_DIR_MAX)) {
		if (res != NULL)
			ldap_msgfree(res);
		return PST_TEMPFAIL;
	}
	r = decode_all(d, res, id, f, err_r);
	ldap_msgfree(res);
	return r;
}

enum pst_result
sm_dir_find(struct sm_dir *d, const char *filter, const struct sm_ident *id, struct sm_found *f,
            char **err_r)
{
	int attempt, fresh = 0, rc = LDAP_SERVER_DOWN;
	char *perr = NULL;

	memset(f, 0, sizeof(*f));
	for (attempt = 0; attempt < 2; attempt++) {
		char *cerr = NULL;

		fresh = d->ld == NULL;
		if (fresh && ldap_conn_connect(d->ls, &d->ld, &cerr) != PST_OK) {
			ldap_conn_close(&d->ld);
			*err_r = xasprintf("directory unavailable: %s",
			                   cerr != NULL ? cerr : "connect failed");
			xfree(&cerr);
			return PST_TEMPFAIL;
		}
		if (search_once(d, filter, id, f, &rc, &perr) == PST_OK)
			return PST_OK;
		sm_found_clear(f);
		ldap_conn_close(&d->ld);
		if (perr != NULL) {
			*err_r = perr; /* the search answered; its policy entry did not */
			return PST_TEMPFAIL;
		}
		/* Only a connection that may have gone stale is worth a second try. */
		if (fresh || (rc != LDAP_SERVER_DOWN && rc != LDAP_CONNECT_ERROR))
			break;
	}
	*err_r = xasprintf("directory unavailable: %s", ldap_err2string(rc));
	return PST_TEMPFAIL;
}
