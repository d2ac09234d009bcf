/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_authd_job.c: a request's job: every field copied NUL-terminated
 * into the job's one block, a field with a NUL byte refused and not
 * copied (the password never kept then), a 5th field with a NUL left out,
 * and the refusal job's empty fields.
 */
#include <string.h>

#include "../../authd/auth_job.h"
#include "mux_proto.h"
#include "secret.h"
#include "t.h"

static struct mux_request
request(const char *const f[], const size_t len[], int n)
{
	struct mux_request r;
	int i;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < n; i++) {
		r.f[i].p = (const uint8_t *)f[i];
		r.f[i].len = len[i];
	}
	r.nfields = n;
	return r;
}

static void
test_fields(void)
{
	const char *f[] = {"alice", "Alice-Pass-1", "smtp", "example.org", "10.0.0.5;4000"};
	const size_t len[] = {5, 12, 4, 11, 13};
	struct mux_request r = request(f, len, 5);
	struct auth_job *j = auth_job_from_request(-1, 7, &r);

	T_CHECK(j->refused == NULL, "a clean request is not refused");
	T_CHECK(strcmp(j->login, "alice") == 0, "login");
	T_CHECK(j->password->len == 12 && strcmp(j->password->data, "Alice-Pass-1") == 0,
	        "password and its length");
	T_CHECK(strcmp(j->service, "smtp") == 0 && strcmp(j->realm, "example.org") == 0,
	        "service and realm");
	T_CHECK(j->client_addr != NULL && strcmp(j->client_addr, "10.0.0.5;4000") == 0,
	        "client address");
	T_CHECK(j->nfields == 5 && j->start_ms == 7 && j->fd == -1, "count, start, socket");
	auth_job_free(&j);
	T_CHECK(j == NULL, "freed");

	r = request(f, len, 4);
	j = auth_job_from_request(-1, 0, &r);
	T_CHECK(j->nfields == 4 && j->client_addr == NULL, "4 fields: no client address");
	auth_job_free(&j);
}

static void
test_nul(void)
{
	const char *f[] = {"alice", "pa\0ss", "smtp", "", "1.2.3.4\0x"};
	size_t len[] = {5, 5, 4, 0, 9};
	struct mux_request r = request(f, len, 4);
	struct auth_job *j = auth_job_from_request(-1, 0, &r);

	T_CHECK(j->refused != NULL && strstr(j->refused, "password") != NULL,
	        "NUL in the password: refused");
	T_CHECK(j->password->len == 0 && j->password->data[0] == '\0', "... and not kept");
	T_CHECK(strcmp(j->login, "alice") == 0, "... the login still copied, for the log");
	auth_job_free(&j);

	f[0] = "al\0ce";
	f[1] = "Alice-Pass-1";
	len[1] = 12;
	r = request(f, len, 5);
	j = auth_job_from_request(-1, 0, &r);
	T_CHECK(j->refused != NULL && strstr(j->refused, "login") != NULL, "NUL in the login");
	T_CHECK(j->login[0] == '\0' && j->password->len == 0,
	        "... neither login nor password kept");
	T_CHECK(j->client_addr == NULL && j->nfields == 5, "a 5th field with a NUL is left out");
	auth_job_free(&j);

	j = auth_job_refused(-1, 0, "bytes after the 5th field");
	T_CHECK(j->login[0] == '\0' && j->service[0] == '\0' && j->realm[0] == '\0' &&
	                j->password->len == 0 && j->client_addr == NULL,
	        "a refusal job: empty fields");
	auth_job_free(&j);
}

int
main(void)
{
	test_fields();
	test_nul();
	return t_done("authd_job");
}
