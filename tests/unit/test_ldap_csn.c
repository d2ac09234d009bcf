/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_ldap_csn.c: serverIDs, ordering and "does this contextCSN include
 * that change" for OpenLDAP CSNs, including malformed values from a
 * directory and a consumer's own serverID 0 bookkeeping.
 */
#include <string.h>

#include "ldap_csn.h"
#include "t.h"

#define A1 "20261207185857.501190Z#000000#001#000000"
#define A2 "20261207185910.434278Z#000000#001#000000"
#define B1 "20261207185900.000000Z#000000#002#000000"
#define Z1 "20261207190000.000000Z#000000#000#000000"
#define N1 "20261207185905.000000Z#000000#*#000000"

int
main(void)
{
	char sid[8];
	const char *ctx1[] = {A1, B1};
	const char *ctx2[] = {A2, B1};
	const char *local[] = {A1, Z1};
	const char *junk[] = {"", "#", "##", "x#y#z", "20261207185910.434278Z"};

	ldap_csn_sid(A1, sid);
	T_CHECK(strcmp(sid, "001") == 0, "serverID of A1: %s", sid);
	ldap_csn_sid("no hash here", sid);
	T_CHECK(sid[0] == '\0', "no serverID without fields");
	ldap_csn_sid("a#b#0123456789#c", sid);
	T_CHECK(strlen(sid) == 7, "serverID cut at 7 bytes");

	T_CHECK(ldap_csn_later(A2, A1) && !ldap_csn_later(A1, A2), "same serverID: string order");
	T_CHECK(ldap_csn_later(A1, A1), "equal is at least as late");
	T_CHECK(ldap_csn_later(B1, A1) && !ldap_csn_later(B1, A2), "other serverID: time order");
	T_CHECK(!ldap_csn_later("short", A1) && !ldap_csn_later(A1, "short"), "malformed: never");

	T_CHECK(ldap_csn_covered(ctx1, 2, A1), "the consumer has A1");
	T_CHECK(!ldap_csn_covered(ctx1, 2, A2), "... not A2 (same serverID, later)");
	T_CHECK(ldap_csn_covered(ctx2, 2, A2), "... then it has");
	T_CHECK(ldap_csn_covered(ctx2, 2, B1), "serverID 2 covered by its own value");
	T_CHECK(!ldap_csn_covered(ctx1, 1, B1), "no value of that serverID: not covered");
	T_CHECK(!ldap_csn_covered(local, 2, A2), "a later serverID 0 value covers nothing");
	T_CHECK(!ldap_csn_covered(local, 2, N1), "... not even a change made anywhere");
	T_CHECK(ldap_csn_covered(ctx2, 2, N1), "a change anywhere: any provider value as late");
	T_CHECK(!ldap_csn_covered(ctx1, 2, N1), "... and none earlier");
	T_CHECK(!ldap_csn_covered(junk, 5, A1) && !ldap_csn_covered(junk, 5, N1),
	        "malformed context values cover nothing");
	T_CHECK(!ldap_csn_covered(ctx2, 2, "garbage"), "a malformed change is never covered");
	T_CHECK(!ldap_csn_covered(ctx2, 0, A1), "empty context");
	return t_done("test_ldap_csn");
}
