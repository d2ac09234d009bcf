/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c: postino-pwchange, the HTTPS password-change page and JSON API.
 *
 * Start-up order matters for privilege separation: read the configuration,
 * the TLS key, the deny list and the secrets, open the audit file and bind
 * the port while still root; then drop to pwchange_user; only then start
 * serving. A request is never handled with root privileges.
 *
 * SIGHUP loads the configuration again into a new instance (instance.c)
 * and, only if all of it loads, starts a new server with it on the same
 * socket, then retires the old one once its connections end. Settings that
 * need root or a new socket (pwchange_listen, _port, _tls, _user,
 * _socket_mode, _audit_file) cannot change this way. The audit file is
 * reopened, for log rotation.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "instance.h"
#include "audit.h"
#include "common_settings.h"
#include "config.h"
#include "dir_policy.h"
#include "http_server.h"
#include "ldap_settings.h"
#include "listen_socket.h"
#include "log.h"
#include "proxy_trust.h"
#include "metrics_http.h"
#include "pw_metrics.h"
#include "pw_policy.h"
#include "pwchange_settings.h"
#include "rate_limit.h"
#include "sd_notify.h"
#include "secret.h"
#include "tls_files.h"
#include "version.h"
#include "xalloc.h"

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: postino-pwchange [-d] [-c config]\n"
	            "       postino-pwchange --print-defaults | --print-doc | --version\n"
	            "  -c FILE  configuration file (default " POSTINO_CONFIG_FILE ")\n"
	            "  -d       debug: log to stderr at level debug\n"
	            "  --print-defaults  print every setting with its default and exit\n"
	            "  --print-doc       print the pwchange_* settings table (Markdown) and exit\n"
	            "  --version         print the version and exit\n");
}

static void
die_err(const char *what, char *err)
{
	log_fatal("%s: %s", what, err ? err : "failed");
}

/*
 * carry_rates - the new instance keeps the old counters when their shape is
 * unchanged, and the old random CSRF key; a swap, so calling it again undoes it
 */
static void
carry_rates(struct pwchange_instance *old, struct pwchange_instance *new)
{
	const struct pwchange_settings *a = &old->ps, *b = &new->ps;
	struct rate_limit *t;

	if (a->csrf_key_file == NULL && b->csrf_key_file == NULL) {
		/* A random CSRF key lives as long as the process: forms already out stay valid. */
		struct secret *k = old->csrf_key;

		old->csrf_key = new->csrf_key, new->csrf_key = k;
		old->app.csrf_key = old->csrf_key, new->app.csrf_key = new->csrf_key;
	}
	if (a->rate_slots != b->rate_slots || a->rate_window != b->rate_window)
		return;
	if (a->rate_ip_max == b->rate_ip_max) {
		t = old->app.rl_ip, old->app.rl_ip = new->app.rl_ip, new->app.rl_ip = t;
	}
	if (a->rate_user_max == b->rate_user_max) {
		t = old->app.rl_user, old->app.rl_user = new->app.rl_user, new->app.rl_user = t;
	}
}

/* reload - SIGHUP: a new instance and server if everything loads, else the old ones */
static void
reload(const char *conf, struct pwchange_instance **cur, struct http_server **srv, int *fd)
{
	struct pwchange_instance *in = instance_new();
	struct http_server *nsrv = NULL;
	char *err = NULL;
	int nfd = -1;

	if (audit_reopen((*cur)->ps.audit_file, &err) != PST_OK) {
		log_error("SIGHUP: audit file: %s", err);
		xfree(&err);
	}
	if (instance_load(in, conf, &err) != PST_OK) {
		log_error("SIGHUP: %s; the running settings stay", err);
		goto fail;
	}
	if (!instance_same_sockets(*cur, in)) {
		log_error("SIGHUP: pwchange_listen, _port, _tls, _user, _socket_mode or "
		          "_audit_file changed: restart for those; the running settings stay");
		goto fail;
	}
	carry_rates(*cur, in);
	nfd = dup(*fd);
	if (nfd < 0 || http_server_start(&in->app, nfd, in->cert, in->key, &nsrv, &err) != PST_OK) {
		log_error("SIGHUP: %s; the running settings stay", err ? err : "dup failed");
		carry_rates(*cur, in); /* back to the running instance */
		if (nfd >= 0)
			close(nfd);
		goto fail;
	}
	secret_free(&in->key);
	/* The old server stops accepting, then finishes its connections. */
	http_server_stop(srv, (*cur)->ps.req_deadline * 2 + (*cur)->ls.timeout * 4);
	close(*fd);
	*fd = nfd;
	*srv = nsrv;
	instance_free(cur);
	*cur = in;
	log_info("SIGHUP: settings and certificate reloaded");
	return;
fail:
	xfree(&err);
	instance_free(&in);
}

