/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldaplimit: how fast can anything verify passwords against this slapd?
 *
 * The ceilings postino-authd is measured against. One process drives c
 * workers in parallel from a single poll() loop with libldap's asynchronous
 * calls, so the client costs as little CPU as possible on a machine it
 * shares with slapd. Each worker owns its connections and has one operation
 * in flight at a time:
 *
 *   searchbind  what a perfect saslauthd would do per login: a search for
 *               the user's DN on a connection that stays bound as the
 *               service account, then a simple bind as that DN on a second
 *               connection (never rebinding the service account, never
 *               reconnecting after a wrong password). 2 round trips.
 *   directbind  the user's DN is known (fastbind): just the bind. 1 round
 *               trip.
 *
 * The request mix and the RESULT line are the same as loadgen's, so the
 * figures line up; a bind's answer is checked like a daemon's reply.
 *
 * Exit status: 0 when every login got the expected answer, 2 when there
 * were wrong answers or errors, 1 on bad usage or setup failure.
 */
#include <errno.h>
#include <ldap.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_mix.h"
#include "bench_opts.h"
#include "bench_stats.h"
#include "ldap_conn.h"
#include "ldap_escape.h"
#include "ldap_settings.h"
#include "result.h"
#include "secret.h"
#include "xalloc.h"

/* How often the loop looks at every worker even without poll events. */
#define TICK_MS 10
/* Pause before re-opening a worker whose connection failed. */
#define REOPEN_PAUSE_NS (100 * 1000 * 1000ULL)

enum mode { MODE_SEARCHBIND, MODE_DIRECTBIND };

enum phase {
	PH_IDLE = 0, /* no login in flight; start one at not_before */
	PH_SEARCH,   /* waiting for the search result */
	PH_BIND,     /* waiting for the bind result */
	PH_BROKEN,   /* connections closed; re-open at not_before */
};

struct worker {
	LDAP *sld; /* searchbind only: bound as the service account */
	LDAP *bld; /* user binds */
	enum phase phase;
	int msgid;
	int expect_ok;
	int measured;
	uint64_t start_ns;
	uint64_t not_before;
	unsigned user;
};

struct run {
	struct bench_opts o;
	enum mode mode;
	const char *uri;
	const char *base;
	const char *attr;
	const char *bind_dn;
	struct secret *bind_pw;
	struct ldap_settings ls; /* lib's defaults, the time-out from --timeout-ms */
	struct worker *w;
	struct pollfd *pfd;
	int *pfd_worker;
	uint64_t rng;
	struct stats st;
	struct bench_window win;
	int stopping;
	uint64_t last_done_ns;
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: ldaplimit -H URI -m searchbind|directbind [options]\n"
	           "  -H, --uri URI         slapd to measure (ldap://127.0.0.1:PORT)\n"
	           "  -m, --mode MODE       searchbind or directbind\n"
	           "  -b, --base DN         where accounts live (default "
	           "ou=people,dc=example,dc=org)\n"
	           "  -a, --attr NAME       naming and search attribute (default uid)\n"
	           "  -D, --bind-dn DN      service account for searches\n"
	           "                        (default cn=authd,ou=services,dc=example,dc=org)\n"
	           "  -y, --bind-pw-file F  file holding the service account's "
	           "password\n" BENCH_USAGE);
}

/*
 * open_handle - a handle to uri with its TCP connection made, through lib's
 * ldap_conn_open, so connecting has the same time-outs as every postino
 * program and a hung server cannot stall the run
 */
static LDAP *
open_handle(const struct run *r)
{
	LDAP *ld = NULL;
	char *err = NULL;

	/* Silent: a dead server is counted, and re-opened every 100 ms. */
	if (ldap_conn_open(&r->ls, r->uri, &ld, &err) != PST_OK)
		ld = NULL;
	xfree(&err);
	return ld;
}

static void
worker_close(struct worker *w)
{
	ldap_conn_close(&w->sld);
	ldap_conn_close(&w->bld);
}

