/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * audit.c: the audit trail of password changes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "log.h"
#include "xalloc.h"

static int audit_fd = -1;

enum pst_result
audit_open(const char *path, char **err_r)
{
	if (path == NULL || *path == '\0')
		return PST_OK;
	audit_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
	if (audit_fd < 0) {
		*err_r = xasprintf("%s: %s", path, strerror(errno));
		return PST_PERMFAIL;
	}
	return PST_OK;
}

enum pst_result
audit_reopen(const char *path, char **err_r)
{
	int fd;

	if (path == NULL || *path == '\0' || audit_fd < 0)
		return PST_OK;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
	if (fd < 0) {
		*err_r = xasprintf("%s: %s; still writing to the old file", path, strerror(errno));
		return PST_TEMPFAIL;
	}
	/* dup2() swaps the file under the same number at once: a concurrent write goes to one or
	 * the other. */
	if (dup2(fd, audit_fd) < 0) {
		*err_r = xasprintf("dup2: %s", strerror(errno));
		close(fd);
		return PST_TEMPFAIL;
	}
	close(fd);
	return PST_OK;
}

void
audit_close(void)
{
	if (audit_fd >= 0)
		close(audit_fd);
	audit_fd = -1;
}

void
audit_record(const char *user, const char *ip, const char *result, const char *reason)
{
	char quser[160], qreason[200], stamp[32], line[512];
	struct tm tm;
	time_t now = time(NULL);
	int n;

	log_quote(quser, sizeof(quser), user ? user : "", user ? strlen(user) : 0);
	log_quote(qreason, sizeof(qreason), reason ? reason : "", reason ? strlen(reason) : 0);
	log_info("audit: user=\"%s\" ip=%s result=%s reason=\"%s\"", quser, ip ? ip : "-", result,
	         qreason);
	if (audit_fd < 0)
		return;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(line, sizeof(line), "%s user=\"%s\" ip=%s result=%s reason=\"%s\"\n", stamp,
	             quser, ip ? ip : "-", result, qreason);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line)) {
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	if (write(audit_fd, line, (size_t)n) != n)
		log_error("audit: cannot write the audit file: %s", strerror(errno));
}
