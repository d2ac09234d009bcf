/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * change_stream.c: the change stream's thread: connect, follow, notice
 * when it is gone, and keep cached answers from outliving what it can
 * vouch for.
 *
 * The loop is poll() on the stream's socket and a stop eventfd, with a
 * time-out at the next of: the stream's own deadline (its probe), the next
 * reconnect, the end of the trust window. Everything it does per turn is
 * non-blocking except a (re)connect, which is bounded by the shorter of
 * ldap_timeout and authd_sync_stale_s.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "authd_conf.h"
#include "change_stream.h"
#include "change_stream_int.h"
#include "clock.h"
#include "evict.h"
#include "ldap_conn.h"
#include "log.h"
#include "stats.h"
#include "sync_accounts.h"
#include "xalloc.h"

/* Reconnect back-off: quick after a lost stream, slower while it stays down. */
#define RETRY_MIN_MS 100
#define RETRY_MAX_MS 5000
/* A directory without syncprov is asked again this often (it may get it). */
#define NOSYNC_RETRY_MS 60000
/* Largest message accepted from the stream: far above any account entry. */
#define SYNC_MAX_PDU (4L * 1024 * 1024)

struct change_stream {
	pthread_t thread;
	int evfd;
	atomic_int stop;
	unsigned gen;
	struct sync_client *sc;
	struct change_events ev;
	int connected, nosync, outage_logged, ever_connected;
	long retry_ms, stale_ms;
	int64_t retry_at, trusted_until, next_flush;
	char *base;
};

static void
on_entry(void *arg, const struct sync_event *ev)
{
	struct change_stream *cs = arg;

	change_events_entry(&cs->ev, ev);
	stats_sync_event();
}

static void
on_refresh_done(void *arg)
{
	struct change_stream *cs = arg;
	size_t n = authd_evict_all();

	stats_inc(ST_SYNC_RESYNCS);
	/* Whatever changed while we were not following is now behind us. */
	log_info("change stream: in sync (%zu entries followed); emptied the caches (%zu)",
	         sync_accounts_count(cs->ev.accounts), n);
	cs->retry_ms = RETRY_MIN_MS;
	cs->outage_logged = 0;
}

/* uid_filter - 1 if the account search is (uid=%u) or (uid=%U) */
static int
uid_filter(const char *f)
{
	return f != NULL && (strcasecmp(f, "(uid=%u)") == 0 || strcmp(f, "(uid=%U)") == 0 ||
	                     strcmp(f, "(UID=%U)") == 0);
}

/* stream_base - the subtree to follow, or NULL (with a warning) if there is none */
static const char *
stream_base(const struct authd_conf *c)
{
	const char *b = c->authd.sync_base != NULL ? c->authd.sync_base : c->ldap.search_base;

	if (b == NULL || *b == '\0' || strchr(b, '%') != NULL) {
		log_warn("change stream: no fixed subtree to follow (set authd_sync_base); cached "
		         "answers live at most authd_sync_stale_s=%ld s",
		         c->authd.sync_stale_s);
		return NULL;
	}
	return b;
}

/* configure - a new consumer for conf c (after start or a reload) */
static void
configure(struct change_stream *cs, const struct authd_conf *c)
{
	struct sync_client_params p;
	struct sync_client_callbacks cb = {on_entry, on_refresh_done};
	const char *base = stream_base(c);

	sync_client_free(&cs->sc);
	sync_accounts_free(&cs->ev.accounts);
	cs->ev.accounts = sync_accounts_new();
	cs->ev.full = 0;
	cs->ev.uid_logins = uid_filter(c->ldap.filter) && c->ldap.auth_method != LS_METHOD_FASTBIND;
	cs->gen = c->generation;
	cs->stale_ms = c->authd.sync_stale_s * 1000;
	cs->connected = 0;
	cs->nosync = base == NULL;
	cs->retry_at = 0;
	if (cs->trusted_until == 0)
		cs->trusted_until = clock_now_ms() + cs->stale_ms;
	authd_cache_trust_until(cs->nosync ? INT64_MAX : cs->trusted_until);
	xfree(&cs->base);
	if (base == NULL)
		return;
	cs->base = xstrdup(base);
	memset(&p, 0, sizeof(p));
	p.base = base;
	p.attrs = change_events_attrs();
	p.ping_ms = cs->stale_ms / 4 > 100 ? cs->stale_ms / 4 : 100;
	p.stall_ms = cs->stale_ms / 2 > 200 ? cs->stale_ms / 2 : 200;
	p.max_pdu = SYNC_MAX_PDU;
	cs->sc = sync_client_new(&p, &cb, cs);
}

