/*
 * authz_policy.c: the account-level checks that follow a good password.
 */
#include <strings.h>

#include "account_info.h"
#include "authd_conf.h"
#include "authz_policy.h"

/*
 * Cyrus IMAP's POP3 server asks as service "pop", while postinoService
 * (and postinoctl) call it pop3; both spellings mean the same service.
 */
static const char *
canonical_service(const char *s)
{
	if (strcasecmp(s, "pop") == 0)
		return "pop3";
	return s;
}

int
authz_service_matches(const char *requested, const char *listed)
{
	return strcasecmp(canonical_service(requested), canonical_service(listed)) == 0;
}

enum pst_result
authz_policy_check(const struct authd_conf *conf, const struct account_info *info,
                   const char *service, const char **reason_r)
{
	size_t i;

	*reason_r = NULL;
	if (!info->has_account) {
		if (conf->authd.require_account) {
			*reason_r = "entry has no postinoAccount class (authd_require_account)";
			return PST_PERMFAIL;
		}
		return PST_OK;
	}
	if (!conf->authd.check_policy)
		return PST_OK;
	if (info->disabled) {
		*reason_r = "account disabled";
		return PST_PERMFAIL;
	}
	for (i = 0; info->services != NULL && info->services[i] != NULL; i++)
		if (authz_service_matches(service, info->services[i]))
			return PST_OK;
	*reason_r = "service not allowed for this account";
	return PST_PERMFAIL;
}
