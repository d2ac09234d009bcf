/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auxprop_props.c: choosing and filling the auxprop plugin's properties.
 */
#include <string.h>
#include <strings.h>

#include "account.h"
#include "auxprop_props.h"

size_t
auxprop_wanted(const struct propval *pr, unsigned flags, size_t *idx)
{
	size_t i, n = 0;

	for (i = 0; pr != NULL && pr[i].name != NULL && n < AUXPROP_WANT_MAX; i++) {
		const char *name = pr[i].name;

		if (name[0] == '*') {
			if (flags & SASL_AUXPROP_AUTHZID)
				continue;
			name++;
		}
		if (strcasecmp(name, ACCT_ATTR_AUTHPW) != 0)
			continue;
		if (pr[i].values != NULL && !(flags & SASL_AUXPROP_OVERRIDE))
			continue;
		idx[n++] = i;
	}
	return n;
}

void
auxprop_serve(const sasl_utils_t *utils, struct propctx *pctx, const struct propval *pr,
              const size_t *idx, size_t n, char *const *secrets)
{
	size_t i, j;

	if (secrets == NULL)
		return;
	for (i = 0; i < n; i++) {
		const char *name = pr[idx[i]].name;

		if (pr[idx[i]].values != NULL)
			utils->prop_erase(pctx, name);
		for (j = 0; secrets[j] != NULL; j++)
			utils->prop_set(pctx, name, secrets[j], (int)strlen(secrets[j]));
	}
}
