/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * replica_route.c: the marks of changed accounts, the consumer's
 * contextCSN check, and each worker's connections to the providers.
 *
 * The marks are a hash table under one mutex: the stream's thread adds,
 * workers look up and remove. Each worker gets its provider slot (the
 * same two-connection slot as its consumer one, over a server list of its
 * own) the first time it needs one; a thread-specific key closes it when
 * the worker ends.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ldap.h>

#include "auth_ctx.h"
#include "buf.h"
#include "authd_conf.h"
#include "ldap_conn.h"
#include "ldap_csn.h"
#include "ldap_pool.h"
#include "ldap_servers.h"
#include "log.h"
#include "replica_route.h"
#include "xalloc.h"

#define MARKS_MAX 100000 /* beyond: one mark for every account */
#define NBUCKET   4096
#define CSN_MAX   LDAP_CSN_MAX
#define SIDS_MAX  16 /* serverIDs followed (olcServerID is 0..4095; a few are used) */
#define BASE_MAX  8  /* RDNs walked up from the stream base to the suffix */
#define SWEEP_MIN 1024

struct mark {
	struct mark *next;
	char csn[CSN_MAX];
	char uid[];
};

struct csn_set {
	char v[SIDS_MAX][CSN_MAX];
	int n;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct mark *bucket[NBUCKET];
static unsigned long nmarks;
static unsigned long sweep_at = SWEEP_MIN; /* sweep the table when it grows past this */
static struct csn_set all;                 /* changes to any account, newest per serverID */
static unsigned long long routed;
static struct ldap_servers *providers;
static unsigned providers_gen;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t slot_key;

/* active - reads and writes go to different servers, and the stream runs */
static int
active(const struct authd_conf *c)
{
	const char *w = ldap_settings_writers(&c->ldap);

	return c->authd.sync != AUTHD_SYNC_OFF && c->authd.cache && c->ldap.servers != NULL &&
	       strcmp(w, c->ldap.servers) != 0;
}

static unsigned
hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % NBUCKET;
}

/* covered - the consumer's contextCSN values include the change at csn */
static int
covered(const struct csn_set *ctx, const char *csn)
{
	const char *v[SIDS_MAX];
	int i;

	for (i = 0; i < ctx->n; i++)
		v[i] = ctx->v[i];
	return ldap_csn_covered(v, ctx->n, csn);
}

/* set_add - keep the newest CSN per serverID (lock held) */
static void
set_add(struct csn_set *s, const char *csn)
{
	char want[8], sid[8];
	int i;

	ldap_csn_sid(csn, want);
	for (i = 0; i < s->n; i++) {
		ldap_csn_sid(s->v[i], sid);
		if (strcmp(sid, want) == 0) {
			if (strcmp(csn, s->v[i]) > 0)
				snprintf(s->v[i], CSN_MAX, "%s", csn);
			return;
		}
	}
	i = s->n < SIDS_MAX ? s->n++ : SIDS_MAX - 1;
	snprintf(s->v[i], CSN_MAX, "%s", csn);
}

static void
lower(char *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n && src[i] != '\0'; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
	dst[i] = '\0';
}

static struct mark **
find(const char *key)
{
	struct mark **m;

	for (m = &bucket[hash(key)]; *m != NULL; m = &(*m)->next)
		if (strcmp((*m)->uid, key) == 0)
			return m;
	return m;
}

