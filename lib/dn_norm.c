/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dn_norm.c: one normal form for certificate subject DNs.
 *
 * Both spellings are parsed into the same list of RDNs, then printed one
 * way: RFC 4514 order (most specific first), short upper-case attribute
 * types, values escaped by ldap_escape_dn(), and the values of a
 * multi-valued RDN sorted, because OpenSSL's oneline form prints them in
 * DER SET order while its RFC 2253 form reverses them.
 *
 * The oneline form is X509_NAME_oneline()'s: "/" before each RDN, "+"
 * between the values of one RDN, "\/" and "\+" for literal separators,
 * "\xHH" for bytes outside printable ASCII. Older OpenSSL did not escape
 * "/", so a "/" or "+" that is not followed by "type=" is taken literally.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldap.h>

#include "buf.h"
#include "dn_norm.h"
#include "hex.h"
#include "ldap_escape.h"
#include "xalloc.h"

/* Subjects are a few hundred bytes; these bound the work on hostile input. */
#define DN_INPUT_MAX 4096
#define DN_AVAS_MAX  64

struct dn_ava {
	int rdn;     /* index of the RDN, 0 = most specific (RFC 4514 order) */
	char *type;  /* normalized type */
	char *value; /* raw bytes, NUL-terminated, no NULs inside */
	size_t vlen;
};

struct dn_list {
	struct dn_ava ava[DN_AVAS_MAX];
	size_t n;
	int nrdn;
};

static const struct {
	const char *out;
	const char *names[4]; /* alternative spellings, NULL-terminated */
} dn_types[] = {
        {"CN", {"cn", "commonName", "2.5.4.3", NULL}},
        {"OU", {"ou", "organizationalUnitName", "2.5.4.11", NULL}},
        {"O", {"o", "organizationName", "2.5.4.10", NULL}},
        {"L", {"l", "localityName", "2.5.4.7", NULL}},
        {"ST", {"st", "stateOrProvinceName", "2.5.4.8", NULL}},
        {"C", {"c", "countryName", "2.5.4.6", NULL}},
        {"DC", {"dc", "domainComponent", "0.9.2342.19200300.100.1.25", NULL}},
        {"UID", {"uid", "userid", "0.9.2342.19200300.100.1.1", NULL}},
        {"EMAILADDRESS", {"emailAddress", "email", "1.2.840.113549.1.9.1", NULL}},
        {"SN", {"sn", "surname", "2.5.4.4", NULL}},
        {"GN", {"gn", "givenName", "2.5.4.42", NULL}},
        {"SERIALNUMBER", {"serialNumber", "2.5.4.5", NULL, NULL}},
        {"STREET", {"street", "streetAddress", "2.5.4.9", NULL}},
        {"TITLE", {"title", "2.5.4.12", NULL, NULL}},
};

static int
dn_is_type_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '.';
}

/*
 * dn_type_valid - an RFC 4512 descr (a letter, then letters, digits and
 * hyphens) or a numeric OID (digit groups joined by single dots)
 */
static int
dn_type_valid(const char *t, size_t len)
{
	size_t i;

	if (len == 0)
		return 0;
	if (isalpha((unsigned char)t[0])) {
		for (i = 1; i < len; i++)
			if (!isalnum((unsigned char)t[i]) && t[i] != '-')
				return 0;
		return 1;
	}
	for (i = 0; i < len; i++) {
		if (t[i] == '.') {
			if (i == 0 || i == len - 1 || t[i - 1] == '.')
				return 0;
		} else if (!isdigit((unsigned char)t[i])) {
			return 0;
		}
	}
	return 1;
}

/* dn_type_norm - the output spelling of a type, or NULL if it is not a type */
static char *
dn_type_norm(const char *t, size_t len)
{
	size_t i, k;

	if (len >= 4 && strncasecmp(t, "oid.", 4) == 0) {
		t += 4;
		len -= 4;
	}
	if (len > 64 || !dn_type_valid(t, len))
		return NULL;
	for (i = 0; i < sizeof(dn_types) / sizeof(dn_types[0]); i++)
		for (k = 0; dn_types[i].names[k] != NULL; k++)
			if (strlen(dn_types[i].names[k]) == len &&
			    strncasecmp(dn_types[i].names[k], t, len) == 0)
				return xstrdup(dn_types[i].out);
	/* Unknown: a dotted OID stays as it is, a name is upper-cased. */
	{
		char *s = xmemdup0(t, len);

		for (i = 0; i < len; i++)
			s[i] = (char)toupper((unsigned char)s[i]);
		return s;
	}
}

