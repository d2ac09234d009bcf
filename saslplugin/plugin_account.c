/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * plugin_account.c: finding accounts in the directory (through the cache)
 * and deciding whether a found account may log in.
 *
 * Only the attributes the plugin needs are requested. userPassword is never
 * among them: a hash handed to libsasl2 as a property would be taken for a
 * plaintext password and break SCRAM. Values from the directory are capped
 * in length and number before they are copied.
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "account.h"
#include "ldap_escape.h"
#include "ldap_template.h"
#include "plugin.h"
#include "plugin_account.h"
#include "plugin_cache.h"
#include "plugin_ldap.h"
#include "secret.h"
#include "xalloc.h"

#define VALUE_MAX  1024 /* longest attribute value copied */
#define VALUES_MAX 16   /* most values of one attribute copied */

static void
strv_free(char ***vp, int wipe)
{
	char **v = *vp;
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++) {
		if (wipe)
			secret_wipe(v[i], strlen(v[i]));
		xfree(&v[i]);
	}
	xfree(vp);
}

void
account_match_copy(struct account_match *dst, const struct account_match *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	dst->n = src->n;
	for (i = 0; i < ACCOUNT_MAX_MATCH; i++) {
		dst->acct[i].e = acct_entry_dup(src->acct[i].e);
		dst->acct[i].secrets = xstrvdup(src->acct[i].secrets);
	}
}

void
account_match_clear(struct account_match *m)
{
	size_t i;

	for (i = 0; i < ACCOUNT_MAX_MATCH; i++) {
		acct_entry_free(&m->acct[i].e);
		strv_free(&m->acct[i].secrets, 1);
	}
	memset(m, 0, sizeof(*m));
}

/* scram_values - the capped SCRAM values of authPassword, NULL-terminated (NULL when none) */
static char **
scram_values(LDAP *ld, LDAPMessage *e)
{
	struct berval **bv = ldap_get_values_len(ld, e, ACCT_ATTR_AUTHPW);
	char **out;
	size_t i, n = 0;

	if (bv == NULL)
		return NULL;
	out = xcalloc(VALUES_MAX + 1, sizeof(*out));
	for (i = 0; bv[i] != NULL && n < VALUES_MAX; i++) {
		if (bv[i]->bv_len < 6 || bv[i]->bv_len > VALUE_MAX ||
		    memchr(bv[i]->bv_val, '\0', bv[i]->bv_len) != NULL ||
		    strncasecmp(bv[i]->bv_val, "SCRAM-", 6) != 0)
			continue;
		out[n++] = xmemdup0(bv[i]->bv_val, bv[i]->bv_len);
	}
	for (i = 0; bv[i] != NULL; i++)
		secret_wipe(bv[i]->bv_val, bv[i]->bv_len);
	ber_bvecfree(bv);
	if (n == 0)
		xfree(&out);
	return out;
}

struct collect {
	struct account_match *m;
	int want_secrets;
	struct acct_decode d;
	char *err;
};

/* collect_entry - plugin_ldap_entry_fn: decode one entry with lib's account policy */
static enum pst_result
collect_entry(LDAP *ld, LDAPMessage *e, void *arg)
{
	struct collect *c = arg;
	struct plugin_account *a;
	enum pst_result r;

	if (c->m->n >= ACCOUNT_MAX_MATCH)
		return PST_OK;
	a = &c->m->acct[c->m->n];
	xfree(&c->err);
	r = acct_entry_decode(ld, e, &c->d, &a->e, &c->err);
	if (r != PST_OK)
		return r;
	c->m->n++;
	if (c->want_secrets)
		a->secrets = scram_values(ld, e);
	return PST_OK;
}