void
replica_route_mark(const char *uid, const char *csn)
{
	struct authd_conf *c = authd_conf_get();
	char now[CSN_MAX], key[256];
	struct mark **m;
	int on = active(c);

	authd_conf_put(&c);
	if (!on)
		return;
	if (csn == NULL || strlen(csn) < 22 || strlen(csn) >= CSN_MAX) {
		time_t t = time(NULL);
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(now, sizeof(now), "%Y%m%d%H%M%S.000000Z#000000#*#000000", &tm);
		csn = now;
	}
	pthread_mutex_lock(&lock);
	if (uid == NULL || strlen(uid) >= sizeof(key) || nmarks >= MARKS_MAX) {
		set_add(&all, csn);
	} else {
		lower(key, uid, sizeof(key));
		m = find(key);
		if (*m == NULL) {
			size_t len = strlen(key) + 1;

			*m = xcalloc(1, sizeof(**m) + len);
			memcpy((*m)->uid, key, len);
			nmarks++;
			snprintf((*m)->csn, CSN_MAX, "%s", csn);
		} else if (ldap_csn_later(csn, (*m)->csn)) {
			snprintf((*m)->csn, CSN_MAX, "%s", csn);
		}
	}
	pthread_mutex_unlock(&lock);
}

/* The consumer's contextCSN: a base search of the suffix, found by walking up. */
struct ctx_arg {
	const char *start;
	struct csn_set got;
};

static enum pst_result
ctx_op(LDAP *ld, const struct authd_conf *conf, void *arg, int *ldap_rc, char **err_r)
{
	struct ctx_arg *x = arg;
	char *attrs[] = {"contextCSN", NULL};
	struct timeval tv = {conf->ldap.timeout, 0};
	const char *base = x->start;
	int depth;

	(void)err_r;
	for (depth = 0; base != NULL && *base != '\0' && depth < BASE_MAX; depth++) {
		LDAPMessage *msg = NULL, *e;
		struct berval **v = NULL;
		int rc = ldap_search_ext_s(ld, base, LDAP_SCOPE_BASE, "(objectClass=*)", attrs, 0,
		                           NULL, NULL, &tv, 1, &msg);
		size_t k;

		*ldap_rc = rc;
		if (pst_ldap_result(rc) == PST_TEMPFAIL) {
			ldap_msgfree(msg);
			return PST_TEMPFAIL;
		}
		e = rc == LDAP_SUCCESS ? ldap_first_entry(ld, msg) : NULL;
		if (e != NULL)
			v = ldap_get_values_len(ld, e, "contextCSN");
		for (k = 0; v != NULL && v[k] != NULL && x->got.n < SIDS_MAX; k++)
			if (v[k]->bv_len < CSN_MAX)
				snprintf(x->got.v[x->got.n++], CSN_MAX, "%.*s", (int)v[k]->bv_len,
				         v[k]->bv_val);
		ldap_value_free_len(v);
		ldap_msgfree(msg);
		if (x->got.n > 0)
			return PST_OK;
		/* Not the suffix: its parent. */
		base = strchr(base, ',');
		base = base != NULL ? base + 1 : NULL;
	}
	return PST_PERMFAIL;
}

static void
slot_free(void *p)
{
	struct ldap_slot *s = p;

	ldap_slot_close(s);
	free(s);
}

static void
key_init(void)
{
	if (pthread_key_create(&slot_key, slot_free) != 0)
		log_fatal("cannot create the provider slot key");
}

/* provider_slot - this thread's connections to ldap_write_servers */
static struct ldap_slot *
provider_slot(const struct authd_conf *c)
{
	struct ldap_slot *s;

	pthread_once(&key_once, key_init);
	pthread_mutex_lock(&lock);
	if (providers == NULL)
		providers = ldap_servers_new();
	if (providers_gen != c->generation) {
		int n = 0;
		char **uris = ldap_uri_list(ldap_settings_writers(&c->ldap), &n);

		ldap_servers_set(providers, uris, n, c->ldap.failback_interval);
		ldap_uri_list_free(&uris);
		providers_gen = c->generation;
	}
	pthread_mutex_unlock(&lock);
	s = pthread_getspecific(slot_key);
	if (s == NULL) {
		s = xcalloc(1, sizeof(*s));
		ldap_slot_init(s, providers);
		pthread_setspecific(slot_key, s);
	}
	return s;
}

