/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dir_policy.h: the directory's own password rules (a ppolicy pwdPolicy
 * entry), read so the page can show them next to the local ones and a
 * refusal can name the number the directory wants.
 *
 * Which policy applies to an account is the directory's business
 * (pwdPolicySubentry, olcPPolicyDefault); the page shows the one named by
 * pwchange_directory_policy, normally the default policy.
 */
#ifndef POSTINO_PWCHANGE_DIR_POLICY_H
#define POSTINO_PWCHANGE_DIR_POLICY_H

#include "lang.h"

#include "result.h"

struct ldap_settings;

struct dir_policy {
	long min_length;    /* pwdMinLength, 0 if unset */
	long in_history;    /* pwdInHistory */
	long min_age;       /* pwdMinAge, seconds */
	long check_quality; /* pwdCheckQuality: 0 off, 1 when possible, 2 always */
};

/*
 * dir_policy_read - read the pwdPolicy entry dn with the service bind into
 * *dp. PST_PERMFAIL with *err_r if it is missing or not a policy,
 * PST_TEMPFAIL if the directory cannot be asked.
 */
enum pst_result dir_policy_read(const struct ldap_settings *ls, const char *dn,
                                struct dir_policy *dp, char **err_r);
/* dir_policy_rules_add - append the policy's rules as sentences to the NULL-terminated *rulesp */
void dir_policy_rules_add(const struct dir_policy *dp, enum lang l, char ***rulesp);
/* dir_policy_min_length - pwdMinLength, or 0 when dp is NULL or has none */
long dir_policy_min_length(const struct dir_policy *dp);

#endif
