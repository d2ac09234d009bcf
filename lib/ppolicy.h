/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ppolicy.h: decoding OpenLDAP's password policy response control
 * (draft-behera-ldap-password-policy) into a reason a log can state.
 */
#ifndef POSTINO_PPOLICY_H
#define POSTINO_PPOLICY_H

#include <ldap.h>

enum ppolicy_state {
	PPOLICY_NONE = 0,        /* no control, or a control with no error */
	PPOLICY_EXPIRED,         /* passwordExpired */
	PPOLICY_LOCKED,          /* accountLocked */
	PPOLICY_MUST_CHANGE,     /* changeAfterReset */
	PPOLICY_MOD_NOT_ALLOWED, /* passwordModNotAllowed */
	PPOLICY_MUST_SUPPLY_OLD, /* mustSupplyOldPassword */
	PPOLICY_INSUFFICIENT,    /* insufficientPasswordQuality */
	PPOLICY_TOO_SHORT,       /* passwordTooShort */
	PPOLICY_TOO_YOUNG,       /* passwordTooYoung */
	PPOLICY_IN_HISTORY,      /* passwordInHistory */
	PPOLICY_OTHER,           /* an error value we do not know */
};

struct ppolicy_info {
	enum ppolicy_state state;
	int expire_in; /* seconds until expiry, or -1 */
	int grace;     /* grace logins left, or -1 */
};

/* ppolicy_parse - fill *info from response controls (NULL-safe); returns info->state */
enum ppolicy_state ppolicy_parse(LDAP *ld, LDAPControl **ctrls, struct ppolicy_info *info);
/* ppolicy_state_text - a short human sentence, e.g. "account locked" */
const char *ppolicy_state_text(enum ppolicy_state st);

#endif
