/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * http_server.c: the libmicrohttpd adapter. It turns MHD's callbacks into
 * struct http_request, collects a bounded body, hands the request to
 * http_route(), and sends the reply with the security headers every
 * response carries.
 *
 * A fixed pool of pwchange_threads workers, each polling its share of
 * the connections (epoll where libmicrohttpd has it), with a cap on
 * connections in total and per address, an idle time-out and absolute
 * deadlines against slow clients (conn_guard), and a memory cap for request
 * headers. A fixed pool keeps memory flat: one thread per connection left
 * the TLS library's and the allocator's per-thread state behind with every
 * thread. A change waits on the directory (binds, ppolicy delays) and then
 * holds its worker; the directory's time-out bounds that, and the other
 * workers keep accepting and answering (doc/pwchange-deploy.md: sizing).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <microhttpd.h>

#include "app.h"
#include "conn_guard.h"
#include "http.h"
#include "http_server.h"
#include "lang.h"
#include "log.h"
#include "messages.h"
#include "proxy_trust.h"
#include "pw_metrics.h"
#include "pwchange_settings.h"
#include "secret.h"
#include "xalloc.h"

#define CSP                                                                                        \
	"default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; "       \
	"base-uri 'none'"

/*
 * Oversized bodies up to this size are read and discarded so the client
 * sees its 413; beyond it the server answers at once and closes.
 */
#define DRAIN_MAX (4L * 1024 * 1024)

struct http_server {
	struct MHD_Daemon *d;
	const struct pwchange_app *app;
	struct conn_guard *guard;
};

/* Per-request state, from the first callback to the completion callback. */
struct conn_state {
	struct buf body;
	int too_big;
	int draining; /* an oversized body being read and thrown away */
	int answered; /* a reply was queued before the body */
	char ip[INET6_ADDRSTRLEN];
};

static void
client_ip(struct MHD_Connection *c, char *out, size_t outsz)
{
	const union MHD_ConnectionInfo *ci =
	        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, outsz, "-");
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_UNIX)
		snprintf(out, outsz, "unix");
	else if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
		          (socklen_t)outsz);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		          out, (socklen_t)outsz);
}

static const char *
header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* content_length - the Content-Length header as a number; -1 absent, LONG_MAX absurd */
static long
content_length(struct MHD_Connection *c)
{
	const char *v = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	long n;

	if (v == NULL)
		return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < 0)
		return 0x7fffffffL;
	return n;
}

static void
fill_request(struct MHD_Connection *c, struct conn_state *st, const char *url, const char *method,
             struct http_request *req)
{
	memset(req, 0, sizeof(*req));
	req->method = method;
	req->url = url;
	req->ip = st->ip;
	req->host = header(c, MHD_HTTP_HEADER_HOST);
	req->origin = header(c, "Origin");
	req->fetch_site = header(c, "Sec-Fetch-Site");
	req->content_type = header(c, MHD_HTTP_HEADER_CONTENT_TYPE);
	req->cookie = header(c, MHD_HTTP_HEADER_COOKIE);
	req->accept_lang = header(c, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
	req->lang_arg = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
	req->content_length = content_length(c);
	req->body = st->body.data ? st->body.data : "";
	req->body_len = st->body.len;
}

static enum MHD_Result
send_reply(struct MHD_Connection *c, const struct pwchange_app *app, struct http_reply *rep)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	char hsts[64];

