/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * authz_policy.c: the account-level checks that follow a good password,
 * all of them lib's account policy.
 */
#include <time.h>

#include "account_info.h"
#include "account_policy.h"
#include "authd_conf.h"
#include "authz_policy.h"

/*
 * login_plain - a login the directory cannot have folded: printable ASCII,
 * no blank next to another. slapd's matching folds only non-ASCII forms and
 * runs of blanks, so such a login names the entry exactly as stored.
 */
static int
login_plain(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e ||
		    (s[0] == ' ' && s[1] == ' '))
			return 0;
	return 1;
}

enum pst_result
authz_policy_check(const struct authd_conf *conf, const struct account_info *info,
                   const char *login, const char *service, const char **reason_r)
{
	struct acct_opts o = {conf->authd.check_policy, conf->authd.require_account,
	                      conf->authd.ppolicy_grace_ok};
	enum acct_path path = conf->ldap.auth_method == LS_METHOD_FETCH ||
	                                      conf->ldap.auth_method == LS_METHOD_CUSTOM
	                              ? ACCT_PATH_AUTHD_FETCH
	                              : ACCT_PATH_AUTHD_BIND;

	*reason_r = NULL;
	if (info->acct == NULL) {
		if (login_plain(login))
			return PST_OK;
		*reason_r = acct_state_text(ACCT_ST_ALIAS);
		return PST_PERMFAIL;
	}
	return acct_decide(info->acct, &o, service, path, time(NULL), NULL, reason_r);
}
