/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_pwchange_proxy.c: the trusted-proxy list and the client address
 * taken from X-Forwarded-For: both sides of the list, prefixes, chains of
 * proxies, and headers that must be ignored whole.
 */
#include <string.h>

#include "../../pwchange/proxy_trust.h"
#include "t.h"
#include "xalloc.h"

static const char *
client(const struct proxy_list *l, const char *peer, const char *xff)
{
	static char out[PROXY_ADDR_MAX];

	proxy_client(l, peer, xff, out);
	return out;
}

int
main(void)
{
	struct proxy_list *l = NULL;
	char *err = NULL;

	T_CHECK(proxy_list_parse("127.0.0.1, 10.1.0.0/16 ::1 unix", &l, &err) == PST_OK, "parse");
	T_CHECK(proxy_list_trusts(l, "127.0.0.1") && proxy_list_trusts(l, "10.1.200.3") &&
	                proxy_list_trusts(l, "::1") && proxy_list_trusts(l, "unix") &&
	                proxy_list_trusts(l, "::ffff:127.0.0.1"),
	        "trusted addresses");
	T_CHECK(!proxy_list_trusts(l, "127.0.0.2") && !proxy_list_trusts(l, "10.2.0.1") &&
	                !proxy_list_trusts(l, "::2") && !proxy_list_trusts(l, "junk"),
	        "untrusted addresses");
	T_CHECK(strcmp(client(l, "127.0.0.1", "203.0.113.9"), "203.0.113.9") == 0,
	        "trusted peer: the forwarded client");
	T_CHECK(strcmp(client(l, "127.0.0.2", "203.0.113.9"), "127.0.0.2") == 0,
	        "untrusted peer: header ignored");
	T_CHECK(strcmp(client(l, "127.0.0.1", "198.51.100.7, 203.0.113.9, 10.1.0.5"),
	               "203.0.113.9") == 0,
	        "rightmost untrusted of a chain (a client-written left part is not believed)");
	T_CHECK(strcmp(client(l, "unix", " 2001:db8::7 "), "2001:db8::7") == 0,
	        "unix socket, IPv6, blanks");
	T_CHECK(strcmp(client(l, "127.0.0.1", "10.1.0.9"), "10.1.0.9") == 0,
	        "only trusted addresses: the leftmost");
	T_CHECK(strcmp(client(l, "127.0.0.1", "203.0.113.9, bogus"), "127.0.0.1") == 0,
	        "a malformed element voids the header");
	T_CHECK(strcmp(client(l, "127.0.0.1", "203.0.113.9,,1.2.3.4"), "127.0.0.1") == 0,
	        "an empty element voids the header");
	T_CHECK(strcmp(client(l, "127.0.0.1", ""), "127.0.0.1") == 0, "empty header");
	T_CHECK(strcmp(client(l, "127.0.0.1", NULL), "127.0.0.1") == 0, "no header");
	T_CHECK(strcmp(client(l, "127.0.0.1", "203.0.113.9:443"), "127.0.0.1") == 0,
	        "address with a port: refused");
	proxy_list_free(&l);
	T_CHECK(l == NULL, "freed");

	T_CHECK(proxy_list_parse(NULL, &l, &err) == PST_OK && !proxy_list_trusts(l, "127.0.0.1") &&
	                strcmp(client(l, "127.0.0.1", "203.0.113.9"), "127.0.0.1") == 0,
	        "empty list trusts nobody");
	proxy_list_free(&l);
	T_CHECK(proxy_list_parse("10.0.0.0/33", &l, &err) == PST_PERMFAIL && l == NULL && err,
	        "IPv4 prefix too long");
	xfree(&err);
	T_CHECK(proxy_list_parse("proxy.example.org", &l, &err) == PST_PERMFAIL && err,
	        "names refused");
	xfree(&err);
	T_CHECK(proxy_list_parse("10.0.0.0/", &l, &err) == PST_PERMFAIL, "empty prefix");
	xfree(&err);
	T_CHECK(proxy_list_parse("10.9.9.9/8", &l, &err) == PST_OK &&
	                proxy_list_trusts(l, "10.0.0.1"),
	        "host bits in a prefix are ignored");
	proxy_list_free(&l);
	return t_done("test_pwchange_proxy");
}
