/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * audit.h: one line per password-change attempt, never with a password.
 *
 *   user="alice" ip=127.0.0.1 result=ok reason="changed"
 *
 * Lines always go to the log; with pwchange_audit_file they are also
 * appended there with a timestamp (one write() per line on an O_APPEND
 * descriptor, so lines from concurrent requests do not interleave).
 */
#ifndef POSTINO_PWCHANGE_AUDIT_H
#define POSTINO_PWCHANGE_AUDIT_H

#include "result.h"

/* audit_open - open path for appending (before privileges are dropped); NULL: log only */
enum pst_result audit_open(const char *path, char **err_r);
/*
 * audit_reopen - open path again (after log rotation, on SIGHUP) as the
 * service user; on failure the old file stays in use and *err_r says why
 */
enum pst_result audit_reopen(const char *path, char **err_r);
void audit_close(void);
/* audit_record - write one line; user and reason are quoted for the log */
void audit_record(const char *user, const char *ip, const char *result, const char *reason);

#endif
