/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * log.c: one-line diagnostics to stderr or syslog, safe from any thread.
 *
 * Each call formats into a stack buffer (no allocation, so the allocator's
 * own out-of-memory panic can use it) and emits the line with one write()
 * under a mutex, so lines from concurrent threads never interleave.
 * Control characters that slipped into a message are replaced, because one
 * call must give exactly one line.
 *
 * Syslog is spoken here rather than through syslog(3): glibc's syslog()
 * tries to connect to /dev/log again on every line while no syslog daemon
 * listens, which costs a socket, a failed connect and a close per request.
 * Here the socket is opened once; after a failure it is retried at most
 * once per LOG_RETRY_S seconds and lines in between are dropped.
 */
#include <errno.h>
#include <paths.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

/* Longer messages are cut; request lines are far shorter. */
#define LOG_LINE_MAX 2048

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static char log_ident[64] = "postino";
static atomic_int log_dest_now = LOG_TO_STDERR;
static atomic_int log_min = LOG_LVL_INFO;
static log_sink_fn *_Atomic log_sink;
/* The syslog socket and the process id, under log_lock. */
static int log_fd = -1;
static time_t log_retry_at;
static long log_pid;
static int log_atfork_set;

#define LOG_RETRY_S 10

const char *const log_facility_names[] = {"auth",   "authpriv", "daemon", "mail",   "user",
                                          "local0", "local1",   "local2", "local3", "local4",
                                          "local5", "local6",   "local7", NULL};
static const int log_facilities[] = {LOG_AUTH,   LOG_AUTHPRIV, LOG_DAEMON, LOG_MAIL,   LOG_USER,
                                     LOG_LOCAL0, LOG_LOCAL1,   LOG_LOCAL2, LOG_LOCAL3, LOG_LOCAL4,
                                     LOG_LOCAL5, LOG_LOCAL6,   LOG_LOCAL7};
static atomic_int log_facility = LOG_AUTH;

static const char *const log_names[] = {"debug", "info", "warn", "error", "fatal", "panic"};
static const int log_prio[] = {LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERR, LOG_CRIT, LOG_ALERT};

/* pid_reset - after fork the cached pid is the parent's */
static void
pid_reset(void)
{
	log_pid = 0;
}

static long
cached_pid(void)
{
	if (log_pid == 0)
		log_pid = (long)getpid();
	return log_pid;
}

