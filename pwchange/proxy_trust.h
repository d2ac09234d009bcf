/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * proxy_trust.h: which reverse proxies are believed, and the client
 * address their X-Forwarded-For header names.
 *
 * Behind a proxy every connection comes from the proxy, so per-address
 * rate limits and the audit would see one address for all users. The
 * header is believed only from a configured list of proxies: anyone else
 * could write any address into it and escape the limits.
 */
#ifndef POSTINO_PWCHANGE_PROXY_TRUST_H
#define POSTINO_PWCHANGE_PROXY_TRUST_H

#include <stddef.h>

#include "result.h"

struct proxy_list;

/* Longest X-Forwarded-For value looked at; longer ones are ignored whole. */
#define PROXY_XFF_MAX 2048
/* Room for a printable address (INET6_ADDRSTRLEN). */
#define PROXY_ADDR_MAX 46

/*
 * proxy_list_parse - spec is a list of addresses separated by blanks or
 * commas, each IPv4 or IPv6 with an optional /prefix, or the word "unix"
 * (connections on the UNIX socket). NULL or empty: an empty list.
 * PST_PERMFAIL with *err_r on a bad entry.
 */
enum pst_result proxy_list_parse(const char *spec, struct proxy_list **list_r, char **err_r);
void proxy_list_free(struct proxy_list **listp);
/* proxy_list_trusts - 1 if the printable address ip (or "unix") is on the list */
int proxy_list_trusts(const struct proxy_list *list, const char *ip);

/*
 * proxy_client - the client address for a connection from peer (printable,
 * or "unix"): when peer is trusted and xff (X-Forwarded-For, may be NULL)
 * is well formed, the rightmost address in it that is not itself a trusted
 * proxy; otherwise peer. Written to out (PROXY_ADDR_MAX bytes). Returns 1
 * when the address came from the header.
 */
int proxy_client(const struct proxy_list *list, const char *peer, const char *xff,
                 char out[PROXY_ADDR_MAX]);

#endif
