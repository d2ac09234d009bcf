/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ppolicy.c: decoding the password policy response control.
 *
 * libldap does the BER decoding; this module only turns its error values
 * into postino's enum and a sentence for the logs.
 */
#include <ldap.h>

#include "ppolicy.h"

static const char *const ppolicy_texts[] = {
        [PPOLICY_NONE] = "no password policy problem",
        [PPOLICY_EXPIRED] = "password expired",
        [PPOLICY_LOCKED] = "account locked",
        [PPOLICY_MUST_CHANGE] = "password must be changed after reset",
        [PPOLICY_MOD_NOT_ALLOWED] = "password change not allowed",
        [PPOLICY_MUST_SUPPLY_OLD] = "the old password must be supplied",
        [PPOLICY_INSUFFICIENT] = "password quality insufficient",
        [PPOLICY_TOO_SHORT] = "password too short",
        [PPOLICY_TOO_YOUNG] = "password changed too recently",
        [PPOLICY_IN_HISTORY] = "password used before",
        [PPOLICY_OTHER] = "password policy error",
};

enum ppolicy_state
ppolicy_parse(LDAP *ld, LDAPControl **ctrls, struct ppolicy_info *info)
{
	LDAPPasswordPolicyError err = PP_noError;
	LDAPControl *c;
	ber_int_t expire = -1, grace = -1;

	info->state = PPOLICY_NONE;
	info->expire_in = -1;
	info->grace = -1;
	if (ld == NULL || ctrls == NULL)
		return info->state;
	c = ldap_control_find(LDAP_CONTROL_PASSWORDPOLICYRESPONSE, ctrls, NULL);
	if (c == NULL)
		return info->state;
	if (ldap_parse_passwordpolicy_control(ld, c, &expire, &grace, &err) != LDAP_SUCCESS) {
		/* A control we cannot read is still a policy objection. */
		info->state = PPOLICY_OTHER;
		return info->state;
	}
	info->expire_in = expire >= 0 ? (int)expire : -1;
	info->grace = grace >= 0 ? (int)grace : -1;
	switch (err) {
	case PP_passwordExpired:
		info->state = PPOLICY_EXPIRED;
		break;
	case PP_accountLocked:
		info->state = PPOLICY_LOCKED;
		break;
	case PP_changeAfterReset:
		info->state = PPOLICY_MUST_CHANGE;
		break;
	case PP_passwordModNotAllowed:
		info->state = PPOLICY_MOD_NOT_ALLOWED;
		break;
	case PP_mustSupplyOldPassword:
		info->state = PPOLICY_MUST_SUPPLY_OLD;
		break;
	case PP_insufficientPasswordQuality:
		info->state = PPOLICY_INSUFFICIENT;
		break;
	case PP_passwordTooShort:
		info->state = PPOLICY_TOO_SHORT;
		break;
	case PP_passwordTooYoung:
		info->state = PPOLICY_TOO_YOUNG;
		break;
	case PP_passwordInHistory:
		info->state = PPOLICY_IN_HISTORY;
		break;
	case PP_noError:
		info->state = PPOLICY_NONE;
		break;
	default:
		info->state = PPOLICY_OTHER;
		break;
	}
	return info->state;
}

const char *
ppolicy_state_text(enum ppolicy_state st)
{
	if ((int)st < 0 || (size_t)st >= sizeof(ppolicy_texts) / sizeof(ppolicy_texts[0]))
		return ppolicy_texts[PPOLICY_OTHER];
	return ppolicy_texts[st];
}
