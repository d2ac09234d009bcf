/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_job.h: one parsed saslauthd request on its way through authd, from
 * the I/O thread through the workers (and perhaps the delay queue) to the
 * reply. The job owns the client socket and the password.
 */
#ifndef AUTHD_AUTH_JOB_H
#define AUTHD_AUTH_JOB_H

#include <stdint.h>

#include "auth_cache.h"
#include "auth_penalty.h"
#include "mux_proto.h"

struct secret;

struct auth_job {
	int fd;           /* the client connection; -1 once answered */
	int64_t start_ms; /* when the connection was accepted */
	int nfields;      /* 4 or 5 */
	char *login;      /* fields as received, NUL-terminated copies (in the job's block) */
	struct secret *password;
	char *service;
	char *realm;
	char *client_addr;        /* NULL for a 4-field request */
	const char *refused;      /* set when the request is refused before any check */
	int penalty_held;         /* served a delay; holds a pending slot */
	int io_thread;            /* being answered on the I/O thread: never block */
	int screened;             /* the I/O thread screened it and missed the cache */
	struct auth_cache_key ck; /* the cache key the I/O thread worked out */
	struct penalty_key pkey;
	int64_t due_ms;        /* delay queue: when to run */
	struct auth_job *next; /* queue link */
	size_t text_len;       /* bytes of field copies after the job and its password */
	int late_addr;         /* client_addr is a late 5th field, allocated apart */
};

/*
 * auth_job_from_request - copy the parsed fields out of the connection's
 * buffer. A field with a NUL byte is not copied; the job is marked refused
 * instead, because truncating at the NUL (as saslauthd does) would check a
 * different string than the client sent.
 */
struct auth_job *auth_job_from_request(int fd, int64_t start_ms, const struct mux_request *req);
/*
 * auth_job_late_field5 - pick up a 5th field (client_addr) that arrived
 * after the request was dispatched as a 4-field one, for the log. Never
 * blocks; a malformed or incomplete field is ignored.
 */
void auth_job_late_field5(struct auth_job *j);
/* auth_job_refused - a job for a request refused outright (no fields) */
struct auth_job *auth_job_refused(int fd, int64_t start_ms, const char *why);
/*
 * auth_job_close - close the client socket (once) and call the close hook,
 * which tells the I/O thread that a connection slot is free again.
 */
void auth_job_close(struct auth_job *j);
void auth_job_set_close_hook(void (*hook)(void));
/* auth_job_free - wipe the password, close the socket if still open, free */
void auth_job_free(struct auth_job **jp);

#endif
