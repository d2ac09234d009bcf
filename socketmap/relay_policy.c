/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * relay_policy.c: the account decision for relaying (see relay_policy.h).
 */
#include <strings.h>

#include "relay_policy.h"
#include "xalloc.h"

void
relay_account_clear(struct relay_account *a)
{
	size_t i;

	xfree(&a->uid);
	xfree(&a->locked_time);
	for (i = 0; a->services != NULL && a->services[i] != NULL; i++)
		xfree(&a->services[i]);
	xfree(&a->services);
	a->is_postino = 0;
	a->disabled = 0;
}

enum pst_result
relay_policy_allowed(const struct relay_account *a, const char *service, const char **why_r)
{
	size_t i;

	*why_r = NULL;
	if (!a->is_postino) {
		*why_r = "not a postinoAccount";
		return PST_PERMFAIL;
	}
	if (a->disabled) {
		*why_r = "account disabled";
		return PST_PERMFAIL;
	}
	if (a->locked_time != NULL) {
		*why_r = "account locked";
		return PST_PERMFAIL;
	}
	for (i = 0; a->services != NULL && a->services[i] != NULL; i++)
		if (strcasecmp(a->services[i], service) == 0)
			return PST_OK;
	*why_r = "service not allowed for this account";
	return PST_PERMFAIL;
}
