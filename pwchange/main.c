/*
 * main.c: postino-pwchange, the HTTPS password-change page and JSON API.
 *
 * Start-up order matters for privilege separation: read the configuration,
 * the TLS key, the deny list and the secrets, open the audit file and bind
 * the port while still root; then drop to pwchange_user; only then start
 * serving. A request is never handled with root privileges.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "audit.h"
#include "common_settings.h"
#include "config.h"
#include "http_server.h"
#include "ldap_settings.h"
#include "listen_socket.h"
#include "log.h"
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

int
main(int argc, char **argv)
{
	struct ldap_settings ls;
	struct common_settings cs;
	struct pwchange_settings ps;
	struct cfg_table tabs[3];
	struct pwchange_app app;
	struct http_server *srv = NULL;
	struct secret *key = NULL, *expired_pw = NULL;
	const char *conf = POSTINO_CONFIG_FILE;
	char *cert = NULL, *err = NULL;
	struct metrics_http *metrics = NULL;
	int debug = 0, fd = -1, metrics_fd = -1, lvl, sig;
	sigset_t sigs;

	memset(&ls, 0, sizeof(ls));
	memset(&cs, 0, sizeof(cs));
	memset(&ps, 0, sizeof(ps));
	memset(&app, 0, sizeof(app));
	tabs[0] = ldap_settings_table(&ls);
	tabs[1] = common_settings_table(&cs);
	tabs[2] = pwchange_settings_table(&ps);
	cfg_defaults(tabs, 3);

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--version") == 0) {
			printf("postino-pwchange %s\n", POSTINO_VERSION);
			return 0;
		} else if (strcmp(argv[i], "--print-defaults") == 0) {
			cfg_print_defaults(stdout, tabs, 3);
			return 0;
		} else if (strcmp(argv[i], "--print-doc") == 0) {
			/* Only pwchange's own table: the shared ones are documented once. */
			cfg_print_doc(stdout, &tabs[2], 1);
			return 0;
		} else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc) {
			conf = argv[++i];
		} else if (strcmp(argv[i], "-d") == 0) {
			debug = 1;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}

	log_open("postino-pwchange", LOG_TO_STDERR, LOG_LVL_INFO);
	if (cfg_load_file(tabs, 3, conf, 0, &err) != PST_OK)
		die_err("configuration", err);
	if (ldap_settings_check(&ls, &err) != PST_OK)
		die_err("configuration", err);
	lvl = log_level_parse(cs.log_level ? cs.log_level : "info");
	if (lvl < 0)
		log_fatal("log_level: unknown level \"%s\"", cs.log_level);
	log_set_facility(cs.log_facility);
	log_open("postino-pwchange", debug || cs.log_stderr ? LOG_TO_STDERR : LOG_TO_SYSLOG,
	         debug ? LOG_LVL_DEBUG : (enum log_level)lvl);

	if (ps.cert == NULL || ps.key == NULL)
		log_fatal(
		        "pwchange_cert and pwchange_key must be set: there is no plain-HTTP mode");
	if (ps.min_length > ps.max_length)
		log_fatal("pwchange_min_length (%ld) is above pwchange_max_length (%ld)",
		          ps.min_length, ps.max_length);
	if (tls_read_cert(ps.cert, &cert, &err) != PST_OK ||
	    tls_read_key(ps.key, &key, &err) != PST_OK)
		die_err("TLS", err);

	app.ps = &ps;
	app.ls = &ls;
	app.cs = &cs;
	app.policy.min_length = ps.min_length;
	app.policy.max_length = ps.max_length;
	app.policy.min_classes = ps.min_classes;
	if (ps.denylist != NULL &&
	    pw_policy_load_denylist(&app.policy, ps.denylist, &err) != PST_OK)
		die_err("pwchange_denylist", err);
	app.rules = pw_policy_rules(&app.policy);
	app.rl_ip = rate_limit_new((size_t)ps.rate_slots, ps.rate_ip_max, ps.rate_window);
	app.rl_user = rate_limit_new((size_t)ps.rate_slots, ps.rate_user_max, ps.rate_window);
	app.change.ldap = &ls;
	app.change.filter = ps.filter ? ps.filter : ls.filter ? ls.filter : "(uid=%u)";
	if (ps.expired_dn != NULL) {
		if (ps.expired_pw_file == NULL)
			log_fatal("pwchange_expired_dn needs pwchange_expired_password_file");
		expired_pw = secret_read_file(ps.expired_pw_file, &err);
		if (expired_pw == NULL)
			die_err("pwchange_expired_password_file", err);
		app.change.expired_dn = ps.expired_dn;
		app.change.expired_pw = expired_pw;
	}
	if (audit_open(ps.audit_file, &err) != PST_OK)
		die_err("pwchange_audit_file", err);
	if (listen_socket_open(ps.listen, ps.port, &fd, &err) != PST_OK)
		die_err("listen", err);
	if (ps.metrics_listen != NULL && *ps.metrics_listen != '\0' &&
	    metrics_http_listen(ps.metrics_listen, &metrics_fd, &err) != PST_OK)
		die_err("pwchange_metrics_listen", err);
	if (privdrop_to(ps.user, &err) != PST_OK)
		die_err("privileges", err);

	/* Threads started from here on inherit this mask; only sigwait() sees these. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (http_server_start(&app, fd, cert, key, &srv, &err) != PST_OK)
		die_err("https", err);
	/* GnuTLS has parsed the key; our copy is no longer needed. */
	secret_free(&key);
	log_info("listening on https://%s%s%s:%ld/ (uid %ld)", strchr(ps.listen, ':') ? "[" : "",
	         ps.listen, strchr(ps.listen, ':') ? "]" : "", ps.port, (long)getuid());
	if (metrics_fd >= 0)
		metrics = metrics_http_start(metrics_fd, pw_metrics_render, NULL);
	pst_sd_notify("READY=1");

	for (;;) {
		if (sigwait(&sigs, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			log_info("SIGHUP: settings are read at start-up only; restart to change "
			         "them");
			continue;
		}
		break;
	}
	log_info("signal %d: stopping", sig);
	pst_sd_notify("STOPPING=1");
	http_server_stop(&srv);
	metrics_http_stop(&metrics);
	close(fd);
	audit_close();
	rate_limit_free(&app.rl_ip);
	rate_limit_free(&app.rl_user);
	pw_policy_rules_free(&app.rules);
	pw_policy_release(&app.policy);
	secret_free(&expired_pw);
	xfree(&cert);
	cfg_release(tabs, 3);
	return 0;
}
