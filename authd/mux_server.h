/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mux_server.h: the I/O thread of the saslauthd socket. It accepts
 * clients, reads their requests without blocking (epoll), enforces the
 * read deadline and the 4-or-5-field wait, answers credential-cache hits itself and
 * hands the other complete requests to the workers. Slow or silent clients cost a buffer, never a
 * thread.
 */
#ifndef AUTHD_MUX_SERVER_H
#define AUTHD_MUX_SERVER_H

struct authd_runtime;
struct mux_server;

/*
 * mux_server_start - serve listen_fd (non-blocking, listening) in a new
 * thread; requests the cache cannot answer go to rt->queue.
 */
struct mux_server *mux_server_start(int listen_fd, struct authd_runtime *rt);
/* mux_server_stop - stop the thread and drop the connections still being read */
void mux_server_stop(struct mux_server **sp);
/* mux_server_connections - client connections open now (read, queued or in work) */
int mux_server_connections(void);

#endif
