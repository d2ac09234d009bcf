/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldap_servers.c: server health, shared by all workers under one mutex.
 */
#include <pthread.h>
#include <string.h>

#include "buf.h"
#include "ldap_servers.h"
#include "xalloc.h"

struct server_state {
	char *uri;
	int64_t fail_ms; /* time of the last failure; 0 = working */
	int probing;     /* a request is finding out whether it is back */
	unsigned long long ops, errors;
};

struct ldap_servers {
	pthread_mutex_t lock;
	struct server_state *sv;
	int n;
	unsigned epoch;
	int64_t failback_ms;
};

struct ldap_servers *
ldap_servers_new(void)
{
	struct ldap_servers *s = xcalloc(1, sizeof(*s));

	pthread_mutex_init(&s->lock, NULL);
	return s;
}

static void
clear_list(struct ldap_servers *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		xfree(&s->sv[i].uri);
	xfree(&s->sv);
	s->n = 0;
}

void
ldap_servers_free(struct ldap_servers **sp)
{
	struct ldap_servers *s = *sp;

	*sp = NULL;
	if (s == NULL)
		return;
	clear_list(s);
	pthread_mutex_destroy(&s->lock);
	xfree(&s);
}

void
ldap_servers_set(struct ldap_servers *s, char *const *uris, int n, long failback_s)
{
	int i, same;

	pthread_mutex_lock(&s->lock);
	s->failback_ms = (int64_t)failback_s * 1000;
	same = n == s->n;
	for (i = 0; same && i < n; i++)
		same = strcmp(uris[i], s->sv[i].uri) == 0;
	if (!same) {
		clear_list(s);
		s->sv = xcalloc((size_t)n, sizeof(*s->sv));
		for (i = 0; i < n; i++)
			s->sv[i].uri = xstrdup(uris[i]);
		s->n = n;
		s->epoch++;
	}
	pthread_mutex_unlock(&s->lock);
}

/* due - may failed server i be probed now? */
static int
due(const struct ldap_servers *s, int i, int64_t now_ms, int any_working)
{
	int64_t wait = any_working ? s->failback_ms : LDAP_SERVERS_RETRY_MS;

	if (wait < LDAP_SERVERS_RETRY_MS)
		wait = LDAP_SERVERS_RETRY_MS;
	return !s->sv[i].probing && now_ms - s->sv[i].fail_ms >= wait;
}

static int
any_working(const struct ldap_servers *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (s->sv[i].fail_ms == 0)
			return 1;
	return 0;
}

int
ldap_servers_pick(struct ldap_servers *s, int64_t now_ms, char **uri_r, unsigned *epoch_r)
{
	int i, pick = -1, working;

	*uri_r = NULL;
	pthread_mutex_lock(&s->lock);
	working = any_working(s);
	for (i = 0; i < s->n; i++) {
		if (s->sv[i].fail_ms == 0) {
			pick = i;
			break;
		}
		if (due(s, i, now_ms, working)) {
			s->sv[i].probing = 1;
			pick = i;
			break;
		}
	}
	if (pick >= 0)
		*uri_r = xstrdup(s->sv[pick].uri);
	*epoch_r = s->epoch;
	pthread_mutex_unlock(&s->lock);
	return pick;
}

void
ldap_servers_report(struct ldap_servers *s, unsigned epoch, int idx, int ok, int64_t now_ms)
{
	pthread_mutex_lock(&s->lock);
	if (epoch == s->epoch && idx >= 0 && idx < s->n) {
		/* A zero time means "working", so a failure at time 0 is stored as 1. */
		s->sv[idx].fail_ms = ok ? 0 : (now_ms > 0 ? now_ms : 1);
		s->sv[idx].probing = 0;
	}
	pthread_mutex_unlock(&s->lock);
}

int
ldap_servers_keep(struct ldap_servers *s, unsigned epoch, int idx, int64_t now_ms)
{
	int i, keep = 1, working;

	pthread_mutex_lock(&s->lock);
	if (epoch != s->epoch || idx < 0 || idx >= s->n || s->sv[idx].fail_ms != 0) {
		keep = 0;
	} else {
		working = any_working(s);
		for (i = 0; i < idx && keep; i++)
			if (s->sv[i].fail_ms == 0 || due(s, i, now_ms, working))
				keep = 0;
	}
	pthread_mutex_unlock(&s->lock);
	return keep;
}

void
ldap_servers_count(struct ldap_servers *s, unsigned epoch, int idx, int error)
{
	pthread_mutex_lock(&s->lock);
	if (epoch == s->epoch && idx >= 0 && idx < s->n) {
		s->sv[idx].ops++;
		if (error)
			s->sv[idx].errors++;
	}
	pthread_mutex_unlock(&s->lock);
}

void
ldap_servers_format(struct ldap_servers *s, struct buf *out)
{
	int i;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->n; i++) {
		const struct server_state *v = &s->sv[i];

		buf_appendf(out, "ldap_server_%d_uri=%s\n", i, v->uri);
		buf_appendf(out, "ldap_server_%d_state=%s\n", i,
		            v->fail_ms == 0 ? "up" : (v->probing ? "probing" : "down"));
		buf_appendf(out, "ldap_server_%d_ops=%llu\n", i, v->ops);
		buf_appendf(out, "ldap_server_%d_errors=%llu\n", i, v->errors);
	}
	pthread_mutex_unlock(&s->lock);
}