int
main(int argc, char **argv)
{
	struct pwchange_instance *in = instance_new();
	struct http_server *srv = NULL;
	const char *conf = POSTINO_CONFIG_FILE;
	char *err = NULL;
	struct metrics_http *metrics = NULL;
	int debug = 0, fd = -1, metrics_fd = -1, lvl, sig;
	sigset_t sigs;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--version") == 0) {
			printf("postino-pwchange %s\n", POSTINO_VERSION);
			instance_free(&in);
			return 0;
		} else if (strcmp(argv[i], "--print-defaults") == 0) {
			cfg_print_defaults(stdout, in->tabs, 3);
			instance_free(&in);
			return 0;
		} else if (strcmp(argv[i], "--print-doc") == 0) {
			/* Only pwchange's own table: the shared ones are documented once. */
			cfg_print_doc(stdout, &in->tabs[2], 1);
			instance_free(&in);
			return 0;
		} else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc) {
			conf = argv[++i];
		} else if (strcmp(argv[i], "-d") == 0) {
			debug = 1;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			instance_free(&in);
			return 0;
		} else {
			usage(stderr);
			instance_free(&in);
			return 2;
		}
	}

	log_open("postino-pwchange", LOG_TO_STDERR, LOG_LVL_INFO);
	if (instance_load(in, conf, &err) != PST_OK)
		log_fatal("%s", err);
	lvl = log_level_parse(in->cs.log_level ? in->cs.log_level : "info");
	if (lvl < 0)
		log_fatal("log_level: unknown level \"%s\"", in->cs.log_level);
	log_set_facility(in->cs.log_facility);
	log_open("postino-pwchange", debug || in->cs.log_stderr ? LOG_TO_STDERR : LOG_TO_SYSLOG,
	         debug ? LOG_LVL_DEBUG : (enum log_level)lvl);

	if (audit_open(in->ps.audit_file, &err) != PST_OK)
		die_err("pwchange_audit_file", err);
	if (listen_is_unix(in->ps.listen)
	            ? listen_unix_open(in->ps.listen, in->ps.sock_mode, in->ps.user, &fd, &err) !=
	                      PST_OK
	            : listen_socket_open(in->ps.listen, in->ps.port, &fd, &err) != PST_OK)
		die_err("listen", err);
	if (in->ps.metrics_listen != NULL && *in->ps.metrics_listen != '\0' &&
	    metrics_http_listen(in->ps.metrics_listen, &metrics_fd, &err) != PST_OK)
		die_err("pwchange_metrics_listen", err);
	if (privdrop_to(in->ps.user, &err) != PST_OK)
		die_err("privileges", err);

	/* Threads started from here on inherit this mask; only sigwait() sees these. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (http_server_start(&in->app, fd, in->cert, in->key, &srv, &err) != PST_OK)
		die_err("https", err);
	/* GnuTLS has parsed the key; our copy is no longer needed. */
	secret_free(&in->key);
	if (listen_is_unix(in->ps.listen))
		log_info("listening on %s, %s (uid %ld)", in->ps.listen,
		         in->ps.tls ? "HTTPS" : "plain HTTP", (long)getuid());
	else
		log_info("listening on %s://%s%s%s:%ld/ (uid %ld)", in->ps.tls ? "https" : "http",
		         strchr(in->ps.listen, ':') ? "[" : "", in->ps.listen,
		         strchr(in->ps.listen, ':') ? "]" : "", in->ps.port, (long)getuid());
	if (metrics_fd >= 0)
		metrics = metrics_http_start(metrics_fd, pw_metrics_render, NULL);
	pst_sd_notify("READY=1");

	for (;;) {
		if (sigwait(&sigs, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			pst_sd_notify("RELOADING=1");
			reload(conf, &in, &srv, &fd);
			pst_sd_notify("READY=1");
			continue;
		}
		break;
	}
	log_info("signal %d: stopping", sig);
	pst_sd_notify("STOPPING=1");
	http_server_stop(&srv, 0);
	metrics_http_stop(&metrics);
	close(fd);
	audit_close();
	if (listen_is_unix(in->ps.listen))
		(void)unlink(in->ps.listen + 5);
	instance_free(&in);
	return 0;
}
