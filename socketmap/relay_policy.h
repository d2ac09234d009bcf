/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * relay_policy.h: may this account relay? The one account decision of
 * postino-socketmap, kept in one function so that it can become a call to
 * lib's account policy (the same table of decisions authd and the plugin
 * use) without touching the rest of the service.
 */
#ifndef SM_RELAY_POLICY_H
#define SM_RELAY_POLICY_H

#include "result.h"

/* The attributes the decision reads; sm_dir.c asks for exactly these. */
#define RELAY_POLICY_ATTRS                                                                         \
	"uid", "objectClass", "postinoDisabled", "pwdAccountLockedTime", "postinoService"

/* What the directory says about one account (strings as stored). */
struct relay_account {
	char *uid;         /* first uid value, or NULL */
	int is_postino;    /* objectClass postinoAccount */
	int disabled;      /* postinoDisabled TRUE */
	char *locked_time; /* pwdAccountLockedTime, or NULL */
	char **services;   /* postinoService values, NULL-terminated (may be NULL) */
};

void relay_account_clear(struct relay_account *a);

/*
 * relay_policy_allowed - PST_OK when a may relay as service (the
 * socketmap_service setting, "relay" by default): a postinoAccount, not
 * disabled, not locked by ppolicy (any pwdAccountLockedTime: the
 * administrator's permanent 000001010000Z and a timed lockout alike; a
 * lock that has run out is cleared by the next bind, until then relaying
 * fails closed), and the service among its postinoService values. Relaying
 * is a privilege: an account without postinoAccount, or without the
 * service, may not. Otherwise PST_PERMFAIL with a static *why_r.
 */
enum pst_result relay_policy_allowed(const struct relay_account *a, const char *service,
                                     const char **why_r);

#endif
