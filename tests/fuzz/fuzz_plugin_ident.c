/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_plugin_ident.c: what the SASL plugin does with an external identity
 * and a user name before any directory lookup: classification and
 * normalization of the identity, the CN check, the issuer list, the rules,
 * and the INTERNAL-compatible canonicalization. Invariants: a normalized
 * subject (within the length limit) parses to itself; a bare CN comes back unchanged;
 * canonicalizing twice gives the result of once, within the output limit.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../saslplugin/canon_internal.h"
#include "cert_ident.h"
#include "cert_rules.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cert_rules *rules;

static void
check_ident(const char *in, size_t len)
{
	enum cert_kind kind, kind2;
	char *out = NULL, *again = NULL, *name = NULL;
	const char *why;

	if (cert_ident_parse(in, len, &kind, &out, &why) != PST_OK) {
		if (out != NULL || why == NULL)
			abort();
		return;
	}
	if (kind == CERT_CN) {
		if (strlen(out) != len || memcmp(out, in, len) != 0)
			abort();
	} else {
		(void)cert_dn_has_cn(out);
		/* Escaping may take the normal form past the input limit; below it, a fixed point.
		 */
		if (strlen(out) <= CERT_IDENT_MAX &&
		    (cert_ident_parse(out, strlen(out), &kind2, &again, &why) != PST_OK ||
		     kind2 != CERT_DN || strcmp(out, again) != 0))
			abort();
		if (cert_rules_match(rules, out, &name) == PST_OK &&
		    (name == NULL || *name == '\0'))
			abort();
	}
	xfree(&name);
	xfree(&again);
	xfree(&out);
}

static void
check_canon(const char *in, size_t len)
{
	char out[72], twice[72];
	size_t n = 0, m = 0;

	if (canon_internal(in, len, "example.org", out, 64, &n) != CANON_OK)
		return;
	if (n > 64 || out[n] != '\0' || n == 0)
		abort();
	if (canon_internal(out, n, "example.org", twice, 64, &m) != CANON_OK || m != n ||
	    memcmp(out, twice, n) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *err = NULL, **issuers;
	char *pats[2] = {"^CN=([a-z]+),OU=People,O=Example,C=IT$", "^UID=([^,]+)(,.*)?$"};

	if (rules == NULL)
		rules = cert_rules_new(pats, 2, "rule", &err);
	check_ident((const char *)data, size);
	check_canon((const char *)data, size);

	s = xmemdup0(data, size);
	if (strlen(s) == size) {
		issuers = cert_issuers_parse(s, &err);
		if (issuers != NULL) {
			if (issuers[0] == NULL)
				abort();
			(void)cert_issuer_trusted(issuers, s);
			/* A listed issuer, in its normal form, is trusted. */
			if (strlen(issuers[0]) <= CERT_IDENT_MAX &&
			    cert_issuer_trusted(issuers, issuers[0]) != PST_OK)
				abort();
			cert_issuers_free(&issuers);
		} else if (err == NULL) {
			abort();
		}
		xfree(&err);
	}
	xfree(&s);
	return 0;
}
