/*
 * authz_policy.h: may this account use this service? postinoDisabled,
 * postinoService and authd_require_account, decided after the password
 * was checked.
 */
#ifndef AUTHD_AUTHZ_POLICY_H
#define AUTHD_AUTHZ_POLICY_H

#include "result.h"

struct account_info;
struct authd_conf;

/*
 * authz_policy_check - PST_OK or PST_PERMFAIL with *reason_r (a fixed
 * string for the log). An entry without the postinoAccount class may use
 * every service, as with saslauthd, unless authd_require_account is set.
 * An account with the class may use exactly the services listed in
 * postinoService (none listed: none allowed).
 */
enum pst_result authz_policy_check(const struct authd_conf *conf, const struct account_info *info,
                                   const char *service, const char **reason_r);

/* authz_service_matches - 1 if the requested service is the listed one ("pop" is "pop3") */
int authz_service_matches(const char *requested, const char *listed);

#endif
