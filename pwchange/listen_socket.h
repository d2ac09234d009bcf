/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * listen_socket.h: the server socket, bound while still root (for a port
 * below 1024) and handed to libmicrohttpd after privileges are dropped.
 */
#ifndef POSTINO_PWCHANGE_LISTEN_SOCKET_H
#define POSTINO_PWCHANGE_LISTEN_SOCKET_H

#include "result.h"

/* listen_socket_open - a listening TCP socket on addr (IPv4 or IPv6 literal):port */
enum pst_result listen_socket_open(const char *addr, long port, int *fd_r, char **err_r);

/* listen_is_unix - 1 for "unix:/path" */
int listen_is_unix(const char *addr);
/* listen_is_loopback - 1 for an IPv4 127/8 or IPv6 ::1 literal */
int listen_is_loopback(const char *addr);
/*
 * listen_unix_open - a listening UNIX socket at "unix:/path" with the
 * given mode, owned by owner when started as root (listen_unix.c)
 */
enum pst_result listen_unix_open(const char *addr, long mode, const char *owner, int *fd_r,
                                 char **err_r);

/*
 * privdrop_to - when running as root, switch for good to user's uid, gid
 * and supplementary groups; PST_PERMFAIL if that user does not exist or
 * the switch cannot be verified. A no-op for a non-root process.
 */
enum pst_result privdrop_to(const char *user, char **err_r);

#endif
