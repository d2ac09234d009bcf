/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * account_ident.c: is the login the account's own name?
 *
 * slapd compares "(uid=%u)" with caseIgnoreMatch after RFC 4518 string
 * preparation: fullwidth letters, ligatures and other compatibility forms
 * are folded (NFKC), combining marks and insignificant blanks dropped. So
 * "ｕ00059" (U+FF55) finds u00059. postino takes the assertions of the
 * filter (or fastbind's DN template) that carry the login, expands them
 * with the login as typed, and requires the entry to hold exactly that
 * value, with only ASCII letters compared without case: every other
 * spelling of an account is refused, whatever the directory folds.
 */
#include <string.h>

#include "account_policy.h"
#include "ldap_template.h"
#include "xalloc.h"

static int
attr_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == ';' || c == '.' || c == '_';
}

/* login_token - 1 if value[0..n) has a token taken from the login */
static int
login_token(const char *v, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		if (v[i] != '%')
			continue;
		if (v[i + 1] == 'u' || v[i + 1] == 'U' || v[i + 1] == 'd' ||
		    (v[i + 1] >= '1' && v[i + 1] <= '9'))
			return 1;
		i++; /* "%%" and other tokens */
	}
	return 0;
}

/* value_end - where the assertion value starting at s ends (unescaped ')' or ',' '+') */
static const char *
value_end(const char *s, int is_dn, int *wild_r)
{
	*wild_r = 0;
	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0') {
			s++;
			continue;
		}
		if (*s == '*' && !is_dn)
			*wild_r = 1;
		if ((!is_dn && (*s == ')' || *s == '(')) || (is_dn && (*s == ',' || *s == '+')))
			break;
	}
	return s;
}

static void
add_term(struct acct_terms *ts, const char *attr, size_t alen, const char *vt, size_t vlen,
         const struct ldap_template_vars *v)
{
	char *tpl, *out = NULL;

	if (ts->n >= ACCT_TERMS_MAX || alen >= sizeof(ts->t[0].attr))
		return;
	tpl = xmemdup0(vt, vlen);
	if (ldap_template_expand(tpl, v, LDAP_TPL_RAW, &out, NULL) == PST_OK) {
		memcpy(ts->t[ts->n].attr, attr, alen);
		ts->t[ts->n].attr[alen] = '\0';
		ts->t[ts->n].value = out;
		ts->n++;
	}
	xfree(&tpl);
}

void
acct_ident_terms(const char *tpl, const struct ldap_template_vars *v, int is_dn,
                 struct acct_terms *ts)
{
	const char *s = tpl;

	memset(ts, 0, sizeof(*ts));
	if (tpl == NULL)
		return;
	ts->any = !is_dn && strstr(tpl, "(|") != NULL;
	while (*s != '\0') {
		const char *attr = s, *val, *end;
		int wild;

		while (attr_char(*s))
			s++;
		if (s == attr || *s != '=' ||
		    !(attr == tpl || attr[-1] == '(' ||
		      (is_dn && (attr[-1] == ',' || attr[-1] == '+')))) {
			s = s == attr ? s + 1 : s;
			continue;
		}
		val = s + 1;
		end = value_end(val, is_dn, &wild);
		if (!wild && login_token(val, (size_t)(end - val)))
			add_term(ts, attr, (size_t)(s - attr), val, (size_t)(end - val), v);
		s = *end != '\0' ? end + 1 : end;
	}
}

void
acct_ident_terms_free(struct acct_terms *ts)
{
	size_t i;

	for (i = 0; i < ts->n; i++)
		xfree(&ts->t[i].value);
	ts->n = 0;
}

void
acct_ident_attrs(const struct acct_terms *ts, const char **attrs, size_t *n, size_t max)
{
	size_t i, k;

	for (i = 0; i < ts->n && *n < max; i++) {
		for (k = 0; k < *n; k++)
			if (acct_ascii_caseeq(attrs[k], strlen(attrs[k]), ts->t[i].attr,
			                      strlen(ts->t[i].attr)))
				break;
		if (k == *n)
			attrs[(*n)++] = ts->t[i].attr;
	}
	attrs[*n] = NULL;
}

static int
term_holds(LDAP *ld, LDAPMessage *e, const struct acct_term *t)
{
	struct berval **v = ldap_get_values_len(ld, e, t->attr);
	size_t k, n = strlen(t->value);
	int ok = 0;

	for (k = 0; v != NULL && v[k] != NULL && !ok; k++)
		ok = acct_ascii_caseeq(v[k]->bv_val, v[k]->bv_len, t->value, n);
	ldap_value_free_len(v);
	return ok;
}

enum acct_ident
acct_ident_match(LDAP *ld, LDAPMessage *e, const struct acct_terms *ts)
{
	size_t i, held = 0;

	if (ts->n == 0)
		return ACCT_IDENT_UNCHECKED;
	for (i = 0; i < ts->n; i++)
		held += (size_t)term_holds(ld, e, &ts->t[i]);
	if (ts->any ? held > 0 : held == ts->n)
		return ACCT_IDENT_MATCH;
	return ACCT_IDENT_MISMATCH;
}
