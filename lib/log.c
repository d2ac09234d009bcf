/*
 * log.c: one-line diagnostics to stderr or syslog, safe from any thread.
 *
 * Each call formats into a stack buffer (no allocation, so the allocator's
 * own out-of-memory panic can use it) and emits the line with one write()
 * under a mutex, so lines from concurrent threads never interleave.
 * Control characters that slipped into a message are replaced, because one
 * call must give exactly one line.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

/* Longer messages are cut; request lines are far shorter. */
#define LOG_LINE_MAX 2048

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static char log_ident[64] = "postino";
static atomic_int log_dest_now = LOG_TO_STDERR;
static atomic_int log_min = LOG_LVL_INFO;
static log_sink_fn *_Atomic log_sink;

const char *const log_facility_names[] = {"auth",   "authpriv", "daemon", "mail",   "user",
                                          "local0", "local1",   "local2", "local3", "local4",
                                          "local5", "local6",   "local7", NULL};
static const int log_facilities[] = {LOG_AUTH,   LOG_AUTHPRIV, LOG_DAEMON, LOG_MAIL,   LOG_USER,
                                     LOG_LOCAL0, LOG_LOCAL1,   LOG_LOCAL2, LOG_LOCAL3, LOG_LOCAL4,
                                     LOG_LOCAL5, LOG_LOCAL6,   LOG_LOCAL7};
static atomic_int log_facility = LOG_AUTH;

static const char *const log_names[] = {"debug", "info", "warn", "error", "fatal", "panic"};
static const int log_prio[] = {LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERR, LOG_CRIT, LOG_ALERT};

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
	if (ident != NULL) {
		const char *slash = strrchr(ident, '/');

		snprintf(log_ident, sizeof(log_ident), "%s", slash ? slash + 1 : ident);
	}
	if (atomic_load(&log_dest_now) == LOG_TO_SYSLOG)
		closelog();
	if (dest == LOG_TO_SYSLOG)
		openlog(log_ident, LOG_PID | LOG_NDELAY, atomic_load(&log_facility));
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
		syslog(log_prio[lvl], "%s: %s", log_names[lvl], msg);
	} else {
		n = snprintf(line, sizeof(line), "%s[%ld]: %s: %s\n", log_ident, (long)getpid(),
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