/* forget - the consumer has what was looked up: drop the marks that did not move */
static void
forget(const char *key, const char *csn, const struct csn_set *seen)
{
	struct mark **m, *gone;
	int i, j;

	pthread_mutex_lock(&lock);
	if (key != NULL && *(m = find(key)) != NULL && strcmp((*m)->csn, csn) == 0) {
		gone = *m;
		*m = gone->next;
		free(gone);
		nmarks--;
	}
	for (i = j = 0; i < all.n; i++) {
		int same = 0;

		for (int k = 0; k < seen->n && !same; k++)
			same = strcmp(seen->v[k], all.v[i]) == 0;
		if (!same && i != j)
			memcpy(all.v[j], all.v[i], CSN_MAX);
		j += !same;
	}
	all.n = j;
	pthread_mutex_unlock(&lock);
}

/*
 * sweep - drop every mark the consumer has (lock held). Marks of accounts
 * that never log in would otherwise stay; sweeping when the table has
 * doubled keeps the cost per mark constant.
 */
static void
sweep(const struct csn_set *ctx)
{
	int i;

	if (nmarks < sweep_at)
		return;
	for (i = 0; i < NBUCKET; i++) {
		struct mark **m = &bucket[i];

		while (*m != NULL) {
			if (covered(ctx, (*m)->csn)) {
				struct mark *gone = *m;

				*m = gone->next;
				free(gone);
				nmarks--;
			} else {
				m = &(*m)->next;
			}
		}
	}
	sweep_at = nmarks * 2 > SWEEP_MIN ? nmarks * 2 : SWEEP_MIN;
}

void
replica_route_pick(struct auth_ctx *a)
{
	const struct authd_conf *c = a->conf;
	struct ctx_arg x;
	struct csn_set pending;
	char key[256], csn[CSN_MAX] = "", *err = NULL;
	struct mark **m;
	int rc, ok, i;

	if (!active(c) || a->login == NULL)
		return;
	lower(key, a->login, sizeof(key));
	pthread_mutex_lock(&lock);
	if (*(m = find(key)) != NULL)
		memcpy(csn, (*m)->csn, CSN_MAX);
	pending = all;
	pthread_mutex_unlock(&lock);
	if (csn[0] == '\0' && pending.n == 0)
		return;
	memset(&x, 0, sizeof(x));
	x.start = c->authd.sync_base != NULL ? c->authd.sync_base : c->ldap.search_base;
	ok = ldap_slot_run(a->slot, c, LDAP_KIND_SEARCH, ctx_op, &x, &rc, &err) == PST_OK;
	xfree(&err);
	for (i = 0; ok && i < pending.n; i++)
		ok = covered(&x.got, pending.v[i]);
	if (ok && (csn[0] == '\0' || covered(&x.got, csn))) {
		forget(csn[0] != '\0' ? key : NULL, csn, &pending);
		pthread_mutex_lock(&lock);
		sweep(&x.got);
		pthread_mutex_unlock(&lock);
		return;
	}
	a->slot = provider_slot(c);
	pthread_mutex_lock(&lock);
	routed++;
	pthread_mutex_unlock(&lock);
}

int
replica_route_marked(const struct auth_ctx *a)
{
	char key[256];
	int marked;

	if (!active(a->conf) || a->login == NULL)
		return 0;
	lower(key, a->login, sizeof(key));
	pthread_mutex_lock(&lock);
	marked = all.n > 0 || *find(key) != NULL;
	pthread_mutex_unlock(&lock);
	return marked;
}

void
replica_route_format(struct buf *out)
{
	pthread_mutex_lock(&lock);
	buf_appendf(out, "replica_marks=%lu\nreplica_routed=%llu\n", nmarks + (unsigned long)all.n,
	            routed);
	pthread_mutex_unlock(&lock);
}

void
replica_route_shutdown(void)
{
	int i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < NBUCKET; i++) {
		while (bucket[i] != NULL) {
			struct mark *m = bucket[i];

			bucket[i] = m->next;
			free(m);
		}
	}
	nmarks = 0;
	all.n = 0;
	ldap_servers_free(&providers);
	providers_gen = 0;
	pthread_mutex_unlock(&lock);
}