/* dn_utf8_valid - 1 if p[0..n) is well-formed UTF-8 (no overlongs, surrogates) */
static int
dn_utf8_valid(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i], need, cp, k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (n - i <= need)
			return 0;
		for (k = 1; k <= need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (need == 3 && (cp < 0x10000 || cp > 0x10ffff)))
			return 0;
		i += need + 1;
	}
	return 1;
}

static enum pst_result
dn_add(struct dn_list *l, int rdn, char *type, char *value, size_t vlen)
{
	/* Subjects are UTF-8 in RFC 4514; other bytes could not be written back. */
	if (l->n == DN_AVAS_MAX || vlen == 0 || memchr(value, '\0', vlen) != NULL ||
	    !dn_utf8_valid((const unsigned char *)value, vlen)) {
		free(type);
		free(value);
		return PST_PERMFAIL;
	}
	l->ava[l->n].rdn = rdn;
	l->ava[l->n].type = type;
	l->ava[l->n].value = value;
	l->ava[l->n].vlen = vlen;
	l->n++;
	if (rdn + 1 > l->nrdn)
		l->nrdn = rdn + 1;
	return PST_OK;
}

static void
dn_list_free(struct dn_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->ava[i].type);
		free(l->ava[i].value);
	}
	l->n = 0;
}

enum pst_result
dn_xtext_decode(const char *in, size_t len, char **out_r)
{
	struct buf b = BUF_INIT;
	size_t i;

	*out_r = NULL;
	for (i = 0; i < len; i++) {
		if (in[i] != '+') {
			buf_appendc(&b, in[i]);
			continue;
		}
		if (len - i < 3 || !isxdigit((unsigned char)in[i + 1]) ||
		    !isxdigit((unsigned char)in[i + 2])) {
			buf_free(&b);
			return PST_PERMFAIL;
		}
		{
			char hex[3] = {in[i + 1], in[i + 2], '\0'};
			char c = (char)strtol(hex, NULL, 16);

			/* A NUL would cut the subject short in every C API after us. */
			if (c == '\0') {
				buf_free(&b);
				return PST_PERMFAIL;
			}
			buf_appendc(&b, c);
		}
		i += 2;
	}
	*out_r = buf_detach(&b);
	return PST_OK;
}

/* dn_type_ahead - length of "type=" starting at p (0 if there is none) */
static size_t
dn_type_ahead(const char *p, size_t left)
{
	size_t i = 0;

	if (left == 0 || !isalnum((unsigned char)p[0]))
		return 0;
	while (i < left && dn_is_type_char(p[i]))
		i++;
	return i < left && p[i] == '=' ? i + 1 : 0;
}

/*
 * dn_parse_oneline - "/C=IT/O=INFN/CN=x" into l, RDN 0 being the first
 * printed; strict refuses an unescaped "/" or "+" inside a value
 */
static enum pst_result
dn_parse_oneline(const char *in, size_t len, int strict, struct dn_list *l)
{
	size_t pos = 0;
	int rdn = -1;

	while (pos < len) {
		struct buf v = BUF_INIT;
		size_t tl;
		char *type;

		if (in[pos] == '/')
			rdn++;
		else if (in[pos] != '+' || rdn < 0)
			return PST_PERMFAIL;
		pos++;
		tl = dn_type_ahead(in + pos, len - pos);
		if (tl == 0)
			return PST_PERMFAIL;
		type = dn_type_norm(in + pos, tl - 1);
		if (type == NULL)
			return PST_PERMFAIL;
		pos += tl;
		while (pos < len) {
			char c = in[pos];

			if ((c == '/' || c == '+') &&
			    dn_type_ahead(in + pos + 1, len - pos - 1) > 0)
				break;
			/*
			 * OpenSSL escapes a separator that ends a value; a bare one is
			 * an error, and in strict mode so is any bare one.
			 */
			if ((c == '/' || c == '+') && (strict || pos + 1 == len)) {
				free(type);
				buf_free(&v);
				return PST_PERMFAIL;
			}
			if (c == '\\') {
				int hi = len - pos >= 4 && in[pos + 1] == 'x'
				                 ? hex_digit((unsigned char)in[pos + 2])
				                 : -1;
				int lo = hi >= 0 ? hex_digit((unsigned char)in[pos + 3]) : -1;

				if (lo >= 0) {
					buf_appendc(&v, (char)(hi * 16 + lo));
					pos += 4;
					continue;
				}
				if (pos + 1 >= len) {
					free(type);
					buf_free(&v);
					return PST_PERMFAIL;
				}
				buf_appendc(&v, in[pos + 1]);
				pos += 2;
				continue;
			}
			buf_appendc(&v, c);
			pos++;
		}
		{
			size_t vlen = v.len;

			if (dn_add(l, rdn, type, buf_detach(&v), vlen) != PST_OK)
				return PST_PERMFAIL;
		}
	}
	/* Oneline lists the most general RDN first; RFC 4514 the most specific. */
	{
		size_t i;

		for (i = 0; i < l->n; i++)
			l->ava[i].rdn = l->nrdn - 1 - l->ava[i].rdn;
	}
	return l->n > 0 ? PST_OK : PST_PERMFAIL;
}

