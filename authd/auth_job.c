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

/* A field copied into a job: the bytes, or "" for a field not copied. */
struct job_field {
	const void *p;
	size_t len;
};

/*
 * job_new - the job, its password and its field copies in one allocation
 * (the fields in request order: login, password, service, realm, and the
 * client address if any): one malloc per request instead of seven.
 */
static struct auth_job *
job_new(int fd, int64_t start_ms, const struct job_field *f, int nfields)
{
	size_t text = 0;
	struct auth_job *j;
	struct secret *pw;
	char *t;
	int i;

	for (i = 0; i < nfields; i++)
		text += f[i].len + 1;
	j = xcalloc(1, sizeof(*j) + sizeof(*pw) + text);
	pw = (struct secret *)(void *)(j + 1);
	t = (char *)(pw + 1);
	j->fd = fd;
	j->start_ms = start_ms;
	j->nfields = nfields == 5 ? 5 : 4;
	j->password = pw;
	j->text_len = text;
	for (i = 0; i < nfields; i++) {
		char **to[MUX_FIELDS_MAX] = {&j->login, &pw->data, &j->service, &j->realm,
		                             &j->client_addr};

		if (f[i].len > 0)
			memcpy(t, f[i].p, f[i].len);
		t[f[i].len] = '\0';
		*to[i] = t;
		t += f[i].len + 1;
	}
	pw->len = f[MUX_PASSWORD].len;
	return j;
}

struct auth_job *
auth_job_from_request(int fd, int64_t start_ms, const struct mux_request *req)
{
	struct job_field f[MUX_FIELDS_MAX] = {{"", 0}, {"", 0}, {"", 0}, {"", 0}, {"", 0}};
	const char *refused = NULL;
	int i, n = req->nfields >= 5 ? 5 : 4;
	struct auth_job *j;

	for (i = 0; i < n; i++) {
		f[i].p = req->f[i].p;
		f[i].len = req->f[i].len;
		if (refused == NULL && mux_has_nul(&req->f[i]))
			refused = nul_reason[i];
	}
	/*
	 * A refused request keeps no password; a field with a NUL byte is not
	 * copied. Login, service and realm are still logged when only the
	 * password is refused.
	 */
	for (i = 0; i < n; i++)
		if ((i == MUX_PASSWORD && refused != NULL) || mux_has_nul(&req->f[i]))
			f[i].len = 0;
	/* A 5th field with a NUL byte is left out, as if it had not come. */
	if (n == 5 && mux_has_nul(&req->f[MUX_CLIENT_ADDR]))
		n = 4;
	j = job_new(fd, start_ms, f, n);
	j->nfields = req->nfields >= 5 ? 5 : 4;
	j->refused = refused;
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
	j->late_addr = 1;
	j->nfields = 5;
}

struct auth_job *
auth_job_refused(int fd, int64_t start_ms, const char *why)
{
	struct job_field none[4] = {{"", 0}, {"", 0}, {"", 0}, {"", 0}};
	struct auth_job *j = job_new(fd, start_ms, none, 4);

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
	/* The password and the fields live right after the job. */
	secret_wipe(j->password, sizeof(*j->password) + j->text_len);
	secret_wipe(&j->ck, sizeof(j->ck));
	if (j->late_addr)
		xfree(&j->client_addr);
	xfree(&j);
}
