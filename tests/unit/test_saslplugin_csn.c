/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_saslplugin_csn.c: the plugin's "does the consumer lag the
 * providers" comparison: per serverID, serverID 0 ignored, a serverID the
 * consumer never heard of counts as lagging, malformed values never do.
 */
#include <stdio.h>
#include <string.h>

#include "../../saslplugin/plugin_csn.h"
#include "t.h"

static void
set(struct plugin_csns *s, const char *a, const char *b)
{
	s->n = 0;
	if (a != NULL)
		snprintf(s->v[s->n++], LDAP_CSN_MAX, "%s", a);
	if (b != NULL)
		snprintf(s->v[s->n++], LDAP_CSN_MAX, "%s", b);
}

#define P1_OLD "20261207120000.000001Z#000000#001#000000"
#define P1_NEW "20261207120005.000001Z#000000#001#000000"
#define P2_OLD "20261207110000.000001Z#000000#002#000000"
#define P2_NEW "20261207130000.000001Z#000000#002#000000"
#define C_OWN  "20261207140000.000001Z#000000#000#000000"

int
main(void)
{
	struct plugin_csns c, p;

	set(&c, P1_NEW, P2_OLD);
	set(&p, P1_NEW, P2_OLD);
	T_CHECK(!plugin_csn_lags(&c, &p), "equal values: up to date");
	set(&p, P1_OLD, P2_OLD);
	T_CHECK(!plugin_csn_lags(&c, &p), "consumer ahead: up to date");
	set(&p, P1_NEW, P2_NEW);
	T_CHECK(plugin_csn_lags(&c, &p), "a newer change of serverID 2: lags");
	/* A later time of another serverID does not stand in for serverID 2. */
	set(&c, "20261207150000.000001Z#000000#001#000000", P2_OLD);
	T_CHECK(plugin_csn_lags(&c, &p), "per serverID, not by time alone");
	set(&c, P1_NEW, NULL);
	set(&p, P1_NEW, P2_OLD);
	T_CHECK(plugin_csn_lags(&c, &p), "a serverID the consumer lacks: lags");
	set(&c, P1_NEW, NULL);
	set(&p, P1_NEW, C_OWN);
	T_CHECK(!plugin_csn_lags(&c, &p), "serverID 0 is nobody's change");
	set(&p, P1_NEW, "garbage");
	T_CHECK(!plugin_csn_lags(&c, &p), "a malformed provider value asks for nothing");
	set(&c, "garbage", NULL);
	set(&p, P1_OLD, NULL);
	T_CHECK(plugin_csn_lags(&c, &p), "a malformed consumer value covers nothing");
	set(&c, NULL, NULL);
	set(&p, NULL, NULL);
	T_CHECK(!plugin_csn_lags(&c, &p), "no values on either side: nothing to wait for");
	return t_done("test_saslplugin_csn");
}