/* worker_open - connect (and bind the search connection); -1 on failure */
static int
worker_open(struct run *r, struct worker *w)
{
	w->bld = open_handle(r);
	if (w->bld == NULL)
		return -1;
	if (r->mode == MODE_SEARCHBIND) {
		int rc = LDAP_OTHER;

		w->sld = open_handle(r);
		if (w->sld == NULL)
			return -1;
		if (ldap_conn_bind(w->sld, r->bind_dn, r->bind_pw, r->ls.timeout, &rc, NULL) !=
		    PST_OK) {
			fprintf(stderr, "ldaplimit: bind as %s: %s\n", r->bind_dn,
			        ldap_err2string(rc));
			return -1;
		}
	}
	w->phase = PH_IDLE;
	return 0;
}

/* worker_broken - the connection failed: count it and re-open later */
static void
worker_broken(struct worker *w, unsigned long long *counter)
{
	if (w->measured)
		(*counter)++;
	worker_close(w);
	w->phase = PH_BROKEN;
	w->not_before = now_ns() + REOPEN_PAUSE_NS;
}

/* worker_answer - the login is decided: check it against the expectation */
static void
worker_answer(struct run *r, struct worker *w, int got_ok)
{
	uint64_t now = now_ns();

	if (w->measured) {
		stats_answer(&r->st, w->expect_ok, got_ok, now - w->start_ns);
		r->last_done_ns = now;
	}
	w->phase = PH_IDLE;
	w->not_before = 0;
}

/* worker_bind - send the user's simple bind */
static void
worker_bind(struct run *r, struct worker *w, const char *dn)
{
	char pass[MIX_NAME_MAX];
	struct berval cred;
	int rc;

	mix_password(w->user, !w->expect_ok, pass, sizeof(pass));
	cred.bv_val = pass;
	cred.bv_len = strlen(pass);
	rc = ldap_sasl_bind(w->bld, dn, LDAP_SASL_SIMPLE, &cred, NULL, NULL, &w->msgid);
	if (rc != LDAP_SUCCESS) {
		worker_broken(w, &r->st.err_other);
		return;
	}
	w->phase = PH_BIND;
}

/* worker_begin - start the next login */
static void
worker_begin(struct run *r, struct worker *w)
{
	struct mix_pick p;
	char user[MIX_NAME_MAX];
	char *esc, *s;
	int rc;

	mix_next(&r->o.mix, &r->rng, &p);
	mix_user(p.user, user, sizeof(user));
	w->user = p.user;
	w->expect_ok = !p.wrong;
	w->measured = r->win.measuring;
	w->start_ns = now_ns();
	if (w->measured && ++r->st.started >= r->o.max_requests)
		r->stopping = 1;
	if (r->mode == MODE_DIRECTBIND) {
		esc = ldap_escape_dn(user, strlen(user));
		s = xasprintf("%s=%s,%s", r->attr, esc, r->base);
		worker_bind(r, w, s);
	} else {
		static char *const attrs[] = {LDAP_NO_ATTRS, NULL};

		esc = ldap_escape_filter(user, strlen(user));
		s = xasprintf("(%s=%s)", r->attr, esc);
		/* Size limit 2: exactly one entry must match, as in saslauthd. */
		rc = ldap_search_ext(w->sld, r->base, LDAP_SCOPE_SUBTREE, s, (char **)attrs, 0,
		                     NULL, NULL, NULL, 2, &w->msgid);
		if (rc != LDAP_SUCCESS)
			worker_broken(w, &r->st.err_other);
		else
			w->phase = PH_SEARCH;
	}
	xfree(&s);
	xfree(&esc);
}

/* worker_search_done - the search finished: bind as the one entry found */
static void
worker_search_done(struct run *r, struct worker *w, LDAPMessage *res)
{
	LDAPMessage *e = ldap_first_entry(w->sld, res);
	int count = ldap_count_entries(w->sld, res);
	int err = LDAP_OTHER;
	char *dn;

	if (ldap_parse_result(w->sld, res, &err, NULL, NULL, NULL, NULL, 0) != LDAP_SUCCESS)
		err = LDAP_OTHER;
	switch (pst_ldap_result(err)) {
	case PST_OK:
		break;
	case PST_PERMFAIL:
		worker_answer(r, w, 0);
		return;
	default:
		if (w->measured)
			r->st.err_other++;
		w->phase = PH_IDLE;
		return;
	}
	if (count != 1 || e == NULL) {
		worker_answer(r, w, 0);
		return;
	}
	dn = ldap_get_dn(w->sld, e);
	if (dn == NULL) {
		worker_broken(w, &r->st.err_other);
		return;
	}
	worker_bind(r, w, dn);
	ldap_memfree(dn);
}