/* syslog_connect - (re)open the /dev/log socket; rate-limited after a failure */
static int
syslog_connect(void)
{
	struct sockaddr_un sa;
	time_t now = time(NULL);

	if (log_fd >= 0)
		return 0;
	if (now < log_retry_at)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", _PATH_LOG);
	log_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (log_fd >= 0 && connect(log_fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return 0;
	if (log_fd >= 0)
		close(log_fd);
	log_fd = -1;
	log_retry_at = now + LOG_RETRY_S;
	return -1;
}

/* syslog_send - one RFC 3164 line to /dev/log, as syslog(3) formats it */
static void
syslog_send(int prio, const char *level, const char *msg)
{
	char line[LOG_LINE_MAX + 160], stamp[32];
	struct tm tm;
	time_t now = time(NULL);
	int n;

	if (syslog_connect() != 0)
		return;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "<%d>%s %s[%ld]: %s: %s",
	             atomic_load(&log_facility) | prio, stamp, log_ident, cached_pid(), level, msg);
	if (n <= 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1;
	if (send(log_fd, line, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 &&
	    (errno == ECONNREFUSED || errno == ENOTCONN || errno == EBADF)) {
		/* The daemon went away (restarted): reconnect on a later line. */
		close(log_fd);
		log_fd = -1;
	}
}

void
log_set_facility(int index)
{
	if (index >= 0 && (size_t)index < sizeof(log_facilities) / sizeof(log_facilities[0]))
		atomic_store(&log_facility, log_facilities[index]);
}

void
log_open(const char *ident, enum log_dest dest, enum log_level min)
{
	pthread_mutex_lock(&log_lock);
	if (!log_atfork_set) {
		pthread_atfork(NULL, NULL, pid_reset);
		log_atfork_set = 1;
	}
	log_pid = 0;
	if (ident != NULL) {
		const char *slash = strrchr(ident, '/');

		snprintf(log_ident, sizeof(log_ident), "%s", slash ? slash + 1 : ident);
	}
	if (log_fd >= 0)
		close(log_fd);
	log_fd = -1;
	log_retry_at = 0;
	if (dest == LOG_TO_SYSLOG)
		(void)syslog_connect();
	atomic_store(&log_dest_now, (int)dest);
	atomic_store(&log_min, (int)min);
	pthread_mutex_unlock(&log_lock);
}

void
log_set_sink(log_sink_fn *fn)
{
	atomic_store(&log_sink, fn);
}

void
log_set_level(enum log_level min)
{
	atomic_store(&log_min, (int)min);
}

int
log_enabled(enum log_level lvl)
{
	return (int)lvl >= atomic_load(&log_min);
}

int
log_level_parse(const char *name)
{
	size_t i;

	if (name == NULL)
		return -1;
	for (i = 0; i < sizeof(log_names) / sizeof(log_names[0]); i++)
		if (strcasecmp(name, log_names[i]) == 0)
			return (int)i;
	if (strcasecmp(name, "warning") == 0)
		return LOG_LVL_WARN;
	return -1;
}

/* log_emit - write one formatted line; the caller has checked the level */
__attribute__((format(printf, 2, 0))) static void
log_emit(enum log_level lvl, const char *fmt, va_list ap)
{
	char msg[LOG_LINE_MAX], line[LOG_LINE_MAX + 128];
	log_sink_fn *sink;
	size_t i;
	int n;

	if ((int)lvl < 0 || (size_t)lvl >= sizeof(log_names) / sizeof(log_names[0]))
		lvl = LOG_LVL_ERROR;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	for (i = 0; msg[i] != '\0'; i++)
		if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f)
			msg[i] = '?';
	sink = atomic_load(&log_sink);
	pthread_mutex_lock(&log_lock);
	if (sink != NULL) {
		sink(lvl, msg);
	} else if (atomic_load(&log_dest_now) == LOG_TO_SYSLOG) {
		syslog_send(log_prio[lvl], log_names[lvl], msg);
	} else {
		n = snprintf(line, sizeof(line), "%s[%ld]: %s: %s\n", log_ident, cached_pid(),
		             log_names[lvl], msg);
		if (n > 0) {
			size_t len = (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
			ssize_t w = write(STDERR_FILENO, line, len);

			(void)w; /* nowhere to report a failing stderr */
		}
	}
	pthread_mutex_unlock(&log_lock);
}

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(lvl))
		return;
	va_start(ap, fmt);
	log_emit(lvl, fmt, ap);
	va_end(ap);
}

void
log_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_LVL_FATAL, fmt, ap);
	va_end(ap);
	exit(1);
}

void
log_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_LVL_PANIC, fmt, ap);
	va_end(ap);
	abort();
}

/* log_quote_one - the representation of byte c; returns its length */
static size_t
log_quote_one(unsigned char c, char rep[5])
{
	static const char hex[] = "0123456789abcdef";

	if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
		rep[0] = (char)c;
		return 1;
	}
	rep[0] = '\\';
	rep[1] = 'x';
	rep[2] = hex[c >> 4];
	rep[3] = hex[c & 15];
	return 4;
}

char *
log_quote(char *dst, size_t dstsz, const void *src, size_t srclen)
{
	const unsigned char *s = src;
	size_t i, o = 0, total = 0, limit;
	char rep[5];

	if (dst == NULL || dstsz == 0)
		return dst;
	if (s == NULL) {
		snprintf(dst, dstsz, "(null)");
		return dst;
	}
	for (i = 0; i < srclen; i++)
		total += log_quote_one(s[i], rep);
	/* When the whole thing does not fit, keep room for the "..." marker. */
	limit = dstsz - 1;
	if (total > limit)
		limit = limit >= 3 ? limit - 3 : 0;
	for (i = 0; i < srclen; i++) {
		size_t rl = log_quote_one(s[i], rep);

		if (o + rl > limit)
			break;
		memcpy(dst + o, rep, rl);
		o += rl;
	}
	if (i < srclen)
		for (i = 0; i < 3 && o < dstsz - 1; i++)
			dst[o++] = '.';
	dst[o] = '\0';
	return dst;
}
