/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * proxy_trust.c: the trusted-proxy list and the X-Forwarded-For reader.
 *
 * Addresses are compared in binary (IPv4 as IPv4-mapped IPv6), so
 * "127.0.0.1" and "::ffff:127.0.0.1" are one address. A header with any
 * malformed element is ignored whole: guessing which part of a damaged
 * header is genuine would hand the choice to whoever damaged it.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "proxy_trust.h"
#include "xalloc.h"

struct net {
	unsigned char addr[16];
	int prefix; /* bits, of the 128-bit form */
};

struct proxy_list {
	struct net *nets;
	size_t n;
	int unix_trusted;
};

/* to_bin - parse an IPv4 or IPv6 literal into the 128-bit form; 1 on success */
static int
to_bin(const char *s, unsigned char out[16], int *is_v4)
{
	struct in_addr a4;

	if (inet_pton(AF_INET, s, &a4) == 1) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		memcpy(out + 12, &a4, 4);
		*is_v4 = 1;
		return 1;
	}
	*is_v4 = 0;
	return inet_pton(AF_INET6, s, out) == 1;
}

static int
in_net(const struct net *n, const unsigned char a[16])
{
	int full = n->prefix / 8, rest = n->prefix % 8;

	if (memcmp(n->addr, a, (size_t)full) != 0)
		return 0;
	return rest == 0 || ((n->addr[full] ^ a[full]) & (unsigned char)(0xff << (8 - rest))) == 0;
}

/* parse_entry - one "addr[/prefix]" of length len into *n; 1 on success */
static int
parse_entry(const char *s, size_t len, struct net *n)
{
	char buf[PROXY_ADDR_MAX + 5], *slash;
	int v4, prefix = -1;

	if (len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	slash = strchr(buf, '/');
	if (slash != NULL) {
		const char *p = slash + 1;

		*slash = '\0';
		if (*p == '\0' || strlen(p) > 3)
			return 0;
		prefix = 0;
		for (; *p != '\0'; p++) {
			if (*p < '0' || *p > '9')
				return 0;
			prefix = prefix * 10 + (*p - '0');
		}
	}
	if (!to_bin(buf, n->addr, &v4))
		return 0;
	if (prefix > (v4 ? 32 : 128))
		return 0;
	n->prefix = prefix < 0 ? 128 : v4 ? prefix + 96 : prefix;
	/* Host bits set in "10.0.0.1/8" are a typo more often than not: keep the network. */
	for (int b = n->prefix; b < 128; b++)
		n->addr[b / 8] &= (unsigned char)~(0x80 >> (b % 8));
	return 1;
}

enum pst_result
proxy_list_parse(const char *spec, struct proxy_list **list_r, char **err_r)
{
	struct proxy_list *l = xcalloc(1, sizeof(*l));
	const char *p = spec != NULL ? spec : "";

	while (*p != '\0') {
		size_t len;

		p += strspn(p, " \t,");
		len = strcspn(p, " \t,");
		if (len == 0)
			break;
		if (len == 4 && strncmp(p, "unix", 4) == 0) {
			l->unix_trusted = 1;
		} else {
			struct net n;

			if (!parse_entry(p, len, &n)) {
				*err_r = xasprintf("not an address or address/prefix: \"%.*s\"",
				                   (int)(len > 64 ? 64 : len), p);
				proxy_list_free(&l);
				return PST_PERMFAIL;
			}
			l->nets = xreallocarray(l->nets, l->n + 1, sizeof(*l->nets));
			l->nets[l->n++] = n;
		}
		p += len;
	}
	*list_r = l;
	return PST_OK;
}

void
proxy_list_free(struct proxy_list **listp)
{
	if (*listp == NULL)
		return;
	xfree(&(*listp)->nets);
	xfree(listp);
}

int
proxy_list_trusts(const struct proxy_list *l, const char *ip)
{
	unsigned char a[16];
	int v4;

	if (l == NULL || ip == NULL)
		return 0;
	if (strcmp(ip, "unix") == 0)
		return l->unix_trusted;
	if (!to_bin(ip, a, &v4))
		return 0;
	for (size_t i = 0; i < l->n; i++)
		if (in_net(&l->nets[i], a))
			return 1;
	return 0;
}

/* element - the trimmed element ending before end (exclusive) in xff; its start */
static const char *
element(const char *xff, const char *end, size_t *len_r)
{
	const char *b = end, *e = end;

	while (b > xff && b[-1] != ',')
		b--;
	while (b < e && (*b == ' ' || *b == '\t'))
		b++;
	while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*len_r = (size_t)(e - b);
	return b;
}

int
proxy_client(const struct proxy_list *l, const char *peer, const char *xff,
             char out[PROXY_ADDR_MAX])
{
	size_t xlen = xff != NULL ? strlen(xff) : 0;
	const char *end = xff != NULL ? xff + xlen : NULL;

	snprintf(out, PROXY_ADDR_MAX, "%s", peer != NULL ? peer : "-");
	if (xff == NULL || xlen == 0 || xlen > PROXY_XFF_MAX || !proxy_list_trusts(l, peer))
		return 0;
	/* Check the whole header first: one bad element voids it. */
	for (const char *p = end; p > xff;) {
		size_t len;
		const char *s = element(xff, p, &len);
		char buf[PROXY_ADDR_MAX];
		unsigned char a[16];
		int v4;

		if (len == 0 || len >= sizeof(buf))
			return 0;
		memcpy(buf, s, len);
		buf[len] = '\0';
		if (!to_bin(buf, a, &v4))
			return 0;
		p = s;
		while (p > xff && p[-1] != ',')
			p--;
		if (p > xff)
			p--; /* the comma */
	}
	/* From the right: the first address that is not one of our proxies. */
	for (const char *p = end; p > xff;) {
		size_t len;
		const char *s = element(xff, p, &len);
		char buf[PROXY_ADDR_MAX];

		memcpy(buf, s, len);
		buf[len] = '\0';
		p = s;
		while (p > xff && p[-1] != ',')
			p--;
		if (p > xff)
			p--;
		if (!proxy_list_trusts(l, buf) || p <= xff) {
			/* The leftmost one stands even if trusted: it is all there is. */
			snprintf(out, PROXY_ADDR_MAX, "%s", buf);
			return 1;
		}
	}
	return 0;
}
