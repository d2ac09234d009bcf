/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c: postino-socketmap, sendmail's access map and Postfix's
 * check_ccert_access answered live from the directory, over the socketmap
 * protocol on a UNIX socket.
 *
 * Start-up order: read the configuration (and the bind password file),
 * compile the rules and the issuer list, bind the socket while still root,
 * then drop to socketmap_user; no request is answered as root. The program
 * stays in the foreground (run it under systemd or the init's supervisor).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cert_ident.h"
#include "cert_rules.h"
#include "common_settings.h"
#include "config.h"
#include "daemon.h"
#include "ldap_settings.h"
#include "log.h"
#include "sm_lookup.h"
#include "sm_server.h"
#include "sm_settings.h"
#include "version.h"
#include "xalloc.h"

static volatile sig_atomic_t stop;
static int wake_pipe[2] = {-1, -1};

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
	if (write(wake_pipe[1], "x", 1) < 0) {
		/* The loop also sees the flag on its next wake-up. */
	}
}

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: postino-socketmap [-d] [-c config]\n"
	            "       postino-socketmap --print-defaults | --print-doc | --version\n"
	            "  -c FILE  configuration file (default " POSTINO_CONFIG_FILE ")\n"
	            "  -d       debug: log to stderr at level debug\n"
	            "  --print-defaults  print every setting with its default and exit\n"
	            "  --print-doc       print the socketmap_* settings table (Markdown) and exit\n"
	            "  --version         print the version and exit\n");
}

/* setup - everything that needs the configuration, before the socket */
static void
setup(struct sm_ctx *c, const struct sm_settings *ss, const struct ldap_settings *ls)
{
	char *err = NULL;

	c->set = ss;
	c->ls = ls;
	if (ls->search_base == NULL || *ls->search_base == '\0')
		log_fatal("ldap_search_base must be set");
	c->rules = cert_rules_new(ss->cert_rule, SM_MAX_RULES, "socketmap_cert_rule", &err);
	if (c->rules == NULL)
		log_fatal("%s", err);
	if (ss->issuers != NULL) {
		c->issuers = cert_issuers_parse(ss->issuers, &err);
		if (c->issuers == NULL)
			log_fatal("socketmap_issuers: %s", err);
	}
}

static void
signals(void)
{
	struct sigaction sa;

	if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		log_fatal("pipe: %m");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int
main(int argc, char **argv)
{
	struct ldap_settings ls;
	struct common_settings cs;
	struct sm_settings ss;
	struct cfg_table tabs[3];
	struct sm_ctx c;
	const char *conf = POSTINO_CONFIG_FILE;
	char *err = NULL;
	int debug = 0, fd, lvl;

	memset(&ls, 0, sizeof(ls));
	memset(&cs, 0, sizeof(cs));
	memset(&ss, 0, sizeof(ss));
	memset(&c, 0, sizeof(c));
	tabs[0] = ldap_settings_table(&ls);
	tabs[1] = common_settings_table(&cs);
	tabs[2] = sm_settings_table(&ss);
	cfg_defaults(tabs, 3);

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--version") == 0) {
			printf("postino-socketmap %s\n", POSTINO_VERSION);
			cfg_release(tabs, 3);
			return 0;
		} else if (strcmp(argv[i], "--print-defaults") == 0) {
			cfg_print_defaults(stdout, tabs, 3);
			cfg_release(tabs, 3);
			return 0;
		} else if (strcmp(argv[i], "--print-doc") == 0) {
			cfg_print_doc(stdout, &tabs[2], 1);
			cfg_release(tabs, 3);
			return 0;
		} else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc) {
			conf = argv[++i];
		} else if (strcmp(argv[i], "-d") == 0) {
			debug = 1;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			cfg_release(tabs, 3);
			return 0;
		} else {
			usage(stderr);
			cfg_release(tabs, 3);
			return 2;
		}
	}

	log_open("postino-socketmap", LOG_TO_STDERR, LOG_LVL_INFO);
	if (cfg_load_file(tabs, 3, conf, 0, &err) != PST_OK ||
	    ldap_settings_check(&ls, &err) != PST_OK)
		log_fatal("configuration: %s", err != NULL ? err : "failed");
	lvl = log_level_parse(cs.log_level != NULL ? cs.log_level : "info");
	if (lvl < 0)
		log_fatal("log_level: unknown level \"%s\"", cs.log_level);
	log_open("postino-socketmap", debug || cs.log_stderr ? LOG_TO_STDERR : LOG_TO_SYSLOG,
	         debug ? LOG_LVL_DEBUG : (enum log_level)lvl);

	setup(&c, &ss, &ls);
	signals();
	fd = daemon_listen_unix(ss.socket, ss.socket_mode, ss.socket_group, &err);
	if (fd < 0)
		log_fatal("socketmap_socket: %s", err);
	if (daemon_drop_privileges(ss.user, &err) != PST_OK)
		log_fatal("socketmap_user: %s", err);
	log_info("listening on %s (uid %ld)", ss.socket, (long)getuid());

	sm_server_run(&c, fd, wake_pipe[0], &stop);

	log_info("stopping");
	close(fd);
	unlink(ss.socket);
	cert_rules_free(&c.rules);
	cert_issuers_free(&c.issuers);
	cfg_release(tabs, 3);
	return 0;
}
