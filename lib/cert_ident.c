/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cert_ident.c: identity classification, the CN presence check and the
 * trusted-issuer list.
 *
 * The CN check exists because of how sendmail builds the subject: OpenSSL
 * writes it into a 256-byte buffer and silently drops whole trailing RDNs
 * that do not fit. The CN comes last in that order, so a cut subject
 * usually has no CN, and two different long subjects can be cut to the
 * same string; refusing subjects without a CN refuses those.
 */
#include <string.h>
#include <strings.h>

#include "cert_ident.h"
#include "dn_norm.h"
#include "xalloc.h"

/* normalize - either DN spelling to the normal form; the oneline form is xtext-decoded first */
static enum pst_result
normalize(const char *in, size_t len, char **out_r)
{
	char *dec = NULL;
	enum pst_result r;

	if (len > 0 && in[0] == '/') {
		if (dn_xtext_decode(in, len, &dec) != PST_OK)
			return PST_PERMFAIL;
		r = dn_normalize(dec, strlen(dec), out_r);
		xfree(&dec);
		return r;
	}
	return dn_normalize(in, len, out_r);
}

enum pst_result
cert_ident_parse(const char *in, size_t len, enum cert_kind *kind_r, char **out_r,
                 const char **why_r)
{
	*out_r = NULL;
	if (len == 0) {
		*why_r = "empty certificate identity";
		return PST_PERMFAIL;
	}
	if (len > CERT_IDENT_MAX) {
		*why_r = "certificate identity too long";
		return PST_PERMFAIL;
	}
	if (memchr(in, '\0', len) != NULL) {
		*why_r = "certificate identity contains a NUL byte";
		return PST_PERMFAIL;
	}
	if (normalize(in, len, out_r) == PST_OK) {
		*kind_r = CERT_DN;
		return PST_OK;
	}
	xfree(out_r);
	if (in[0] == '/') {
		/* The oneline spelling is never a bare CN: it is a broken subject. */
		*why_r = "malformed certificate subject";
		return PST_PERMFAIL;
	}
	*kind_r = CERT_CN;
	*out_r = xmemdup0(in, len);
	return PST_OK;
}

enum pst_result
cert_ident_parse_as(enum cert_ident_mode mode, const char *in, size_t len, enum cert_kind *kind_r,
                    char **out_r, const char **why_r)
{
	enum pst_result r;

	if (mode != CERT_IDENT_CN) {
		r = cert_ident_parse(in, len, kind_r, out_r, why_r);
		if (r == PST_OK && mode == CERT_IDENT_SUBJECT && *kind_r != CERT_DN) {
			xfree(out_r);
			*why_r = "certificate identity is not a subject DN";
			return PST_PERMFAIL;
		}
		return r;
	}
	/* The same length and NUL checks as a subject, but never parsed as a DN. */
	*out_r = NULL;
	if (len == 0 || len > CERT_IDENT_MAX || memchr(in, '\0', len) != NULL) {
		*why_r = len == 0 ? "empty certificate identity" : "unusable certificate CN";
		return PST_PERMFAIL;
	}
	*kind_r = CERT_CN;
	*out_r = xmemdup0(in, len);
	return PST_OK;
}

int
cert_dn_has_cn(const char *dn)
{
	const char *p = dn;
	int at_start = 1;

	while (*p != '\0') {
		if (at_start && strncasecmp(p, "CN=", 3) == 0)
			return 1;
		at_start = 0;
		if (*p == '\\') {
			if (p[1] == '\0')
				break;
			p += 2;
			continue;
		}
		if (*p == ',' || *p == '+')
			at_start = 1;
		p++;
	}
	return 0;
}

char **
cert_issuers_parse(const char *list, char **err_r)
{
	size_t cap = 4, n = 0, len = strlen(list), i, start = 0;
	char **out = xcalloc(cap + 1, sizeof(*out));

	for (i = 0; i <= len; i++) {
		const char *s;
		size_t slen;
		char *norm = NULL;

		if (i < len && list[i] == '\\' && i + 1 < len) {
			i++;
			continue;
		}
		if (i < len && list[i] != ';')
			continue;
		s = list + start;
		slen = i - start;
		start = i + 1;
		while (slen > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			slen--;
		}
		while (slen > 0 && (s[slen - 1] == ' ' || s[slen - 1] == '\t'))
			slen--;
		if (slen == 0)
			continue;
		if (normalize(s, slen, &norm) != PST_OK) {
			*err_r = xasprintf("postino_cert_issuers: element %zu is not a DN", n + 1);
			xfree(&norm);
			cert_issuers_free(&out);
			return NULL;
		}
		if (n == cap) {
			cap *= 2;
			out = xreallocarray(out, cap + 1, sizeof(*out));
		}
		out[n++] = norm;
		out[n] = NULL;
	}
	if (n == 0) {
		*err_r = xasprintf("postino_cert_issuers: no issuer DN given");
		cert_issuers_free(&out);
		return NULL;
	}
	return out;
}

void
cert_issuers_free(char ***listp)
{
	char **l = *listp;
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; l[i] != NULL; i++)
		xfree(&l[i]);
	xfree(listp);
}

enum pst_result
cert_issuer_trusted(char *const *list, const char *issuer)
{
	enum pst_result r = PST_PERMFAIL;
	char *norm = NULL;
	size_t i, len;

	if (list == NULL || issuer == NULL)
		return PST_PERMFAIL;
	len = strlen(issuer);
	if (len == 0 || len > CERT_IDENT_MAX || normalize(issuer, len, &norm) != PST_OK) {
		xfree(&norm);
		return PST_PERMFAIL;
	}
	for (i = 0; list[i] != NULL; i++)
		if (strcasecmp(list[i], norm) == 0)
			r = PST_OK;
	xfree(&norm);
	return r;
}
