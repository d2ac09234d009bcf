/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldap_csn.h: comparing OpenLDAP change sequence numbers (entryCSN,
 * contextCSN): "YYYYmmddHHMMSS.uuuuuuZ#count#sid#mod", where sid is the
 * serverID of the provider that made the change (hex, 3 digits). Within
 * one serverID, CSNs order as strings; a replica's contextCSN holds one
 * value per serverID it has heard from.
 *
 * The values come from the directory, so nothing here trusts their shape:
 * malformed ones compare as "not later" and never cover anything.
 */
#ifndef POSTINO_LDAP_CSN_H
#define POSTINO_LDAP_CSN_H

#define LDAP_CSN_MAX 64  /* longest value kept (they are 40 bytes) */
#define LDAP_CSN_ANY "*" /* the serverID of a change made "now" anywhere */

/* ldap_csn_sid - the serverID field into out ("" when malformed; at most 7 bytes) */
void ldap_csn_sid(const char *csn, char out[8]);
/*
 * ldap_csn_later - 1 if a is at least as late as b: the whole CSN when both
 * have the same serverID, else the time stamp alone
 */
int ldap_csn_later(const char *a, const char *b);
/*
 * ldap_csn_covered - 1 if the contextCSN values ctx[0..n-1] include the
 * change at csn: a value of the same serverID at least as late, or, for
 * serverID LDAP_CSN_ANY, any value but serverID 0's at least as late in
 * time. Serverid 0 is a consumer's own bookkeeping, not a provider's change.
 */
int ldap_csn_covered(const char *const *ctx, int n, const char *csn);

#endif
