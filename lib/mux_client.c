/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mux_client.c: one saslauthd-protocol exchange, as libsasl2 makes it,
 * but with a deadline on every step (libsasl2 has none).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mux_client.h"
#include "mux_proto.h"
#include "secret.h"
#include "sockio.h"
#include "xalloc.h"

/* A reply's count is 16 bits; read at most that much. */
#define MUX_CLIENT_REPLY_BUF (2 + 0xffff)

/* mux_client_send - connect and send the request; the fd or -1 with *why_r */
static int
mux_client_send(const char *path, const struct mux_span *f, int nf, long long deadline,
                char **why_r)
{
	size_t cap = 0, n;
	uint8_t *req;
	int i, fd;

	for (i = 0; i < nf; i++)
		cap += 2 + f[i].len;
	req = xmalloc(cap);
	n = mux_encode_request(f, nf, req, cap);
	if (n == 0) {
		/* Fields before the over-long one, the password among them, were copied. */
		secret_wipe(req, cap);
		free(req);
		*why_r = xstrdup("request field longer than 65535 bytes");
		return -1;
	}
	fd = sockio_connect_unix(path, deadline, why_r);
	if (fd >= 0 && sockio_write_all(fd, req, n, deadline) < 0) {
		*why_r = xasprintf("send to %s: %s", path, strerror(errno));
		close(fd);
		fd = -1;
	}
	/* The request holds the password. */
	secret_wipe(req, cap);
	free(req);
	return fd;
}

enum pst_result
mux_client_auth(const char *path, const char *login, const struct secret *pw, const char *service,
                const char *realm, const char *client_addr, int timeout_ms, char **reply_r)
{
	long long deadline = sockio_now_ms() + (timeout_ms > 0 ? timeout_ms : 5000);
	struct mux_span f[MUX_FIELDS_MAX];
	uint8_t *buf;
	const uint8_t *msg = NULL;
	size_t len = 0, msglen = 0;
	char *why = NULL;
	int nf = client_addr != NULL ? 5 : 4, fd, got = 0;
	enum pst_result r;

	f[MUX_LOGIN].p = (const uint8_t *)login;
	f[MUX_LOGIN].len = strlen(login);
	f[MUX_PASSWORD].p = (const uint8_t *)pw->data;
	f[MUX_PASSWORD].len = pw->len;
	f[MUX_SERVICE].p = (const uint8_t *)(service ? service : "");
	f[MUX_SERVICE].len = strlen(service ? service : "");
	f[MUX_REALM].p = (const uint8_t *)(realm ? realm : "");
	f[MUX_REALM].len = strlen(realm ? realm : "");
	f[MUX_CLIENT_ADDR].p = (const uint8_t *)(client_addr ? client_addr : "");
	f[MUX_CLIENT_ADDR].len = strlen(client_addr ? client_addr : "");
	fd = mux_client_send(path, f, nf, deadline, &why);
	if (fd < 0) {
		if (reply_r != NULL)
			*reply_r = why;
		else
			free(why);
		return PST_TEMPFAIL;
	}
	buf = xmalloc(MUX_CLIENT_REPLY_BUF);
	while (got == 0 && len < MUX_CLIENT_REPLY_BUF) {
		ssize_t n = sockio_read(fd, buf + len, MUX_CLIENT_REPLY_BUF - len, deadline);

		if (n <= 0) {
			why = xasprintf("%s: %s", path,
			                n == 0 ? "closed without a reply"
			                       : (errno == ETIMEDOUT ? "no reply in time"
			                                             : strerror(errno)));
			break;
		}
		len += (size_t)n;
		got = mux_parse_reply(buf, len, &msg, &msglen);
		if (got < 0)
			why = xasprintf("%s: malformed reply", path);
	}
	close(fd);
	if (got == 1) {
		/* libsasl2's test: any reply that starts with "OK" is a success. */
		r = msglen >= 2 && memcmp(msg, "OK", 2) == 0 ? PST_OK : PST_PERMFAIL;
		if (reply_r != NULL)
			*reply_r = xmemdup0(msg, msglen);
	} else {
		r = PST_TEMPFAIL;
		if (why == NULL)
			why = xasprintf("%s: reply too long", path);
		if (reply_r != NULL)
			*reply_r = why;
		why = NULL;
	}
	free(why);
	free(buf);
	return r;
}
