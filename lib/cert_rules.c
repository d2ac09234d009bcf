/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cert_rules.c: compiling and applying the subject and CN rules.
 *
 * A rule must match the whole subject, as if it were written between ^
 * and $: a rule written without anchors would otherwise accept a subject
 * that merely contains the expected text, such as an attacker's
 * "CN=carol,OU=People,O=Example,C=IT,O=Evil CA" under a different tree.
 */
#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "cert_rules.h"
#include "xalloc.h"

struct cert_rules {
	size_t n;
	regex_t *re;
};

struct cert_rules *
cert_rules_new(char *const *pats, size_t n, const char *what, char **err_r)
{
	struct cert_rules *r = xcalloc(1, sizeof(*r));
	size_t i;

	r->re = xcalloc(n ? n : 1, sizeof(*r->re));
	for (i = 0; i < n; i++) {
		char msg[160];
		int rc;

		if (pats[i] == NULL)
			continue;
		rc = regcomp(&r->re[r->n], pats[i], REG_EXTENDED);
		if (rc != 0) {
			regerror(rc, &r->re[r->n], msg, sizeof(msg));
			*err_r = xasprintf("%s #%zu: %s", what, i + 1, msg);
			cert_rules_free(&r);
			return NULL;
		}
		r->n++;
		if (r->re[r->n - 1].re_nsub < 1) {
			*err_r = xasprintf("%s #%zu has no (capture) for the account name", what,
			                   i + 1);
			cert_rules_free(&r);
			return NULL;
		}
	}
	return r;
}

void
cert_rules_free(struct cert_rules **rp)
{
	struct cert_rules *r = *rp;
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		regfree(&r->re[i]);
	xfree(&r->re);
	xfree(rp);
}

size_t
cert_rules_count(const struct cert_rules *r)
{
	return r == NULL ? 0 : r->n;
}

enum pst_result
cert_rules_match(const struct cert_rules *r, const char *subject, char **name_r)
{
	size_t i, len = strlen(subject);

	for (i = 0; r != NULL && i < r->n; i++) {
		regmatch_t m[2];

		if (regexec(&r->re[i], subject, 2, m, 0) != 0)
			continue;
		if (m[0].rm_so != 0 || (size_t)m[0].rm_eo != len)
			continue;
		if (m[1].rm_so < 0 || m[1].rm_eo <= m[1].rm_so)
			continue;
		*name_r = xstrndup(subject + m[1].rm_so, (size_t)(m[1].rm_eo - m[1].rm_so));
		return PST_OK;
	}
	return PST_PERMFAIL;
}
