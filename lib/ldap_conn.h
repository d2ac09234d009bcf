/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldap_conn.h: opening LDAP connections with time-outs, TLS and a bind, and
 * the one place where libldap result codes become OK/PERMFAIL/TEMPFAIL.
 *
 * Callers that keep connections (authd's pool) handle failover themselves
 * with ldap_uri_list() and ldap_conn_open() on one URI at a time, so a dead
 * primary costs one connect time-out, not one per request.
 */
#ifndef POSTINO_LDAP_CONN_H
#define POSTINO_LDAP_CONN_H

#include <ldap.h>

#include "result.h"

struct ldap_settings;
struct secret;

/*
 * pst_ldap_result - map a libldap result code to three-way. This is the
 * only such mapping in postino: LDAP_SUCCESS (and COMPARE_TRUE) -> OK;
 * server down, connect error, time-outs, busy, unavailable, unwilling,
 * other, loop, admin limit, no memory, local error -> TEMPFAIL; invalid
 * credentials, no such object, insufficient access, constraint violation,
 * and the rest -> PERMFAIL.
 */
enum pst_result pst_ldap_result(int ldap_rc);

/*
 * pst_ldap_server_failure - does ldap_rc say the server, rather than this
 * one connection, is in trouble (time-out, connect error, unavailable,
 * busy)? Any failure of a fresh connection, one that never answered,
 * counts too: the server went away. Failover marks the server down on it.
 */
int pst_ldap_server_failure(int ldap_rc, int fresh);

/* ldap_uri_list - split ldap_servers (space/comma separated) into a NULL-terminated array */
char **ldap_uri_list(const char *servers, int *count_r);
void ldap_uri_list_free(char ***listp);

/*
 * ldap_conn_open - connect to one URI with the settings' protocol version,
 * network time-out, operation time-out, referrals, deref, size/time limits
 * and TLS options (a new TLS context per handle), then StartTLS when
 * configured. It does not bind. *err_r (xmalloc'd) explains a failure.
 */
enum pst_result ldap_conn_open(const struct ldap_settings *s, const char *uri, LDAP **ld_r,
                               char **err_r);

/*
 * ldap_conn_bind - simple bind (or SASL EXTERNAL when dn is NULL and the URI
 * is ldapi://) with the operation time-out, asking for the ppolicy response
 * control. An empty password is refused here with PST_PERMFAIL before any
 * traffic: an empty simple bind is an anonymous bind that succeeds.
 * *ldap_rc_r gets the server's code; *ctrls_r (may be NULL) the response
 * controls, to be freed with ldap_controls_free(). After a TEMPFAIL the
 * handle's state is unknown (a time-out abandons the bind): close it.
 */
enum pst_result ldap_conn_bind(LDAP *ld, const char *dn, const struct secret *pw, long timeout_s,
                               int *ldap_rc_r, LDAPControl ***ctrls_r);

/*
 * ldap_conn_bind_start - send a simple bind as dn with the ppolicy request
 * control and return without waiting (event-driven callers): PST_OK and
 * *msgid_r when it was sent. An empty password is refused with
 * PST_PERMFAIL before any traffic, as in ldap_conn_bind().
 */
enum pst_result ldap_conn_bind_start(LDAP *ld, const char *dn, const struct secret *pw,
                                     int *msgid_r, int *ldap_rc_r);
/*
 * ldap_conn_bind_finish - the three-way result of a bind's result message
 * res (freed here), as ldap_conn_bind() gives it; *ctrls_r as there.
 */
enum pst_result ldap_conn_bind_finish(LDAP *ld, LDAPMessage *res, int *ldap_rc_r,
                                      LDAPControl ***ctrls_r);

/* ldap_conn_bind_service - bind with the settings' service DN/password (or anonymous if unset) */
enum pst_result ldap_conn_bind_service(LDAP *ld, const struct ldap_settings *s, char **err_r);

/*
 * ldap_conn_connect - open the first URI that answers, in list order, and
 * bind as the service. For short-lived tools (postinoctl, pwchange).
 */
enum pst_result ldap_conn_connect(const struct ldap_settings *s, LDAP **ld_r, char **err_r);

/* ldap_conn_close - unbind and free *ldp, set it to NULL; NULL-safe */
void ldap_conn_close(LDAP **ldp);

#endif
