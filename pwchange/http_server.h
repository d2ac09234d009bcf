/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * http_server.h: the HTTPS server (libmicrohttpd with its GnuTLS backend).
 *
 * There is no plain-HTTP listener at all: the one socket speaks TLS, and a
 * client that talks HTTP to it fails the handshake and is disconnected.
 */
#ifndef POSTINO_PWCHANGE_HTTP_SERVER_H
#define POSTINO_PWCHANGE_HTTP_SERVER_H

#include "result.h"

struct pwchange_app;
struct http_server;
struct secret;

/*
 * http_server_start - serve on the already bound and listening socket fd
 * (bound before privileges were dropped), with the PEM certificate chain
 * and key held in memory. *err_r on failure.
 */
enum pst_result http_server_start(const struct pwchange_app *app, int fd, const char *cert_pem,
                                  const struct secret *key_pem, struct http_server **srv_r,
                                  char **err_r);
/*
 * http_server_stop - stop accepting, let open connections finish for up to
 * wait_s seconds, then close them and stop. The listening socket stays
 * open: it is the caller's.
 */
void http_server_stop(struct http_server **srvp, long wait_s);

#endif