/* worker_bind_done - the bind finished: that is the verdict */
static void
worker_bind_done(struct run *r, struct worker *w, LDAPMessage *res)
{
	int err = LDAP_OTHER;

	if (ldap_parse_result(w->bld, res, &err, NULL, NULL, NULL, NULL, 0) != LDAP_SUCCESS)
		err = LDAP_OTHER;
	switch (pst_ldap_result(err)) {
	case PST_OK:
		worker_answer(r, w, 1);
		break;
	case PST_PERMFAIL:
		worker_answer(r, w, 0);
		break;
	default:
		if (w->measured)
			r->st.err_other++;
		w->phase = PH_IDLE;
		break;
	}
}

/* worker_poll - collect a finished operation if there is one */
static void
worker_poll(struct run *r, struct worker *w)
{
	struct timeval zero = {0, 0};
	LDAPMessage *res = NULL;
	LDAP *ld = w->phase == PH_SEARCH ? w->sld : w->bld;
	int rc;

	if (w->phase != PH_SEARCH && w->phase != PH_BIND)
		return;
	rc = ldap_result(ld, w->msgid, LDAP_MSG_ALL, &zero, &res);
	if (rc == 0)
		return;
	if (rc < 0) {
		worker_broken(w, &r->st.err_other);
		return;
	}
	if (w->phase == PH_SEARCH)
		worker_search_done(r, w, res);
	else
		worker_bind_done(r, w, res);
	ldap_msgfree(res);
}

/* run_tick - start, re-open and expire workers; fill the poll set */
static int
run_tick(struct run *r)
{
	uint64_t now = now_ns();
	uint64_t tmo = (uint64_t)r->o.timeout_ms * 1000000ULL;
	int n = 0;

	for (unsigned i = 0; i < r->o.conc; i++) {
		struct worker *w = &r->w[i];
		LDAP *ld;
		int fd = -1;

		if ((w->phase == PH_SEARCH || w->phase == PH_BIND) && now - w->start_ns > tmo)
			worker_broken(w, &r->st.err_timeout);
		if (w->phase == PH_BROKEN && now >= w->not_before && !r->stopping) {
			if (worker_open(r, w) < 0) {
				worker_close(w);
				w->not_before = now + REOPEN_PAUSE_NS;
			}
		}
		if (w->phase == PH_IDLE && !r->stopping && now >= w->not_before)
			worker_begin(r, w);
		if (w->phase != PH_SEARCH && w->phase != PH_BIND)
			continue;
		ld = w->phase == PH_SEARCH ? w->sld : w->bld;
		if (ldap_get_option(ld, LDAP_OPT_DESC, &fd) != LDAP_OPT_SUCCESS || fd < 0)
			continue;
		r->pfd[n] = (struct pollfd){.fd = fd, .events = POLLIN};
		r->pfd_worker[n] = (int)i;
		n++;
	}
	return n;
}

static int
run_busy(const struct run *r)
{
	for (unsigned i = 0; i < r->o.conc; i++) {
		if (r->w[i].phase == PH_SEARCH || r->w[i].phase == PH_BIND)
			return 1;
	}
	return 0;
}

