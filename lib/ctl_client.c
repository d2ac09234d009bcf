/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ctl_client.c: one command to postino-authd's control socket.
 *
 * The reply is read to EOF (bounded in size and time), then split into the
 * payload and the final status line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "ctl_client.h"
#include "sockio.h"
#include "xalloc.h"

/* Stats are a few dozen lines; a megabyte means something is wrong. */
#define CTL_REPLY_MAX (1024 * 1024)
#define CTL_CMD_MAX   1024

/* ctl_last_line - find the last line; returns its start, sets *payload_len */
static const char *
ctl_last_line(const char *d, size_t len, size_t *payload_len)
{
	size_t end = len, start;

	/* Ignore the terminating newline(s) of the status line. */
	while (end > 0 && (d[end - 1] == '\n' || d[end - 1] == '\r'))
		end--;
	start = end;
	while (start > 0 && d[start - 1] != '\n')
		start--;
	*payload_len = start;
	return d + start;
}

enum pst_result
ctl_request(const char *path, const char *cmd, int timeout_ms, char **reply_r)
{
	long long deadline = sockio_now_ms() + (timeout_ms > 0 ? timeout_ms : 5000);
	struct buf b = BUF_INIT;
	char chunk[4096], *why = NULL, *line;
	const char *last;
	size_t plen, llen;
	enum pst_result r;
	int fd;

	*reply_r = NULL;
	if (strlen(cmd) > CTL_CMD_MAX || strpbrk(cmd, "\r\n") != NULL) {
		*reply_r = xstrdup("command must be one line");
		return PST_PERMFAIL;
	}
	fd = sockio_connect_unix(path, deadline, &why);
	if (fd < 0) {
		*reply_r = why;
		return PST_TEMPFAIL;
	}
	line = xasprintf("%s\n", cmd);
	if (sockio_write_all(fd, line, strlen(line), deadline) < 0) {
		*reply_r = xasprintf("send to %s: %s", path, strerror(errno));
		free(line);
		close(fd);
		return PST_TEMPFAIL;
	}
	free(line);
	for (;;) {
		ssize_t n = sockio_read(fd, chunk, sizeof(chunk), deadline);

		if (n == 0)
			break;
		if (n < 0 || b.len + (size_t)n > CTL_REPLY_MAX) {
			*reply_r = xasprintf(
			        "%s: %s", path,
			        n < 0 ? (errno == ETIMEDOUT ? "no reply in time" : strerror(errno))
			              : "reply too long");
			close(fd);
			buf_free(&b);
			return PST_TEMPFAIL;
		}
		buf_append(&b, chunk, (size_t)n);
	}
	close(fd);
	last = ctl_last_line(b.data ? b.data : "", b.len, &plen);
	llen = strcspn(last, "\r\n");
	if (llen == 2 && strncmp(last, "OK", 2) == 0) {
		r = PST_OK;
		*reply_r = xmemdup0(b.data ? b.data : "", plen);
	} else if (llen >= 3 && strncmp(last, "ERR", 3) == 0 && (llen == 3 || last[3] == ' ')) {
		r = PST_PERMFAIL;
		*reply_r = llen > 4 ? xmemdup0(last + 4, llen - 4) : xstrdup("error");
	} else {
		r = PST_TEMPFAIL;
		*reply_r = xasprintf("%s: reply without a status line", path);
	}
	buf_free(&b);
	return r;
}
