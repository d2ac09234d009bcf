/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * plugin_ldap.h: the plugin's one directory connection per process.
 *
 * Host programs initialise SASL before they fork (sendmail as root in the
 * daemon parent; Postfix before its chroot), so the connection is opened
 * lazily, on the first lookup, and belongs to the process that opened it:
 * a child that inherits it (getpid() differs) drops its copy without
 * talking on the parent's socket and opens its own. Every connect and
 * every search has a time-out; a search that fails on a connection that
 * may have gone stale is retried once on a fresh one. So that one
 * authentication costs at most one time-out and one search per question,
 * a directory that did not answer is not asked again for a second, and an
 * answer is reused for the same question asked again within half a second
 * (libsasl2 asks twice for SCRAM and after EXTERNAL).
 *
 * With ldap_write_servers (the providers) apart from ldap_servers, each
 * search is preceded by a contextCSN read at a provider and at the
 * consumer, and goes to a provider when the consumer lacks a change
 * (doc/scaling-out.md).
 */
#ifndef POSTINO_PLUGIN_LDAP_H
#define POSTINO_PLUGIN_LDAP_H

#include <ldap.h>

#include "result.h"

struct ldap_settings;
struct plugin_ldap;

/* plugin_ldap_new - a holder for ls (borrowed; it must outlive the holder); no connection yet */
struct plugin_ldap *plugin_ldap_new(const struct ldap_settings *ls);
/* plugin_ldap_free - unbind (only if this process opened the connection) and free */
void plugin_ldap_free(struct plugin_ldap **plp);

/* Called once per entry found; a non-OK result stops the walk and is returned. */
typedef enum pst_result plugin_ldap_entry_fn(LDAP *ld, LDAPMessage *entry, void *arg);

/*
 * plugin_ldap_search - subtree search under the configured base, at most
 * two entries. PST_OK when the search completed (also when it found
 * nothing, or two entries and more exist: the callback saw what came
 * back); PST_TEMPFAIL when the directory could not be reached or did not
 * answer in time; PST_PERMFAIL when it refused the search or its own size
 * limit kept it from returning two entries. *err_r explains every failure.
 */
enum pst_result plugin_ldap_search(struct plugin_ldap *pl, const char *filter, char **attrs,
                                   plugin_ldap_entry_fn *fn, void *arg, char **err_r);

#endif