/* dn_parse_ldap - RFC 4514 via libldap into l */
static enum pst_result
dn_parse_ldap(const char *in, struct dn_list *l)
{
	LDAPDN dn = NULL;
	int i, j;

	if (ldap_str2dn(in, &dn, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS || dn == NULL)
		return PST_PERMFAIL;
	for (i = 0; dn[i] != NULL; i++) {
		for (j = 0; dn[i][j] != NULL; j++) {
			LDAPAVA *a = dn[i][j];
			char *type;

			if (a->la_flags & LDAP_AVA_BINARY)
				goto bad;
			type = dn_type_norm(a->la_attr.bv_val, a->la_attr.bv_len);
			if (type == NULL)
				goto bad;
			if (dn_add(l, i, type, xmemdup0(a->la_value.bv_val, a->la_value.bv_len),
			           a->la_value.bv_len) != PST_OK)
				goto bad;
		}
	}
	ldap_dnfree(dn);
	return l->n > 0 ? PST_OK : PST_PERMFAIL;
bad:
	ldap_dnfree(dn);
	return PST_PERMFAIL;
}

static int
dn_ava_cmp(const void *pa, const void *pb)
{
	const struct dn_ava *a = pa, *b = pb;
	size_t n;
	int c;

	if (a->rdn != b->rdn)
		return a->rdn < b->rdn ? -1 : 1;
	c = strcmp(a->type, b->type);
	if (c != 0)
		return c;
	n = a->vlen < b->vlen ? a->vlen : b->vlen;
	c = memcmp(a->value, b->value, n);
	if (c != 0)
		return c;
	return a->vlen < b->vlen ? -1 : (a->vlen > b->vlen);
}

/* dn_normalize_mode - dn_normalize, with the oneline parser's strictness */
static enum pst_result
dn_normalize_mode(const char *in, size_t len, int strict, char **out_r)
{
	struct dn_list l;
	struct buf b = BUF_INIT;
	enum pst_result r;
	size_t i, start = 0;
	char *copy;

	*out_r = NULL;
	if (in == NULL || len == 0 || len > DN_INPUT_MAX || memchr(in, '\0', len) != NULL)
		return PST_PERMFAIL;
	/* Tolerate blanks around the whole subject, as configuration files add them. */
	while (start < len && (in[start] == ' ' || in[start] == '\t'))
		start++;
	while (len > start && (in[len - 1] == ' ' || in[len - 1] == '\t' || in[len - 1] == '\n' ||
	                       in[len - 1] == '\r'))
		len--;
	if (start == len)
		return PST_PERMFAIL;
	memset(&l, 0, sizeof(l));
	copy = xmemdup0(in + start, len - start);
	if (copy[0] == '/')
		r = dn_parse_oneline(copy, len - start, strict, &l);
	else
		r = dn_parse_ldap(copy, &l);
	free(copy);
	if (r != PST_OK) {
		dn_list_free(&l);
		return r;
	}
	qsort(l.ava, l.n, sizeof(l.ava[0]), dn_ava_cmp);
	for (i = 0; i < l.n; i++) {
		char *esc = ldap_escape_dn(l.ava[i].value, l.ava[i].vlen);

		if (i > 0)
			buf_appendc(&b, l.ava[i].rdn == l.ava[i - 1].rdn ? '+' : ',');
		buf_appendf(&b, "%s=%s", l.ava[i].type, esc);
		free(esc);
	}
	dn_list_free(&l);
	/*
	 * Escaping can make the normal form longer than the input; one longer
	 * than any input accepted could never be normalized again (and so
	 * never matched), so it is refused like an overlong input.
	 */
	if (b.len > DN_INPUT_MAX) {
		buf_free(&b);
		return PST_PERMFAIL;
	}
	*out_r = buf_detach(&b);
	return PST_OK;
}

enum pst_result
dn_normalize(const char *in, size_t len, char **out_r)
{
	return dn_normalize_mode(in, len, 0, out_r);
}

enum pst_result
dn_normalize_strict(const char *in, size_t len, char **out_r)
{
	return dn_normalize_mode(in, len, 1, out_r);
}