/* connect_one - open, bind and start the stream on one URI */
static enum pst_result
connect_one(struct change_stream *cs, const struct authd_conf *c, const char *uri, char **err_r)
{
	struct ldap_settings ls = c->ldap;
	LDAP *ld = NULL;
	enum pst_result r;

	/* A connect must not hold the trust window open for long. */
	if (ls.timeout > c->authd.sync_stale_s)
		ls.timeout = c->authd.sync_stale_s;
	r = ldap_conn_open(&ls, uri, &ld, err_r);
	if (r == PST_OK && (r = ldap_conn_bind_service(ld, &ls, err_r)) != PST_OK)
		ldap_conn_close(&ld);
	if (r == PST_OK)
		r = sync_client_start(cs->sc, ld, clock_now_ms(), err_r);
	return r == PST_OK ? PST_OK : PST_TEMPFAIL;
}

static void
connect_stream(struct change_stream *cs, const struct authd_conf *c)
{
	/* The providers, where changes are made, when they are named. */
	const char *servers = c->authd.sync_servers != NULL ? c->authd.sync_servers
	                                                    : ldap_settings_writers(&c->ldap);
	char **uris = NULL, *err = NULL;
	int n = 0, i;

	uris = ldap_uri_list(servers != NULL ? servers : "", &n);
	for (i = 0; i < n; i++) {
		xfree(&err);
		if (connect_one(cs, c, uris[i], &err) == PST_OK) {
			log_info("change stream: following %s on %s", cs->base, uris[i]);
			if (cs->ever_connected)
				stats_inc(ST_SYNC_RECONNECTS);
			cs->ever_connected = 1;
			cs->connected = 1;
			break;
		}
	}
	if (!cs->connected) {
		log_warn("change stream: cannot connect: %s; retrying in %ld ms",
		         err != NULL ? err : "no LDAP URI", cs->retry_ms);
		cs->retry_at = clock_now_ms() + cs->retry_ms;
		cs->retry_ms = cs->retry_ms * 2 < RETRY_MAX_MS ? cs->retry_ms * 2 : RETRY_MAX_MS;
	}
	xfree(&err);
	if (uris != NULL)
		ldap_uri_list_free(&uris);
}

/* lost - the stream ended: why, and when to try again */
static void
lost(struct change_stream *cs, enum pst_result r, const char *why, long stale_s)
{
	sync_client_stop(cs->sc);
	cs->connected = 0;
	if (r == PST_PERMFAIL) {
		if (!cs->nosync)
			log_warn("change stream: %s: the directory offers no content "
			         "synchronisation here; cached answers live at most %ld s",
			         why, stale_s);
		cs->nosync = 1;
		sync_client_forget(cs->sc);
		cs->retry_at = clock_now_ms() + NOSYNC_RETRY_MS;
		return;
	}
	log_warn("change stream lost: %s; reconnecting", why);
	cs->retry_at = clock_now_ms() + cs->retry_ms;
	cs->retry_ms = cs->retry_ms * 2 < RETRY_MAX_MS ? cs->retry_ms * 2 : RETRY_MAX_MS;
}

/*
 * keep_trust - extend the trust window while the stream is live; once it
 * has run out, empty the caches, and again every stale_ms.
 */
static void
keep_trust(struct change_stream *cs, int64_t now)
{
	size_t n;

	if (cs->connected && sync_client_persisting(cs->sc) &&
	    now - sync_client_last_contact(cs->sc) <= cs->stale_ms) {
		cs->trusted_until = sync_client_last_contact(cs->sc) + cs->stale_ms;
		cs->next_flush = 0;
		cs->nosync = 0;
		authd_cache_trust_until(cs->trusted_until);
		stats_sync_live(1);
		return;
	}
	stats_sync_live(0);
	/* Without syncprov the periodic flush below is the bound, not the window. */
	authd_cache_trust_until(cs->nosync ? INT64_MAX : cs->trusted_until);
	if (now < cs->trusted_until || now < cs->next_flush)
		return;
	n = authd_evict_all();
	cs->next_flush = now + cs->stale_ms;
	if (!cs->outage_logged)
		log_warn("change stream not live for %ld ms: cached answers are dropped every "
		         "%ld ms until it is back (%zu now)",
		         cs->stale_ms, cs->stale_ms, n);
	cs->outage_logged = 1;
}

