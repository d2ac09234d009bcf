/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * metrics_http.h: a minimal HTTP endpoint that serves one Prometheus text
 * exposition (version 0.0.4) for scrapers, on a loopback TCP port or a
 * UNIX socket. One thread answers one short request at a time: a scraper
 * polls every few seconds, and each connection has a 2 s deadline, so a
 * client that stalls costs at most that and never blocks the daemon.
 */
#ifndef POSTINO_METRICS_HTTP_H
#define POSTINO_METRICS_HTTP_H

#include <stddef.h>

#include "result.h"

struct buf;
struct metrics_http;

/* metrics_render_fn - append the whole exposition to out */
typedef void metrics_render_fn(struct buf *out, void *arg);

/*
 * metrics_http_listen - bind spec: "/path" (a UNIX socket, mode 0660, an
 * old socket file replaced) or "ADDR:PORT" / "[ADDR]:PORT" with a loopback
 * address (127.0.0.0/8 or ::1; anything else is refused: the counters are
 * for the local scraper or a proxy). The fd in *fd_r.
 */
enum pst_result metrics_http_listen(const char *spec, int *fd_r, char **err_r);

/*
 * metrics_http_request_ok - 1 if req (n bytes, all that arrived) is a
 * complete "GET <path> HTTP/1.x" request head ending in a blank line; -1
 * if it is complete but not that; 0 if more bytes are needed.
 */
int metrics_http_request_ok(const char *req, size_t n);

/* metrics_http_start - serve fd (taken over) with fn(out, arg) per request */
struct metrics_http *metrics_http_start(int fd, metrics_render_fn *fn, void *arg);
/* metrics_http_stop - stop the thread, close the socket, remove a UNIX socket file */
void metrics_http_stop(struct metrics_http **mp);

#endif
