/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ctl_client.h: talking to postino-authd's control socket.
 *
 * The control protocol is line based: the client sends one command line
 * ("stats", "flush", "flush <user>", "reload") and reads the reply until the
 * server closes the connection. The last reply line is "OK" or
 * "ERR <reason>"; lines before it are the payload (stats as key=value).
 * postino-pwchange flushes a user after a password change; postinoctl uses
 * every command.
 */
#ifndef POSTINO_CTL_CLIENT_H
#define POSTINO_CTL_CLIENT_H

#include "result.h"

/*
 * ctl_request - send cmd and collect the reply (payload without the final
 * status line, xmalloc'd, may be empty). PST_OK on "OK"; PST_PERMFAIL on
 * "ERR"; PST_TEMPFAIL when the socket cannot be reached or does not answer
 * within timeout_ms. *reply_r gets the reason in the ERR/TEMPFAIL cases.
 */
enum pst_result ctl_request(const char *path, const char *cmd, int timeout_ms, char **reply_r);

#endif