	r = MHD_create_response_from_buffer(rep->body.len, rep->body.data ? rep->body.data : "",
	                                    MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	snprintf(hsts, sizeof(hsts), "max-age=%ld", app->ps->hsts_max_age);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        rep->content_type ? rep->content_type
	                                          : "text/plain; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_STRICT_TRANSPORT_SECURITY, hsts);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_SECURITY_POLICY, CSP);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_LANGUAGE, lang_tag(rep->lang));
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Language, Cookie");
	/* One request per connection: its deadline (conn_guard) then covers all of it. */
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	if (rep->set_cookie != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, rep->set_cookie);
	if (rep->set_cookie2 != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, rep->set_cookie2);
	if (rep->allow != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rep->allow);
	if (rep->retry_after > 0) {
		char ra[24];

		snprintf(ra, sizeof(ra), "%ld", rep->retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, ra);
	}
	ret = MHD_queue_response(c, rep->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	const struct http_server *srv = cls;
	const struct pwchange_app *app = srv->app;
	struct conn_state *st = *con_cls;
	struct http_request req;
	struct http_reply rep;
	enum MHD_Result ret;

	(void)version;
	memset(&rep, 0, sizeof(rep));
	if (st == NULL) {
		char peer[INET6_ADDRSTRLEN];

		st = xcalloc(1, sizeof(*st));
		client_ip(c, peer, sizeof(peer));
		/* Behind a trusted proxy, limits and the audit count the forwarded client. */
		(void)proxy_client(app->proxies, peer, header(c, "X-Forwarded-For"), st->ip);
		*con_cls = st;
		fill_request(c, st, url, method, &req);
		if (!http_route_early(app, &req, &rep)) {
			http_reply_release(&rep);
			return MHD_YES; /* collect the body, if any */
		}
		if (rep.status == 413 && req.content_length <= DRAIN_MAX) {
			/*
			 * A client that is still sending when the server closes
			 * gets a TCP reset that destroys the 413 before it is
			 * read. A moderately oversized body is therefore read
			 * and thrown away, never stored, and answered at its end.
			 */
			st->draining = 1;
			http_reply_release(&rep);
			return MHD_YES;
		}
		st->answered = 1;
		log_debug("%s %s %s -> %u (before the body)", st->ip, method, url, rep.status);
		ret = send_reply(c, app, &rep);
		conn_guard_phase(srv->guard, c, CONN_SENDING);
		http_reply_release(&rep);
		return ret;
	}
	if (st->answered) {
		/* MHD may still offer body bytes of a refused request: drop them. */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (st->draining) {
			*upload_data_size = 0;
			return MHD_YES;
		}
		if (st->too_big || st->body.len + *upload_data_size > (size_t)app->ps->max_body) {
			/* Content-Length was checked; a body longer than announced is a lie. */
			st->too_big = 1;
			buf_free(&st->body);
		} else {
			buf_append(&st->body, upload_data, *upload_data_size);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}

	if (!conn_guard_phase(srv->guard, c, CONN_PROCESSING)) {
		/* Cut at its deadline after the request was read: never act on it. */
		log_debug("%s %s %s: connection closed before processing", st->ip, method, url);
		buf_free(&st->body);
		return MHD_NO;
	}
	fill_request(c, st, url, method, &req);
	if (st->too_big) {
		rep.status = 413;
		rep.lang = http_lang(&req);
		rep.content_type = "text/plain; charset=utf-8";
		buf_appends(&rep.body, msg_text(rep.lang, MSG_TOO_LARGE));
		buf_appendc(&rep.body, '\n');
	} else {
		http_route(app, &req, &rep);
	}
	log_debug("%s %s %s -> %u", st->ip, method, url, rep.status);
	ret = send_reply(c, app, &rep);
	conn_guard_phase(srv->guard, c, CONN_SENDING);
	http_reply_release(&rep);
	/* The body may hold passwords: wipe it now rather than at connection end. */
	buf_free(&st->body);
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
	struct conn_state *st = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (st == NULL)
		return;
	buf_free(&st->body);
	xfree(con_cls);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	size_t n;

	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	/* TLS handshake failures (plain HTTP, scanners) are the client's problem. */
	if (strcasestr(line, "TLS") != NULL || strcasestr(line, "handshake") != NULL)
		pw_metrics_tls_error();
	log_debug("microhttpd: %s", line);
}
#pragma GCC diagnostic pop

enum pst_result
http_server_start(const struct pwchange_app *app, int fd, const char *cert_pem,
                  const struct secret *key_pem, struct http_server **srv_r, char **err_r)
{
	struct http_server *srv = xcalloc(1, sizeof(*srv));
	const struct pwchange_settings *ps = app->ps;
	unsigned flags = (ps->tls ? MHD_USE_TLS : 0) | MHD_USE_INTERNAL_POLLING_THREAD |
	                 MHD_USE_ERROR_LOG | MHD_USE_ITC;

	/* epoll scales with idle connections; poll where the library lacks it. */
	flags |= MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL
	                                                                : MHD_USE_POLL;

	srv->app = app;
	/* Behind a reverse proxy every connection is the proxy's: it limits per client. */
	srv->guard = conn_guard_new(ps->req_deadline, ps->max_connections, ps->spare_conns,
	                            ps->tls ? ps->per_net : 0);
	{
		struct MHD_OptionItem tls_opts[] = {
		        {MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)cert_pem},
		        {MHD_OPTION_HTTPS_MEM_KEY, 0, key_pem != NULL ? key_pem->data : NULL},
		        {MHD_OPTION_HTTPS_PRIORITIES, 0, ps->tls_priorities},
		        {MHD_OPTION_PER_IP_CONNECTION_LIMIT, ps->max_per_ip, NULL},
		        {MHD_OPTION_END, 0, NULL}};
		/* One thread: the polling thread serves the connections itself. */
		struct MHD_OptionItem pool[] = {{MHD_OPTION_THREAD_POOL_SIZE, ps->threads, NULL},
		                                {MHD_OPTION_END, 0, NULL}};
		struct MHD_OptionItem none[] = {{MHD_OPTION_END, 0, NULL}};

		srv->d = MHD_start_daemon(
		        flags, 0, conn_guard_accept, srv->guard, on_request, srv,
		        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, srv, MHD_OPTION_LISTEN_SOCKET, fd,
		        MHD_OPTION_ARRAY, ps->tls ? tls_opts : none, MHD_OPTION_ARRAY,
		        ps->threads > 1 ? pool : none, MHD_OPTION_CONNECTION_LIMIT,
		        (unsigned)ps->max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
		        (unsigned)ps->conn_timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		        (size_t)ps->conn_memory, MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		        MHD_OPTION_NOTIFY_CONNECTION, conn_guard_notify, srv->guard,
		        MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_END);
	}
	if (srv->d == NULL) {
		*err_r = xstrdup("cannot start the HTTPS server (bad certificate or key, or TLS "
		                 "priorities?)");
		conn_guard_free(&srv->guard);
		xfree(&srv);
		return PST_PERMFAIL;
	}
	*srv_r = srv;
	return PST_OK;
}

void
http_server_stop(struct http_server **srvp, long wait_s)
{
	struct http_server *srv = *srvp;

	if (srv == NULL)
		return;
	/*
	 * Quiesced, the daemon neither accepts nor shuts down or closes the
	 * listening socket, which the caller owns (and a successor may share).
	 */
	(void)MHD_quiesce_daemon(srv->d);
	for (long i = 0; i < wait_s * 10; i++) {
		const union MHD_DaemonInfo *di =
		        MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);

		if (di == NULL || di->num_connections == 0)
			break;
		usleep(100 * 1000);
	}
	MHD_stop_daemon(srv->d);
	conn_guard_free(&srv->guard);
	xfree(srvp);
}
