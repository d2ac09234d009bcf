/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sm_dir.c: the socketmap's directory searches (see sm_dir.h).
 */
#include <string.h>
#include <strings.h>
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
		relay_account_clear(&f->acct[i]);
	f->n = 0;
}

/* first_value - the first value of attr as a string, or NULL */
static char *
first_value(LDAP *ld, LDAPMessage *e, const char *attr)
{
	struct berval **v = ldap_get_values_len(ld, e, attr);
	char *s = NULL;

	if (v != NULL && v[0] != NULL)
		s = xmemdup0(v[0]->bv_val, v[0]->bv_len);
	ldap_value_free_len(v);
	return s;
}

/* decode - one entry into a relay_account */
static void
decode(LDAP *ld, LDAPMessage *e, struct relay_account *a)
{
	struct berval **v;
	char *dis;
	size_t i, n;

	a->uid = first_value(ld, e, "uid");
	a->locked_time = first_value(ld, e, "pwdAccountLockedTime");
	dis = first_value(ld, e, "postinoDisabled");
	a->disabled = dis != NULL && strcasecmp(dis, "TRUE") == 0;
	xfree(&dis);
	v = ldap_get_values_len(ld, e, "objectClass");
	for (i = 0; v != NULL && v[i] != NULL; i++)
		if (v[i]->bv_len == strlen("postinoAccount") &&
		    strncasecmp(v[i]->bv_val, "postinoAccount", v[i]->bv_len) == 0)
			a->is_postino = 1;
	ldap_value_free_len(v);
	v = ldap_get_values_len(ld, e, "postinoService");
	n = v != NULL ? (size_t)ldap_count_values_len(v) : 0;
	a->services = xcalloc(n + 1, sizeof(*a->services));
	for (i = 0; i < n; i++)
		a->services[i] = xmemdup0(v[i]->bv_val, v[i]->bv_len);
	ldap_value_free_len(v);
}

/* search_once - one search on the open connection; *rc_r gets libldap's code */
static enum pst_result
search_once(struct sm_dir *d, const char *filter, struct sm_found *f, int *rc_r)
{
	static const char *const attrs[] = {RELAY_POLICY_ATTRS, NULL};
	struct timeval tv = {d->ls->timeout, 0};
	LDAPMessage *res = NULL, *e;
	int rc;

	rc = ldap_search_ext_s(d->ld, d->ls->search_base, LDAP_SCOPE_SUBTREE, filter,
	                       (char **)attrs, 0, NULL, NULL, &tv, SM_DIR_MAX, &res);
	*rc_r = rc;
	/* A size limit hit below two entries cannot tell one account from several. */
	if ((rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) ||
	    (rc == LDAP_SIZELIMIT_EXCEEDED && ldap_count_entries(d->ld, res) < SM_DIR_MAX)) {
		if (res != NULL)
			ldap_msgfree(res);
		return PST_TEMPFAIL;
	}
	for (e = ldap_first_entry(d->ld, res); e != NULL && f->n < SM_DIR_MAX;
	     e = ldap_next_entry(d->ld, e))
		decode(d->ld, e, &f->acct[f->n++]);
	ldap_msgfree(res);
	return PST_OK;
}

enum pst_result
sm_dir_find(struct sm_dir *d, const char *filter, struct sm_found *f, char **err_r)
{
	int attempt, fresh = 0, rc = LDAP_SERVER_DOWN;

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
		if (search_once(d, filter, f, &rc) == PST_OK)
			return PST_OK;
		ldap_conn_close(&d->ld);
		/* Only a connection that may have gone stale is worth a second try. */
		if (fresh || (rc != LDAP_SERVER_DOWN && rc != LDAP_CONNECT_ERROR))
			break;
	}
	*err_r = xasprintf("directory unavailable: %s", ldap_err2string(rc));
	return PST_TEMPFAIL;
}
