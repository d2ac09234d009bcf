/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * account_pwpolicy.c: the password policy entry that governs an account
 * (pwdPolicySubentry, or ldap_ppolicy_default), read with the service
 * identity.
 *
 * The policy entries are few and change rarely, so a small per-process
 * cache (a minute) saves a read per login. A policy that cannot be found
 * is remembered as unknown, and the decisions then err on the side of
 * refusing (a lock without a known duration holds).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

#include "account_policy.h"
#include "ldap_conn.h"
#include "xalloc.h"

#define POLICY_CACHE_N   8
#define POLICY_CACHE_TTL 60

static char *
first_value(LDAP *ld, LDAPMessage *e, const char *attr)
{
	struct berval **v = ldap_get_values_len(ld, e, attr);
	char *out = NULL;

	if (v != NULL && v[0] != NULL && v[0]->bv_len > 0 && v[0]->bv_len < 32)
		out = xmemdup0(v[0]->bv_val, v[0]->bv_len);
	ldap_value_free_len(v);
	return out;
}

static long
long_value(LDAP *ld, LDAPMessage *e, const char *attr)
{
	char *s = first_value(ld, e, attr), *end = NULL;
	long n = 0;

	if (s != NULL) {
		n = strtol(s, &end, 10);
		if (end == s || *end != '\0' || n < 0)
			n = 0;
	}
	xfree(&s);
	return n;
}

void
acct_pwpolicy_from_entry(LDAP *ld, LDAPMessage *e, struct acct_pwpolicy *p)
{
	memset(p, 0, sizeof(*p));
	p->known = 1;
	p->max_age = long_value(ld, e, "pwdMaxAge");
	p->grace_limit = long_value(ld, e, "pwdGraceAuthNLimit");
	p->lockout_duration = long_value(ld, e, "pwdLockoutDuration");
}

/* The policy cache: a handful of DNs, each read at most once a minute. */
static struct {
	char *dn;
	struct acct_pwpolicy p;
	time_t at;
} pcache[POLICY_CACHE_N];
static pthread_mutex_t pcache_lock = PTHREAD_MUTEX_INITIALIZER;

void
acct_pwpolicy_flush(void)
{
	size_t i;

	pthread_mutex_lock(&pcache_lock);
	for (i = 0; i < POLICY_CACHE_N; i++)
		xfree(&pcache[i].dn);
	pthread_mutex_unlock(&pcache_lock);
}

static int
pcache_get(const char *dn, time_t now, struct acct_pwpolicy *p)
{
	size_t i;
	int hit = 0;

	pthread_mutex_lock(&pcache_lock);
	for (i = 0; i < POLICY_CACHE_N && !hit; i++)
		if (pcache[i].dn != NULL && strcasecmp(pcache[i].dn, dn) == 0 &&
		    now - pcache[i].at < POLICY_CACHE_TTL && now >= pcache[i].at) {
			*p = pcache[i].p;
			hit = 1;
		}
	pthread_mutex_unlock(&pcache_lock);
	return hit;
}

static void
pcache_put(const char *dn, time_t now, const struct acct_pwpolicy *p)
{
	size_t i, slot = 0;

	pthread_mutex_lock(&pcache_lock);
	for (i = 0; i < POLICY_CACHE_N; i++) {
		if (pcache[i].dn == NULL || strcasecmp(pcache[i].dn, dn) == 0) {
			slot = i;
			break;
		}
		if (pcache[i].at < pcache[slot].at)
			slot = i;
	}
	xfree(&pcache[slot].dn);
	pcache[slot].dn = xstrdup(dn);
	pcache[slot].p = *p;
	pcache[slot].at = now;
	pthread_mutex_unlock(&pcache_lock);
}

enum pst_result
acct_pwpolicy_read(LDAP *ld, const char *dn, long timeout, struct acct_pwpolicy *p, char **err_r)
{
	char *attrs[] = {"pwdMaxAge", "pwdGraceAuthNLimit", "pwdLockoutDuration", NULL};
	struct timeval tv = {timeout > 0 ? timeout : 5, 0};
	LDAPMessage *res = NULL, *e;
	time_t now = time(NULL);
	int rc;

	memset(p, 0, sizeof(*p));
	if (pcache_get(dn, now, p))
		return PST_OK;
	if (ld == NULL) {
		*err_r = xasprintf("password policy %s: not cached", dn);
		return PST_TEMPFAIL;
	}
	rc = ldap_search_ext_s(ld, dn, LDAP_SCOPE_BASE, "(objectClass=pwdPolicy)", attrs, 0, NULL,
	                       NULL, &tv, 1, &res);
	if (rc == LDAP_SUCCESS && (e = ldap_first_entry(ld, res)) != NULL)
		acct_pwpolicy_from_entry(ld, e, p);
	ldap_msgfree(res);
	if (rc != LDAP_SUCCESS && pst_ldap_result(rc) == PST_TEMPFAIL) {
		*err_r = xasprintf("password policy %s: %s", dn, ldap_err2string(rc));
		return PST_TEMPFAIL;
	}
	pcache_put(dn, now, p);
	return PST_OK;
}