static time_t
now_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* lookup - cache, then directory; key distinguishes what was asked */
static enum pst_result
lookup(struct plugin_ctx *ctx, char kind, const char *filter, int want_secrets,
       const struct ldap_template_vars *ident, struct account_match *m, char **err_r)
{
	const char *attrs[32];
	struct collect c;
	struct acct_terms ts;
	enum pst_result r;
	size_t n = 0;
	char *key;
	time_t now;

	memset(m, 0, sizeof(*m));
	if (!ctx->have_ldap) {
		*err_r = xasprintf("no directory configured (postino_ldap_uri)");
		return PST_PERMFAIL;
	}
	memset(&c, 0, sizeof(c));
	c.m = m;
	c.want_secrets = want_secrets;
	c.d.policy_default = ctx->ls.ppolicy_default;
	c.d.timeout = ctx->ls.timeout;
	c.d.ident_tpl = ident != NULL ? ctx->set.ldap_filter : NULL;
	c.d.ident_vars = ident;
	while (acct_attrs[n] != NULL)
		attrs[n] = acct_attrs[n], n++;
	if (want_secrets)
		attrs[n++] = ACCT_ATTR_AUTHPW;
	memset(&ts, 0, sizeof(ts));
	if (ident != NULL)
		acct_ident_terms(ctx->set.ldap_filter, ident, 0, &ts);
	acct_ident_attrs(&ts, attrs, &n, sizeof(attrs) / sizeof(attrs[0]) - 1);
	key = xasprintf("%c%c%s", kind, want_secrets ? 's' : '-', filter);
	pthread_mutex_lock(&ctx->lock);
	now = now_monotonic();
	if (plugin_cache_get(ctx->cache, key, now, m)) {
		r = PST_OK;
	} else {
		r = plugin_ldap_search(ctx->ldap, filter, (char **)attrs, collect_entry, &c, err_r);
		if (r != PST_OK && c.err != NULL) {
			xfree(err_r);
			*err_r = c.err;
			c.err = NULL;
		}
		if (r == PST_OK)
			plugin_cache_put(ctx->cache, key, now, m);
		else
			account_match_clear(m);
	}
	pthread_mutex_unlock(&ctx->lock);
	acct_ident_terms_free(&ts);
	xfree(&c.err);
	xfree(&key);
	return r;
}

enum pst_result
account_by_name(struct plugin_ctx *ctx, const char *name, const char *service, const char *realm,
                int want_secrets, struct account_match *m, char **err_r)
{
	struct ldap_template_vars v = {name, service, realm, NULL};
	const char *at = strchr(name, '@');
	char *login = NULL, *filter = NULL;
	enum pst_result r;

	if (ctx->set.strip_realm && at != NULL) {
		login = xstrndup(name, (size_t)(at - name));
		v.login = login;
	}
	r = ldap_template_expand(ctx->set.ldap_filter, &v, LDAP_TPL_FILTER, &filter, err_r);
	if (r == PST_OK)
		r = lookup(ctx, 'N', filter, want_secrets, &v, m, err_r);
	xfree(&filter);
	xfree(&login);
	return r;
}

/* by_attr - "(&(objectClass=oc)(attr=value))" with the value escaped */
static enum pst_result
by_attr(struct plugin_ctx *ctx, char kind, const char *oc, const char *attr, const char *value,
        struct account_match *m, char **err_r)
{
	char *esc = ldap_escape_filter(value, strlen(value));
	char *filter = xasprintf("(&(objectClass=%s)(%s=%s))", oc, attr, esc);
	enum pst_result r = lookup(ctx, kind, filter, 0, NULL, m, err_r);

	xfree(&filter);
	xfree(&esc);
	return r;
}

enum pst_result
account_by_subject(struct plugin_ctx *ctx, const char *subject, struct account_match *m,
                   char **err_r)
{
	return by_attr(ctx, 'S', ACCT_OC, ACCT_ATTR_SUBJECT, subject, m, err_r);
}

enum pst_result
account_by_cn(struct plugin_ctx *ctx, const char *cn, struct account_match *m, char **err_r)
{
	return by_attr(ctx, 'C', "inetOrgPerson", "cn", cn, m, err_r);
}

enum pst_result
account_allowed(const struct plugin_ctx *ctx, const struct plugin_account *a, const char *service,
                enum acct_path path, enum acct_state *state_r, const char **why_r)
{
	struct acct_opts o = {ctx->set.check_service, 0, 0};

	return acct_decide(a->e, &o, service, path, time(NULL), state_r, why_r);
}
