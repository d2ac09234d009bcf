/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * log.h: diagnostics with fixed level meanings.
 *
 *   DEBUG  developer tracing; off in production.
 *   INFO   one line per completed request or administrative action.
 *   WARN   something outside postino is wrong, and service continues
 *          (unknown config key, a directory server down, a bad client).
 *   ERROR  a request failed because of an internal problem.
 *   FATAL  start-up or configuration problem; the process exits(1).
 *   PANIC  an internal inconsistency; the process aborts (core dump).
 *
 * Every request line carries user, service and outcome as key=value pairs,
 * never a password. Strings from outside go through log_quote() first.
 */
#ifndef POSTINO_LOG_H
#define POSTINO_LOG_H

#include <stddef.h>

enum log_level {
	LOG_LVL_DEBUG = 0,
	LOG_LVL_INFO,
	LOG_LVL_WARN,
	LOG_LVL_ERROR,
	LOG_LVL_FATAL,
	LOG_LVL_PANIC,
};

enum log_dest {
	LOG_TO_STDERR = 0,
	LOG_TO_SYSLOG,
};

/*
 * log_set_sink - hand every line (level, message without prefix) to fn
 * instead of stderr or syslog; NULL restores them. For code that runs
 * inside another program, such as the SASL plugin, whose lines belong in
 * the host's log and must not touch its stderr or its openlog() ident.
 */
typedef void log_sink_fn(enum log_level lvl, const char *msg);
void log_set_sink(log_sink_fn *fn);

/*
 * log_facility_names - the syslog facilities log_facility may name, NULL
 * terminated; log_set_facility takes an index into it (0, "auth", is the
 * default, as saslauthd logs). It applies from the next log_open.
 */
extern const char *const log_facility_names[];
void log_set_facility(int index);

/* log_open - set the program name, destination and minimum level */
void log_open(const char *ident, enum log_dest dest, enum log_level min);
void log_set_level(enum log_level min);
int log_enabled(enum log_level lvl);
/* log_level_parse - "debug", "info", ... ; -1 if unknown */
int log_level_parse(const char *name);

void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define log_debug(...) log_msg(LOG_LVL_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_LVL_ERROR, __VA_ARGS__)
_Noreturn void log_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void log_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * log_quote - copy untrusted bytes into dst (size dstsz, always
 * NUL-terminated) for a log line: printable ASCII except '"' and '\\' is kept,
 * everything else becomes \xNN; output is truncated with "..." when long.
 * Returns dst, so it can be used inline in a log_info() argument list.
 */
char *log_quote(char *dst, size_t dstsz, const void *src, size_t srclen);

#endif
