/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_job.c: building and freeing request jobs.
 */
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth_job.h"
#include "secret.h"
#include "xalloc.h"

static void (*close_hook)(void);

void
auth_job_set_close_hook(void (*hook)(void))
{
	close_hook = hook;
}

void
auth_job_close(struct auth_job *j)
{
	if (j->fd < 0)
		return;
	close(j->fd);
	j->fd = -1;
	if (close_hook != NULL)
		close_hook();
}

static const char *const nul_reason[MUX_FIELDS_MAX] = {
        "NUL byte in login", "NUL byte in password",       "NUL byte in service",
        "NUL byte in realm", "NUL byte in client address",
};

struct auth_job *
auth_job_from_request(int fd, int64_t start_ms, const struct mux_request *req)
{
	struct auth_job *j = xcalloc(1, sizeof(*j));
	int i;

	j->fd = fd;
	j->start_ms = start_ms;
	j->nfields = req->nfields >= 5 ? 5 : 4;
	for (i = 0; i < j->nfields; i++) {
		if (mux_has_nul(&req->f[i])) {
			j->refused = nul_reason[i];
			break;
		}
	}
	/* Login, service and realm are still logged when the password is refused. */
	j->login = j->refused == NULL || !mux_has_nul(&req->f[MUX_LOGIN])
	                   ? xmemdup0(req->f[MUX_LOGIN].p, req->f[MUX_LOGIN].len)
	                   : xstrdup("");
	j->service = !mux_has_nul(&req->f[MUX_SERVICE])
	                     ? xmemdup0(req->f[MUX_SERVICE].p, req->f[MUX_SERVICE].len)
	                     : xstrdup("");
	j->realm = !mux_has_nul(&req->f[MUX_REALM])
	                   ? xmemdup0(req->f[MUX_REALM].p, req->f[MUX_REALM].len)
	                   : xstrdup("");
	if (j->nfields == 5 && !mux_has_nul(&req->f[MUX_CLIENT_ADDR]))
		j->client_addr = xmemdup0(req->f[MUX_CLIENT_ADDR].p, req->f[MUX_CLIENT_ADDR].len);
	j->password = j->refused == NULL
	                      ? secret_new(req->f[MUX_PASSWORD].p, req->f[MUX_PASSWORD].len)
	                      : secret_new("", 0);
	return j;
}

void
auth_job_late_field5(struct auth_job *j)
{
	uint8_t b[2 + MUX_FIELD_MAX];
	ssize_t n;
	size_t count;

	/*
	 * On the I/O thread the request was just read whole: a 5th field
	 * would have come with it, and a peek would only cost a system call.
	 */
	if (j->fd < 0 || j->client_addr != NULL || j->refused != NULL || j->io_thread)
		return;
	n = recv(j->fd, b, sizeof(b), MSG_DONTWAIT | MSG_PEEK);
	if (n < 2)
		return;
	count = ((size_t)b[0] << 8) | b[1];
	if (count > MUX_FIELD_MAX || (size_t)n < 2 + count || memchr(b + 2, '\0', count) != NULL)
		return;
	j->client_addr = xmemdup0(b + 2, count);
	j->nfields = 5;
}

struct auth_job *
auth_job_refused(int fd, int64_t start_ms, const char *why)
{
	struct auth_job *j = xcalloc(1, sizeof(*j));

	j->fd = fd;
	j->start_ms = start_ms;
	j->nfields = 4;
	j->login = xstrdup("");
	j->service = xstrdup("");
	j->realm = xstrdup("");
	j->password = secret_new("", 0);
	j->refused = why;
	return j;
}

void
auth_job_free(struct auth_job **jp)
{
	struct auth_job *j = *jp;

	*jp = NULL;
	if (j == NULL)
		return;
	auth_job_close(j);
	secret_free(&j->password);
	secret_wipe(&j->ck, sizeof(j->ck));
	xfree(&j->login);
	xfree(&j->service);
	xfree(&j->realm);
	xfree(&j->client_addr);
	xfree(&j);
}
