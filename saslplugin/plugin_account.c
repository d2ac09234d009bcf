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

/* The ppolicy value that means "locked by an administrator until unlocked". */
#define PPOLICY_ADMIN_LOCK "000001010000Z"

static char **
strv_copy(char *const *v)
{
	size_t n = 0, i;
	char **out;

	if (v == NULL)
		return NULL;
	while (v[n] != NULL)
		n++;
	out = xcalloc(n + 1, sizeof(*out));
	for (i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

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
		const struct plugin_account *s = &src->acct[i];
		struct plugin_account *d = &dst->acct[i];

		d->uid = s->uid ? xstrdup(s->uid) : NULL;
		d->is_postino = s->is_postino;
		d->disabled = s->disabled;
		d->locked = s->locked;
		d->services = strv_copy(s->services);
		d->secrets = strv_copy(s->secrets);
	}
}

void
account_match_clear(struct account_match *m)
{
	size_t i;

	for (i = 0; i < ACCOUNT_MAX_MATCH; i++) {
		xfree(&m->acct[i].uid);
		strv_free(&m->acct[i].services, 0);
		strv_free(&m->acct[i].secrets, 1);
	}
	memset(m, 0, sizeof(*m));
}

/* values - the capped values of attr, NULL-terminated (NULL when absent) */
static char **
values(LDAP *ld, LDAPMessage *e, const char *attr, int scram_only)
{
	struct berval **bv = ldap_get_values_len(ld, e, attr);
	char **out;
	size_t i, n = 0;

	if (bv == NULL)
		return NULL;
	out = xcalloc(VALUES_MAX + 1, sizeof(*out));
	for (i = 0; bv[i] != NULL && n < VALUES_MAX; i++) {
		if (bv[i]->bv_len == 0 || bv[i]->bv_len > VALUE_MAX ||
		    memchr(bv[i]->bv_val, '\0', bv[i]->bv_len) != NULL)
			continue;
		if (scram_only &&
		    (bv[i]->bv_len < 6 || strncasecmp(bv[i]->bv_val, "SCRAM-", 6) != 0))
			continue;
		out[n++] = xmemdup0(bv[i]->bv_val, bv[i]->bv_len);
	}
	if (scram_only)
		for (i = 0; bv[i] != NULL; i++)
			secret_wipe(bv[i]->bv_val, bv[i]->bv_len);
	ber_bvecfree(bv);
	if (n == 0)
		xfree(&out);
	return out;
}

/* has_value - 1 if some value of v equals want (case-insensitive) */
static int
has_value(char *const *v, const char *want)
{
	size_t i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		if (strcasecmp(v[i], want) == 0)
			return 1;
	return 0;
}

struct collect {
	struct account_match *m;
	int want_secrets;
};

/* collect_entry - plugin_ldap_entry_fn: turn one entry into an account record */
static enum pst_result
collect_entry(LDAP *ld, LDAPMessage *e, void *arg)
{
	struct collect *c = arg;
	struct plugin_account *a;
	char **v;

	if (c->m->n >= ACCOUNT_MAX_MATCH)
		return PST_OK;
	a = &c->m->acct[c->m->n++];
	v = values(ld, e, "uid", 0);
	if (v != NULL)
		a->uid = xstrdup(v[0]);
	strv_free(&v, 0);
	v = values(ld, e, "objectClass", 0);
	a->is_postino = has_value(v, ACCT_OC);
	strv_free(&v, 0);
	v = values(ld, e, ACCT_ATTR_DISABLED, 0);
	a->disabled = has_value(v, "TRUE");
	strv_free(&v, 0);
	v = values(ld, e, "pwdAccountLockedTime", 0);
	a->locked = has_value(v, PPOLICY_ADMIN_LOCK);
	strv_free(&v, 0);
	a->services = values(ld, e, ACCT_ATTR_SERVICE, 0);
	if (c->want_secrets)
		a->secrets = values(ld, e, ACCT_ATTR_AUTHPW, 1);
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
       struct account_match *m, char **err_r)
{
	char *attrs[] = {"uid",
	                 "objectClass",
	                 ACCT_ATTR_DISABLED,
	                 "pwdAccountLockedTime",
	                 ACCT_ATTR_SERVICE,
	                 want_secrets ? ACCT_ATTR_AUTHPW : NULL,
	                 NULL};
	struct collect c = {m, want_secrets};
	enum pst_result r;
	char *key;
	time_t now;

	memset(m, 0, sizeof(*m));
	if (!ctx->have_ldap) {
		*err_r = xasprintf("no directory configured (postino_ldap_uri)");
		return PST_PERMFAIL;
	}
	key = xasprintf("%c%c%s", kind, want_secrets ? 's' : '-', filter);
	pthread_mutex_lock(&ctx->lock);
	now = now_monotonic();
	if (plugin_cache_get(ctx->cache, key, now, m)) {
		r = PST_OK;
	} else {
		r = plugin_ldap_search(ctx->ldap, filter, attrs, collect_entry, &c, err_r);
		if (r == PST_OK)
			plugin_cache_put(ctx->cache, key, now, m);
		else
			account_match_clear(m);
	}
	pthread_mutex_unlock(&ctx->lock);
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
		r = lookup(ctx, 'N', filter, want_secrets, m, err_r);
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
	enum pst_result r = lookup(ctx, kind, filter, 0, m, err_r);

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

/* service_name - libsasl2 service names that differ from postinoService's */
static const char *
service_name(const char *service)
{
	/* Cyrus pop3d registers as "pop"; the directory says "pop3". */
	if (strcasecmp(service, "pop") == 0)
		return "pop3";
	return service;
}

enum pst_result
account_allowed(const struct plugin_ctx *ctx, const struct plugin_account *a, const char *service,
                const char **why_r)
{
	if (a->disabled) {
		*why_r = "account disabled";
		return PST_PERMFAIL;
	}
	if (a->locked) {
		*why_r = "account locked";
		return PST_PERMFAIL;
	}
	if (ctx->set.check_service && a->is_postino && service != NULL && *service != '\0' &&
	    !has_value(a->services, service_name(service))) {
		*why_r = "service not allowed for this account";
		return PST_PERMFAIL;
	}
	*why_r = NULL;
	return PST_OK;
}
