/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mux_client.h: a saslauthd-protocol client, as libsasl2 does it: connect,
 * one request, one reply, close. For postinoctl's "auth test", the
 * integration tests and the benchmark.
 */
#ifndef POSTINO_MUX_CLIENT_H
#define POSTINO_MUX_CLIENT_H

#include <stddef.h>

#include "result.h"

struct secret;

/*
 * mux_client_auth - ask the daemon at path. PST_OK for an "OK" reply,
 * PST_PERMFAIL for "NO...", PST_TEMPFAIL when the socket fails, closes
 * without a reply, or times out. client_addr NULL sends 4 fields, else 5.
 * *reply_r (optional) gets the reply text (xmalloc'd).
 */
enum pst_result mux_client_auth(const char *path, const char *login, const struct secret *pw,
                                const char *service, const char *realm, const char *client_addr,
                                int timeout_ms, char **reply_r);

#endif
