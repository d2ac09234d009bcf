/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * plugin_csn.h: does the plugin's consumer lag the providers? Reading a
 * server's contextCSN values and comparing two sets with lib/ldap_csn.
 */
#ifndef POSTINO_PLUGIN_CSN_H
#define POSTINO_PLUGIN_CSN_H

#include <ldap.h>

#include "ldap_csn.h"
#include "result.h"

#define PLUGIN_CSN_SIDS 16 /* serverIDs kept (a few are used) */

struct plugin_csns {
	char v[PLUGIN_CSN_SIDS][LDAP_CSN_MAX];
	int n;
};

/*
 * plugin_csn_read - the contextCSN values of the suffix above base: base
 * searches of base and then its parents until one has them (*base_io is
 * replaced by the DN found, so the next read costs one search). PST_OK
 * with out->n == 0 when none has any; PST_TEMPFAIL when the server did not
 * answer (*ldrc_r gets libldap's code).
 */
enum pst_result plugin_csn_read(LDAP *ld, char **base_io, long timeout_s, struct plugin_csns *out,
                                int *ldrc_r);
/*
 * plugin_csn_lags - 1 when a provider has a change (a value of a serverID
 * other than 0) that the consumer's values do not include; the consumer
 * has caught up with everything the providers had when they were read
 */
int plugin_csn_lags(const struct plugin_csns *consumer, const struct plugin_csns *provider);

#endif
