/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ctl_server.h: the control socket (control_socket): "stats", "flush",
 * "flush <user>", "reload". pwchange flushes a user after a password
 * change; postinoctl uses every command. The socket is 0600 (or
 * authd_control_mode) because flush and reload are administrative.
 */
#ifndef AUTHD_CTL_SERVER_H
#define AUTHD_CTL_SERVER_H

#include "result.h"

struct authd_runtime;
struct buf;
struct ctl_server;

typedef enum pst_result (*ctl_reload_fn)(char **err_r);

/* ctl_server_start - serve listen_fd in a new thread */
struct ctl_server *ctl_server_start(int listen_fd, struct authd_runtime *rt, ctl_reload_fn reload);
void ctl_server_stop(struct ctl_server **sp);

/*
 * ctl_execute - run one command line and append the reply (payload lines,
 * then "OK" or "ERR <reason>") to out. Used by the server and the tests.
 */
void ctl_execute(struct authd_runtime *rt, ctl_reload_fn reload, const char *line, size_t len,
                 struct buf *out);

#endif