/* wait_ms - how long poll() may sleep */
static int
wait_ms(const struct change_stream *cs, int64_t now)
{
	int64_t until = now + 1000; /* conf changes are noticed within a second */

	if (cs->connected && sync_client_more(cs->sc))
		return 0;
	if (cs->connected && sync_client_deadline(cs->sc) < until)
		until = sync_client_deadline(cs->sc);
	if (!cs->connected && cs->sc != NULL && cs->retry_at < until)
		until = cs->retry_at;
	if (now < cs->trusted_until && cs->trusted_until < until)
		until = cs->trusted_until;
	else if (now >= cs->trusted_until && cs->next_flush > now && cs->next_flush < until)
		until = cs->next_flush;
	return until > now ? (int)(until - now) : 0;
}

/* turn - one pass of the loop under conf c */
static void
turn(struct change_stream *cs, const struct authd_conf *c)
{
	struct pollfd pfd[2];
	int64_t now = clock_now_ms();
	char *err = NULL;
	int nfd = 1;
	enum pst_result r;

	if (c->generation != cs->gen) {
		if (cs->sc != NULL)
			sync_client_stop(cs->sc);
		configure(cs, c);
	}
	if (cs->sc != NULL && !cs->connected && now >= cs->retry_at)
		connect_stream(cs, c);
	now = clock_now_ms();
	keep_trust(cs, now);
	pfd[0].fd = cs->evfd;
	pfd[0].events = POLLIN;
	if (cs->connected) {
		pfd[1].fd = sync_client_fd(cs->sc);
		pfd[1].events = POLLIN;
		nfd = pfd[1].fd >= 0 ? 2 : 1;
	}
	if (poll(pfd, (nfds_t)nfd, wait_ms(cs, now)) < 0 && errno != EINTR)
		log_error("change stream: poll: %s", strerror(errno));
	if (atomic_load(&cs->stop) || !cs->connected)
		return;
	r = sync_client_step(cs->sc, clock_now_ms(), &err);
	if (r == PST_OK)
		return;
	lost(cs, r, err, c->authd.sync_stale_s);
	xfree(&err);
}

static void *
stream_thread(void *arg)
{
	struct change_stream *cs = arg;

	while (!atomic_load(&cs->stop)) {
		struct authd_conf *c = authd_conf_get();

		if (c->authd.sync == AUTHD_SYNC_OFF || !c->authd.cache) {
			/* Nothing to guard: wait for a reload or the stop. */
			struct pollfd pfd = {cs->evfd, POLLIN, 0};

			authd_cache_trust_until(INT64_MAX);
			stats_sync_live(0);

			if (cs->sc != NULL)
				sync_client_free(&cs->sc);
			cs->connected = 0;
			cs->gen = 0;
			authd_conf_put(&c);
			poll(&pfd, 1, 1000);
			continue;
		}
		turn(cs, c);
		authd_conf_put(&c);
	}
	return NULL;
}

struct change_stream *
change_stream_start(void)
{
	struct change_stream *cs = xcalloc(1, sizeof(*cs));
	int rc;

	cs->retry_ms = RETRY_MIN_MS;
	cs->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (cs->evfd < 0)
		log_fatal("eventfd: %s", strerror(errno));
	rc = pthread_create(&cs->thread, NULL, stream_thread, cs);
	if (rc != 0)
		log_fatal("cannot start the change stream thread: error %d", rc);
	return cs;
}

void
change_stream_stop(struct change_stream **csp)
{
	struct change_stream *cs = *csp;
	uint64_t one = 1;
	ssize_t w;

	*csp = NULL;
	if (cs == NULL)
		return;
	atomic_store(&cs->stop, 1);
	w = write(cs->evfd, &one, sizeof(one));
	(void)w;
	pthread_join(cs->thread, NULL);
	stats_sync_live(0);
	sync_client_free(&cs->sc);
	sync_accounts_free(&cs->ev.accounts);
	xfree(&cs->base);
	close(cs->evfd);
	xfree(&cs);
}
