/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldap_servers.h: which directory server to use, with failover and
 * failback.
 *
 * Servers are tried in ldap_servers order. A server that fails (cannot be
 * reached, or hangs past ldap_timeout) is skipped until
 * ldap_failback_interval has passed while another server works, or for
 * LDAP_SERVERS_RETRY_MS when none does; then exactly one request probes it
 * while the others keep going elsewhere or fail fast. Once an earlier server answers
 * again, connections to later ones move back to it. Invalid credentials
 * are an answer, not a failure: they never cause failover.
 */
#ifndef AUTHD_LDAP_SERVERS_H
#define AUTHD_LDAP_SERVERS_H

#include <stdint.h>

struct buf;
struct ldap_servers;

/*
 * Retry delay for failed servers when no server works at all. Every request
 * in the meantime fails fast, so this is how long a directory that answers
 * again can go unnoticed after a probe just timed out: short, since a
 * probe costs one connection attempt and holds one worker at most.
 */
#define LDAP_SERVERS_RETRY_MS 250

struct ldap_servers *ldap_servers_new(void);
void ldap_servers_free(struct ldap_servers **sp);

/*
 * ldap_servers_set - install the URI list (at start and on reload). When it
 * differs from the current one, health and counters start afresh and the
 * epoch changes, so existing connections are re-made.
 */
void ldap_servers_set(struct ldap_servers *s, char *const *uris, int n, long failback_s);

/*
 * ldap_servers_pick - the server a new connection should use: its index,
 * its URI (xmalloc'd) and the epoch; -1 when none may be tried now. A
 * failed server returned here is claimed for probing: the caller must call
 * ldap_servers_report() for it.
 */
int ldap_servers_pick(struct ldap_servers *s, int64_t now_ms, char **uri_r, unsigned *epoch_r);

/* ldap_servers_report - an operation on idx got an answer (ok) or found it dead */
void ldap_servers_report(struct ldap_servers *s, unsigned epoch, int idx, int ok, int64_t now_ms);

/*
 * ldap_servers_keep - 1 while a connection to idx (made in epoch) should be
 * kept; 0 when idx has failed, the list changed, or an earlier server is up
 * or due for a probe (failback).
 */
int ldap_servers_keep(struct ldap_servers *s, unsigned epoch, int idx, int64_t now_ms);

/* ldap_servers_count - count one operation (and whether it failed) on idx */
void ldap_servers_count(struct ldap_servers *s, unsigned epoch, int idx, int error);

/* ldap_servers_format - "ldap_server_N_{uri,state,ops,errors}=..." lines */
void ldap_servers_format(struct ldap_servers *s, struct buf *out);

#endif
