/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldap_template.c: saslauthd-compatible %-token expansion, escaping every
 * substituted value for the context (filter or DN) it is placed in.
 */
#include <string.h>

#include "buf.h"
#include "ldap_escape.h"
#include "ldap_template.h"
#include "xalloc.h"

/* append_escaped - add value[0..len) to b, escaped for ctx */
static void
append_escaped(struct buf *b, const char *value, size_t len, enum ldap_template_ctx ctx)
{
	char *esc;

	if (len == 0)
		return;
	if (ctx == LDAP_TPL_RAW) {
		buf_append(b, value, len);
		return;
	}
	esc = ctx == LDAP_TPL_DN ? ldap_escape_dn(value, len) : ldap_escape_filter(value, len);
	buf_appends(b, esc);
	xfree(&esc);
}

/*
 * domain_label - the n-th label (1 = rightmost) of dom[0..len), or an empty
 * span when there are fewer labels.
 */
static void
domain_label(const char *dom, size_t len, int n, const char **p_r, size_t *len_r)
{
	size_t end = len;
	int i;

	*p_r = dom;
	*len_r = 0;
	for (i = 1; i <= n; i++) {
		size_t start = end;

		while (start > 0 && dom[start - 1] != '.')
			start--;
		if (i == n) {
			*p_r = dom + start;
			*len_r = end - start;
			return;
		}
		if (start == 0)
			return;
		end = start - 1;
	}
}

enum pst_result
ldap_template_expand(const char *tpl, const struct ldap_template_vars *v,
                     enum ldap_template_ctx ctx, char **out_r, char **err_r)
{
	struct buf b = BUF_INIT;
	const char *login = v->login != NULL ? v->login : "";
	const char *realm = v->realm != NULL ? v->realm : "";
	const char *service = v->service != NULL ? v->service : "";
	const char *at = strchr(login, '@');
	const char *s;

	*out_r = NULL;
	for (s = tpl; *s != '\0'; s++) {
		if (*s != '%') {
			buf_appendc(&b, *s);
			continue;
		}
		s++;
		switch (*s) {
		case '\0':
			/* A lone '%' at the end is dropped, as saslauthd does. */
			s--;
			break;
		case '%':
			buf_appendc(&b, '%');
			break;
		case 'u':
			append_escaped(&b, login, strlen(login), ctx);
			break;
		case 'U':
			append_escaped(&b, login, at != NULL ? (size_t)(at - login) : strlen(login),
			               ctx);
			break;
		case 'd':
			if (at != NULL)
				append_escaped(&b, at + 1, strlen(at + 1), ctx);
			break;
		case 's':
			append_escaped(&b, service, strlen(service), ctx);
			break;
		case 'r':
			append_escaped(&b, realm, strlen(realm), ctx);
			break;
		case 'R':
			if (*realm != '\0') {
				char *r = xasprintf("@%s", realm);

				append_escaped(&b, r, strlen(r), ctx);
				xfree(&r);
			}
			break;
		case 'D':
			/*
			 * The DN comes from the directory and is already a DN:
			 * escaping it as one value would turn its commas into
			 * data. In a filter it is a value like any other.
			 */
			if (v->dn != NULL) {
				if (ctx == LDAP_TPL_DN)
					buf_appends(&b, v->dn);
				else
					append_escaped(&b, v->dn, strlen(v->dn), ctx);
			}
			break;
		default:
			if (*s >= '1' && *s <= '9') {
				const char *dom = at != NULL ? at + 1 : realm;
				const char *lp;
				size_t ll;

				domain_label(dom, strlen(dom), *s - '0', &lp, &ll);
				append_escaped(&b, lp, ll, ctx);
			}
			/* Unknown tokens vanish, both characters, like saslauthd. */
			break;
		}
		if (b.len > LDAP_TEMPLATE_MAX)
			break;
	}
	if (b.len > LDAP_TEMPLATE_MAX) {
		buf_free(&b);
		if (err_r != NULL)
			*err_r = xasprintf("template expansion longer than %d bytes",
			                   LDAP_TEMPLATE_MAX);
		return PST_PERMFAIL;
	}
	*out_r = buf_detach(&b);
	return PST_OK;
}

int
ldap_template_uses(const char *tpl, char token)
{
	const char *s;

	for (s = tpl; *s != '\0'; s++) {
		if (*s != '%')
			continue;
		if (s[1] == '\0')
			return 0;
		if (s[1] == token)
			return 1;
		s++;
	}
	return 0;
}
