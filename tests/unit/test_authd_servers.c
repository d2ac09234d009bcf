/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_authd_servers.c: failover and failback decisions: order, skipping
 * a failed server, one probe at a time, fast failure when nothing works,
 * return to the primary after the failback interval.
 */
#include "../../authd/ldap_servers.h"
#include "buf.h"
#include "t.h"
#include "xalloc.h"

int
main(void)
{
	char *uris[] = {"ldap://a/", "ldap://b/"};
	struct ldap_servers *s = ldap_servers_new();
	char *uri = NULL;
	unsigned ep, ep2;
	int64_t t = 1000000;
	struct buf out = BUF_INIT;

	ldap_servers_set(s, uris, 2, 60);
	T_CHECK(ldap_servers_pick(s, t, &uri, &ep) == 0, "primary first");
	xfree(&uri);
	T_CHECK(ldap_servers_keep(s, ep, 0, t), "keep the primary");

	/* The primary fails: the secondary is used, the primary is left alone. */
	ldap_servers_report(s, ep, 0, 0, t);
	T_CHECK(!ldap_servers_keep(s, ep, 0, t), "drop connections to the failed primary");
	T_CHECK(ldap_servers_pick(s, t + 10, &uri, &ep) == 1, "failover to the secondary");
	xfree(&uri);
	T_CHECK(ldap_servers_keep(s, ep, 1, t + 59999), "stay on the secondary in the interval");
	T_CHECK(ldap_servers_pick(s, t + 59999, &uri, &ep) == 1, "secondary in the interval");
	xfree(&uri);

	/* After the failback interval one request probes the primary... */
	T_CHECK(!ldap_servers_keep(s, ep, 1, t + 60000), "failback due: leave the secondary");
	T_CHECK(ldap_servers_pick(s, t + 60000, &uri, &ep) == 0, "probe the primary");
	xfree(&uri);
	T_CHECK(ldap_servers_pick(s, t + 60000, &uri, &ep) == 1, "others meanwhile: secondary");
	xfree(&uri);
	T_CHECK(ldap_servers_keep(s, ep, 1, t + 60001), "keep the secondary while probing");
	/* ... which is still down: back to waiting. */
	ldap_servers_report(s, ep, 0, 0, t + 60100);
	T_CHECK(ldap_servers_pick(s, t + 60200, &uri, &ep) == 1, "secondary again");
	xfree(&uri);
	/* Next probe succeeds: everyone moves back. */
	T_CHECK(ldap_servers_pick(s, t + 120100, &uri, &ep) == 0, "probe again");
	xfree(&uri);
	ldap_servers_report(s, ep, 0, 1, t + 120100);
	T_CHECK(!ldap_servers_keep(s, ep, 1, t + 120101), "connections to the secondary move");
	T_CHECK(ldap_servers_pick(s, t + 120101, &uri, &ep) == 0, "primary again");
	xfree(&uri);

	/* Nothing works: fail fast, retry each server after the retry delay. */
	ldap_servers_report(s, ep, 0, 0, t + 200000);
	ldap_servers_report(s, ep, 1, 0, t + 200000);
	T_CHECK(ldap_servers_pick(s, t + 200000 + LDAP_SERVERS_RETRY_MS - 1, &uri, &ep) == -1 &&
	                uri == NULL,
	        "all failed: none now");
	T_CHECK(ldap_servers_pick(s, t + 200000 + LDAP_SERVERS_RETRY_MS, &uri, &ep) == 0,
	        "retry after the retry delay");
	xfree(&uri);
	T_CHECK(ldap_servers_pick(s, t + 200000 + LDAP_SERVERS_RETRY_MS, &uri, &ep) == 1,
	        "the other may be probed too");
	xfree(&uri);
	T_CHECK(ldap_servers_pick(s, t + 200000 + LDAP_SERVERS_RETRY_MS, &uri, &ep) == -1,
	        "one probe per server");

	/* Counters and the stats lines. */
	ldap_servers_count(s, ep, 0, 0);
	ldap_servers_count(s, ep, 0, 1);
	ldap_servers_format(s, &out);
	T_CHECK(strstr(out.data, "ldap_server_0_ops=2\n") != NULL, "ops counted");
	T_CHECK(strstr(out.data, "ldap_server_0_errors=1\n") != NULL, "errors counted");
	T_CHECK(strstr(out.data, "ldap_server_1_uri=ldap://b/\n") != NULL, "URIs listed");
	buf_free(&out);

	/* A new list changes the epoch: old connections are dropped. */
	ldap_servers_set(s, uris, 1, 60);
	T_CHECK(ldap_servers_pick(s, t, &uri, &ep2) == 0 && ep2 != ep, "new epoch");
	xfree(&uri);
	T_CHECK(!ldap_servers_keep(s, ep, 0, t), "old epoch connections dropped");
	ldap_servers_free(&s);
	return t_done("authd_servers");
}