static int
run_load(struct run *r)
{
	uint64_t next_sweep = 0;

	for (unsigned i = 0; i < r->o.conc; i++) {
		if (worker_open(r, &r->w[i]) < 0) {
			fprintf(stderr, "ldaplimit: cannot open connections to %s\n", r->uri);
			return -1;
		}
	}
	bench_window_start(&r->win, &r->o);
	while (!r->stopping || run_busy(r)) {
		uint64_t now;
		int n, ready;

		if (bench_window_tick(&r->win, &r->o))
			r->stopping = 1;
		now = now_ns();
		n = run_tick(r);
		ready = poll(r->pfd, (nfds_t)n, TICK_MS);
		if (ready < 0 && errno != EINTR) {
			perror("ldaplimit: poll");
			return -1;
		}
		for (int i = 0; i < n && ready > 0; i++) {
			if (r->pfd[i].revents)
				worker_poll(r, &r->w[r->pfd_worker[i]]);
		}
		/* libldap may hold a whole reply in its buffer while the socket
		 * has nothing left to read; look at every worker now and then. */
		if (ready == 0 || now >= next_sweep) {
			for (unsigned i = 0; i < r->o.conc; i++)
				worker_poll(r, &r->w[i]);
			next_sweep = now + TICK_MS * 1000000ULL;
		}
	}
	bench_window_end(&r->win, &r->o, "ldaplimit", r->last_done_ns, &r->st);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option own[] = {
	        {"uri", required_argument, NULL, 'H'},
	        {"mode", required_argument, NULL, 'm'},
	        {"base", required_argument, NULL, 'b'},
	        {"attr", required_argument, NULL, 'a'},
	        {"bind-dn", required_argument, NULL, 'D'},
	        {"bind-pw-file", required_argument, NULL, 'y'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct option *longopts = bench_longopts(own);
	struct run r = {
	        .mode = MODE_SEARCHBIND,
	        .base = "ou=people,dc=example,dc=org",
	        .attr = "uid",
	        .bind_dn = "cn=authd,ou=services,dc=example,dc=org",
	};
	const char *pwfile = NULL;
	struct cfg_table lt;
	int opt, rc;

	bench_opts_init(&r.o);
	while ((opt = getopt_long(argc, argv, "H:m:b:a:D:y:h" BENCH_SHORTOPTS, longopts, NULL)) !=
	       -1) {
		int k = bench_common_opt(&r.o, opt, optarg);

		if (k < 0)
			return 1;
		if (k > 0)
			continue;
		switch (opt) {
		case 'H':
			r.uri = optarg;
			break;
		case 'm':
			if (strcmp(optarg, "searchbind") == 0)
				r.mode = MODE_SEARCHBIND;
			else if (strcmp(optarg, "directbind") == 0)
				r.mode = MODE_DIRECTBIND;
			else {
				usage(stderr);
				return 1;
			}
			break;
		case 'b':
			r.base = optarg;
			break;
		case 'a':
			r.attr = optarg;
			break;
		case 'D':
			r.bind_dn = optarg;
			break;
		case 'y':
			pwfile = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	xfree(&longopts);
	if (r.uri == NULL || optind != argc) {
		usage(stderr);
		return 1;
	}
	if (pwfile != NULL) {
		char *err = NULL;

		r.bind_pw = secret_read_file(pwfile, &err);
		if (r.bind_pw == NULL) {
			fprintf(stderr, "ldaplimit: %s\n", err);
			xfree(&err);
			return 1;
		}
	}
	if (r.mode == MODE_SEARCHBIND && (r.bind_pw == NULL || r.bind_pw->len == 0)) {
		/* An empty simple bind is an anonymous bind; refuse it. */
		fprintf(stderr, "ldaplimit: searchbind needs --bind-pw-file with a password\n");
		return 1;
	}
	lt = ldap_settings_table(&r.ls);
	cfg_defaults(&lt, 1);
	r.ls.timeout = (long)(r.o.timeout_ms + 999) / 1000;
	bench_watch_self(&r.o);
	r.rng = mix_seed(bench_seed(&r.o), 0);
	r.w = xcalloc(r.o.conc, sizeof(*r.w));
	r.pfd = xcalloc(r.o.conc, sizeof(*r.pfd));
	r.pfd_worker = xcalloc(r.o.conc, sizeof(*r.pfd_worker));
	stats_init(&r.st, r.o.max_requests);
	rc = bench_exit_status(run_load(&r), &r.st);
	for (unsigned i = 0; i < r.o.conc; i++)
		worker_close(&r.w[i]);
	stats_free(&r.st);
	cfg_release(&lt, 1);
	secret_free(&r.bind_pw);
	xfree(&r.w);
	xfree(&r.pfd);
	xfree(&r.pfd_worker);
	return rc;
}
