/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * daemon.h: the process chores of postino's daemons (authd, socketmap): listening
 * sockets with a chosen mode and group, detaching with start-up errors
 * reported to the caller, the pid file, and dropping root.
 */
#ifndef POSTINO_DAEMON_H
#define POSTINO_DAEMON_H

#include "result.h"

/*
 * daemon_listen_unix - a non-blocking listening socket at path, mode `mode`,
 * group `group` (NULL or empty: the group of the socket's directory). The
 * directory is created (0755, as saslauthd does) if missing. A socket
 * that a live daemon still answers on is left alone: that is an error. -1
 * with *err_r on failure.
 */
int daemon_listen_unix(const char *path, long mode, const char *group, char **err_r);

/*
 * daemon_make_dir - when running as root and sock_path's directory is
 * missing, create it owned by user, so that the daemon can still remove
 * its sockets and pid file there after dropping root: mode 0710 with
 * group `group` when one is set (the clients' group, as Debian's
 * /run/saslauthd is 0710 with group sasl), else 0755 with the user's
 * group. An existing directory is left as it is (tmpfiles.d makes it).
 */
enum pst_result daemon_make_dir(const char *sock_path, const char *user, const char *group,
                                char **err_r);

/*
 * daemon_detach - fork; the parent waits until the child calls
 * daemon_ready() and exits 0, or exits 1 if the child dies first. The child
 * leaves the terminal (setsid, stdio to /dev/null) and returns.
 */
void daemon_detach(void);
/* daemon_ready - tell a waiting parent that start-up succeeded (no-op if not detached) */
void daemon_ready(void);

/* daemon_write_pidfile - write our pid to path (0644) */
enum pst_result daemon_write_pidfile(const char *path, char **err_r);

/*
 * daemon_drop_privileges - when running as root and user is non-empty,
 * become user (its groups, then gid, then uid) for good. PST_OK without
 * doing anything when not root.
 */
enum pst_result daemon_drop_privileges(const char *user, char **err_r);

#endif
