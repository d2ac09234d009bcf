/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c: postino-authd, a drop-in replacement for "saslauthd -a ldap".
 *
 * Start-up order matters: the configuration is read and checked, the
 * sockets are bound (which may need root), the process detaches (so
 * start-up errors still reach the terminal and the exit status), writes
 * its pid file, drops root, and only then starts threads and talks to the
 * directory. Signals are taken by this thread alone with sigwait(), so
 * SIGHUP reloads and SIGTERM stops without any async-signal trickery.
 */
#include <errno.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "auth_cache.h"
#include "auth_ctx.h"
#include "auth_penalty.h"
#include "authd_conf.h"
#include "change_stream.h"
#include "ctl_server.h"
#include "daemon.h"
#include "delay_queue.h"
#include "dn_cache.h"
#include "evict.h"
#include "flush_guard.h"
#include "keyed_hash.h"
#include "ldap_servers.h"
#include "replica_route.h"
#include "log.h"
#include "metrics.h"
#include "metrics_http.h"
#include "mux_server.h"
#include "opts.h"
#include "sd_notify.h"
#include "stats.h"
#include "version.h"
#include "work_queue.h"
#include "workers.h"
#include "xalloc.h"

static struct authd_opts opts;
static struct authd_runtime runtime;
static pthread_mutex_t reload_lock = PTHREAD_MUTEX_INITIALIZER;

/* warn_restart - settings a reload cannot change while running */
static void
warn_restart(const struct authd_conf *old, const struct authd_conf *c)
{
	const char *what = NULL;

	if (strcmp(old->common.mux_socket, c->common.mux_socket) != 0)
		what = "mux_socket";
	else if ((old->common.control_socket == NULL) != (c->common.control_socket == NULL) ||
	         (c->common.control_socket != NULL &&
	          strcmp(old->common.control_socket, c->common.control_socket) != 0))
		what = "control_socket";
	else if (old->authd.threads != c->authd.threads)
		what = "authd_threads";
	else if (old->authd.cache_size != c->authd.cache_size ||
	         old->authd.dn_cache_size != c->authd.dn_cache_size ||
	         old->authd.penalty_size != c->authd.penalty_size)
		what = "cache sizes";
	if (what != NULL)
		log_warn("reload: %s changed; that takes effect at the next restart", what);
}

/*
 * authd_reload - read the configuration again; install it only if it is
 * entirely good. The caches are emptied: the filter, the base or the
 * policy may have changed what an answer would be.
 */
static enum pst_result
authd_reload(char **err_r)
{
	struct authd_conf *c = NULL, *old;

	pthread_mutex_lock(&reload_lock);
	if (authd_conf_load(&opts, &c, err_r) != PST_OK) {
		log_error("reload failed, keeping the running configuration: %s", *err_r);
		pthread_mutex_unlock(&reload_lock);
		return PST_PERMFAIL;
	}
	old = authd_conf_get();
	warn_restart(old, c);
	authd_conf_put(&old);
	log_set_level((enum log_level)c->log_level);
	ldap_servers_set(runtime.servers, c->uris, c->nuris, c->ldap.failback_interval);
	/* Inside the guard: answers worked out under the old conf are not stored. */
	flush_guard_flush_begin();
	authd_conf_install(c);
	auth_cache_flush_all(runtime.cache);
	dn_cache_flush_all(runtime.dns);
	flush_guard_flush_end();
	stats_inc(ST_RELOADS);
	log_info("configuration reloaded");
	pthread_mutex_unlock(&reload_lock);
	return PST_OK;
}

static void
print_defaults(void)
{
	struct authd_conf *c = authd_conf_defaults();
	struct cfg_table tabs[AUTHD_CONF_NTABS];

	authd_conf_tables(c, tabs);
	cfg_print_defaults(stdout, tabs, AUTHD_CONF_NTABS);
	authd_conf_put(&c);
}

/* pid_path - saslauthd.pid beside the socket (xmalloc'd) */
static char *
pid_path(const char *sock)
{
	char *copy = xstrdup(sock), *p = xasprintf("%s/saslauthd.pid", dirname(copy));

	xfree(&copy);
	return p;
}

static int
start_sockets(const struct authd_conf *c, int *ctl_fd)
{
	char *err = NULL;
	int fd;

	if (daemon_make_dir(c->common.mux_socket, c->authd.user, c->authd.socket_group, &err) !=
	            PST_OK ||
	    (c->common.control_socket != NULL && *c->common.control_socket != '\0' &&
	     daemon_make_dir(c->common.control_socket, c->authd.user, c->authd.control_group,
	                     &err) != PST_OK))
		log_fatal("%s", err);
	fd = daemon_listen_unix(c->common.mux_socket, c->authd.socket_mode, c->authd.socket_group,
	                        &err);
	if (fd < 0)
		log_fatal("%s", err);
	*ctl_fd = -1;
	if (c->common.control_socket != NULL && *c->common.control_socket != '\0') {
		*ctl_fd = daemon_listen_unix(c->common.control_socket, c->authd.control_mode,
		                             c->authd.control_group, &err);
		if (*ctl_fd < 0)
			log_fatal("%s", err);
	}
	return fd;
}

/*
 * raise_fd_limit - room for authd_max_connections clients: the soft limit
 * (often 1024) up to what is needed, within the hard limit.
 */
static void
raise_fd_limit(long max_connections)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)max_connections + 256;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < want)
		log_warn("open files limited to %llu: fewer than authd_max_connections clients "
		         "can be held",
		         (unsigned long long)rl.rlim_cur);
}

