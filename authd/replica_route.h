/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * replica_route.h: read your writes on a replicated directory.
 *
 * authd reads at ldap_servers (its nearest consumers) and follows the
 * change stream of ldap_write_servers (the providers). Each change the
 * stream reports is remembered with its entryCSN ("marked"). A login of a
 * marked account first asks its consumer for the suffix's contextCSN: if
 * the consumer has the change (its contextCSN for the change's serverID is
 * at least the entry's CSN), the mark goes and the consumer answers;
 * otherwise this one login is checked at a provider. So a lagging
 * consumer, or one that lost its provider, still answers every account it
 * holds correctly, and only the changed ones go to the providers.
 *
 * Changes the stream reports during a refresh (after a reconnect) are
 * remembered as one mark for every account, per serverID: until the
 * consumer has caught up with them, every login goes to a provider.
 *
 * Inactive (every call a no-op) unless ldap_write_servers is set and
 * differs from ldap_servers, so one-directory installs are unchanged.
 * See doc/scaling-out.md.
 */
#ifndef AUTHD_REPLICA_ROUTE_H
#define AUTHD_REPLICA_ROUTE_H

struct auth_ctx;
struct buf;

/*
 * replica_route_mark - the change stream saw a change at csn (an entryCSN,
 * or NULL when it has none, a delete: then "now" on any server) to the
 * account named uid, or to any account when uid is NULL.
 */
void replica_route_mark(const char *uid, const char *csn);

/*
 * replica_route_pick - before a login touches the directory: leave
 * a->slot (the consumer) or switch it to this thread's provider slot.
 */
void replica_route_pick(struct auth_ctx *a);

/*
 * replica_route_marked - 1 when a login of a->login would be checked by
 * replica_route_pick (a mark for it, or for every account): the bind pool,
 * which binds at the consumers, must then leave it to the workers.
 */
int replica_route_marked(const struct auth_ctx *a);

/* replica_route_format - "replica_marks=" and "replica_routed=" lines for "stats" */
void replica_route_format(struct buf *out);

/* replica_route_shutdown - drop the marks and the provider list (at exit) */
void replica_route_shutdown(void);

#endif
