/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sockio.h: UNIX-socket client I/O with an absolute deadline, for the
 * short request/reply clients (mux_client, ctl_client).
 *
 * Every wait is bounded by the deadline, so a daemon that accepts and then
 * says nothing costs the caller at most its time-out, never a hang.
 */
#ifndef POSTINO_SOCKIO_H
#define POSTINO_SOCKIO_H

#include <stddef.h>
#include <sys/types.h>

/* sockio_now_ms - monotonic clock in milliseconds */
long long sockio_now_ms(void);
/*
 * sockio_connect_unix - a non-blocking stream socket connected to path by
 * deadline_ms; -1 with *err_r (xmalloc'd) on failure.
 */
int sockio_connect_unix(const char *path, long long deadline_ms, char **err_r);
/* sockio_write_all - 0 when all n bytes are sent; -1 (errno set) otherwise */
int sockio_write_all(int fd, const void *p, size_t n, long long deadline_ms);
/* sockio_read - >0 bytes read, 0 at EOF, -1 on error or deadline (errno ETIMEDOUT) */
ssize_t sockio_read(int fd, void *p, size_t n, long long deadline_ms);

#endif
