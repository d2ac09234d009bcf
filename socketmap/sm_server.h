/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sm_server.h: the accept loop: one detached thread per client connection,
 * at most socketmap_max_connections at once.
 *
 * A thread per connection fits the clients: each sendmail or Postfix
 * process keeps one connection open, and each thread keeps one directory
 * connection, so a slow directory search holds up only its own client.
 */
#ifndef SM_SERVER_H
#define SM_SERVER_H

#include <signal.h>

struct sm_ctx;

/*
 * sm_server_run - accept on listen_fd until *stop is set (a signal handler
 * sets it and writes a byte to wake_fd). Connections over the limit are
 * closed at once; the client sees a temporary map failure.
 */
void sm_server_run(const struct sm_ctx *c, int listen_fd, int wake_fd, volatile sig_atomic_t *stop);

#endif