static int
wait_for_signals(void)
{
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	for (;;) {
		char *err = NULL;

		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig != SIGHUP)
			return sig;
		log_info("SIGHUP: reloading the configuration");
		pst_sd_notify("RELOADING=1");
		authd_reload(&err);
		pst_sd_notify("READY=1");
		xfree(&err);
	}
}

int
main(int argc, char **argv)
{
	struct authd_conf *conf = NULL;
	struct mux_server *mux;
	struct ctl_server *ctl = NULL;
	struct change_stream *stream;
	struct metrics_http *metrics = NULL;
	struct workers *workers;
	sigset_t set;
	char *err = NULL, *pidfile, *mux_path, *ctl_path = NULL;
	int mux_fd, ctl_fd, metrics_fd = -1, sig;

	log_open("postino-authd", LOG_TO_STDERR, LOG_LVL_INFO);
	if (authd_opts_parse(argc, argv, &opts, &err) != PST_OK) {
		fprintf(stderr, "postino-authd: %s\n", err);
		authd_opts_usage(stderr, "postino-authd");
		return 1;
	}
	if (opts.help) {
		authd_opts_usage(stdout, "postino-authd");
		return 0;
	}
	if (opts.version) {
		printf("postino-authd %s (saslauthd protocol, mechanism: ldap)\n", POSTINO_VERSION);
		return 0;
	}
	if (opts.print_defaults) {
		print_defaults();
		return 0;
	}

	/* Every thread inherits this mask; only sigwait() sees these signals. */
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (authd_conf_load(&opts, &conf, &err) != PST_OK)
		log_fatal("configuration: %s", err);
	log_set_facility(conf->common.log_facility);
	log_open("postino-authd", conf->common.log_stderr ? LOG_TO_STDERR : LOG_TO_SYSLOG,
	         (enum log_level)conf->log_level);
	if (keyed_hash_init() != PST_OK)
		log_fatal("cannot draw a random key (RAND_bytes)");
	stats_init();

	raise_fd_limit(conf->authd.max_connections);
	mux_fd = start_sockets(conf, &ctl_fd);
	if (conf->authd.metrics_listen != NULL && *conf->authd.metrics_listen != '\0' &&
	    metrics_http_listen(conf->authd.metrics_listen, &metrics_fd, &err) != PST_OK)
		log_fatal("authd_metrics_listen: %s", err);
	mux_path = xstrdup(conf->common.mux_socket);
	if (ctl_fd >= 0)
		ctl_path = xstrdup(conf->common.control_socket);
	if (!opts.foreground)
		daemon_detach();
	pidfile = pid_path(mux_path);
	if (daemon_write_pidfile(pidfile, &err) != PST_OK) {
		log_warn("pid file: %s", err);
		xfree(&err);
	}
	if (daemon_drop_privileges(conf->authd.user, &err) != PST_OK)
		log_fatal("%s", err);
	if (getuid() == 0 && geteuid() == 0)
		log_warn("running as root (authd_user is empty)");

	runtime.cache = auth_cache_new((size_t)conf->authd.cache_size);
	runtime.dns = dn_cache_new((size_t)conf->authd.dn_cache_size);
	runtime.penalty = auth_penalty_new((size_t)conf->authd.penalty_size);
	runtime.servers = ldap_servers_new();
	ldap_servers_set(runtime.servers, conf->uris, conf->nuris, conf->ldap.failback_interval);
	runtime.queue = work_queue_new();
	authd_conf_install(conf);
	conf = authd_conf_get();

	authd_evict_init(&runtime);
	stream = change_stream_start();
	runtime.delay = delay_queue_start(runtime.queue);
	workers = workers_start(&runtime, (int)conf->authd.threads);
	mux = mux_server_start(mux_fd, &runtime);
	if (ctl_fd >= 0)
		ctl = ctl_server_start(ctl_fd, &runtime, authd_reload);
	if (metrics_fd >= 0)
		metrics = metrics_http_start(metrics_fd, authd_metrics_render, &runtime);
	log_info("started: socket %s, %ld threads, method %s, %d LDAP server(s), cache %s%s%s",
	         mux_path, conf->authd.threads,
	         conf->ldap.auth_method == LS_METHOD_FASTBIND ? "fastbind"
	         : conf->ldap.auth_method == LS_METHOD_BIND   ? "bind"
	                                                      : "fetch",
	         conf->nuris, conf->authd.cache ? "on" : "off", ctl_path ? ", control " : "",
	         ctl_path ? ctl_path : "");
	authd_conf_put(&conf);
	daemon_ready();
	pst_sd_notify("READY=1");

	sig = wait_for_signals();
	log_info("signal %d: stopping", sig);
	pst_sd_notify("STOPPING=1");

	/* Stop taking work first, then finish or drop what is queued. */
	mux_server_stop(&mux);
	ctl_server_stop(&ctl);
	metrics_http_stop(&metrics);
	delay_queue_stop(&runtime.delay);
	workers_stop(&workers);
	change_stream_stop(&stream);
	authd_evict_init(NULL);
	work_queue_free(&runtime.queue);
	close(mux_fd);
	if (ctl_fd >= 0)
		close(ctl_fd);
	/*
	 * The socket directories belong to the service user (tmpfiles.d, or
	 * daemon_make_dir), so this works after dropping root too.
	 */
	unlink(mux_path);
	if (ctl_path != NULL)
		unlink(ctl_path);
	unlink(pidfile);
	auth_cache_free(&runtime.cache);
	dn_cache_free(&runtime.dns);
	auth_penalty_free(&runtime.penalty);
	ldap_servers_free(&runtime.servers);
	replica_route_shutdown();
	authd_conf_shutdown();
	keyed_hash_shutdown();
	xfree(&mux_path);
	xfree(&ctl_path);
	xfree(&pidfile);
	return 0;
}
