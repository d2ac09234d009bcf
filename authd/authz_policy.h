/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * authz_policy.h: may this account use this service? authd's door to
 * lib's account policy (account_policy.h), asked after the password was
 * checked and before any answer is cached.
 */
#ifndef AUTHD_AUTHZ_POLICY_H
#define AUTHD_AUTHZ_POLICY_H

#include "result.h"

struct account_info;
struct authd_conf;

/*
 * authz_policy_check - PST_OK or PST_PERMFAIL with *reason_r (a fixed
 * string for the log). The decision is acct_decide's for the path of the
 * configured ldap_auth_method: authd_check_policy turns the postinoService
 * check on, authd_require_account the postinoAccount requirement,
 * authd_ppolicy_grace the grace logins. An account whose entry was not read
 * (fastbind without either setting) has only the login's spelling checked:
 * plain ASCII, since the directory cannot be asked what it matched.
 */
enum pst_result authz_policy_check(const struct authd_conf *conf, const struct account_info *info,
                                   const char *login, const char *service, const char **reason_r);

#endif
