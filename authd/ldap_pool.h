/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldap_pool.h: the persistent LDAP connections of one worker thread.
 *
 * Each worker owns a slot of two connections, so no locking is needed and
 * libldap handles are never shared between threads: a search connection,
 * bound once as the service account and kept that way, and a bind
 * connection on which users' passwords are checked. Keeping them apart
 * means a user bind never has to be undone before the next search, and a
 * failed user bind (wrong password) leaves both connections usable: nothing
 * is reconnected for it.
 *
 * ldap_slot_run() runs one operation, opening or re-opening the connection
 * as needed (failover, failback, a reload that changed the settings), and
 * on a directory failure retries once on a fresh connection.
 */
#ifndef AUTHD_LDAP_POOL_H
#define AUTHD_LDAP_POOL_H

#include <ldap.h>

#include "result.h"

struct authd_conf;
struct ldap_servers;

enum ldap_kind { LDAP_KIND_SEARCH = 0, LDAP_KIND_BIND };

struct ldap_link {
	LDAP *ld;
	int server;     /* index in the server list */
	unsigned epoch; /* of the server list */
	unsigned gen;   /* configuration generation it was opened with */
	int fresh;      /* opened, no operation answered yet */
};

struct ldap_slot {
	struct ldap_link link[2]; /* by enum ldap_kind */
	struct ldap_servers *servers;
};

/*
 * An operation: returns the three-way result and the LDAP code. TEMPFAIL
 * means the directory could not answer; the slot then retries once.
 * err_r (optional) may be set to an xmalloc'd explanation.
 */
typedef enum pst_result (*ldap_op_fn)(LDAP *ld, const struct authd_conf *conf, void *arg,
                                      int *ldap_rc, char **err_r);

void ldap_slot_init(struct ldap_slot *s, struct ldap_servers *servers);
/* ldap_slot_close - close both connections */
void ldap_slot_close(struct ldap_slot *s);

/*
 * ldap_slot_run - run op on the connection of the given kind. *ldap_rc_r
 * gets the last LDAP code; *err_r (xmalloc'd) the explanation of a
 * TEMPFAIL.
 */
enum pst_result ldap_slot_run(struct ldap_slot *s, const struct authd_conf *conf,
                              enum ldap_kind kind, ldap_op_fn op, void *arg, int *ldap_rc_r,
                              char **err_r);

#endif
