/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_ppolicy.c: decoding password policy response controls built here
 * with liblber, following the ASN.1 of draft-behera-ldap-password-policy:
 *   SEQUENCE { warning [0] CHOICE { timeBeforeExpiration [0] INTEGER,
 *              graceAuthNsRemaining [1] INTEGER } OPTIONAL,
 *              error [1] ENUMERATED OPTIONAL }
 */
#include <stdlib.h>
#include <string.h>

#include <lber.h>
#include <ldap.h>

#include "ppolicy.h"
#include "t.h"

/* make_ctrl - a response control; warn_tag 0/1 or -1, err -1 for none */
static LDAPControl *
make_ctrl(int warn_tag, int warn_val, int err)
{
	BerElement *ber = ber_alloc_t(LBER_USE_DER);
	LDAPControl *c = calloc(1, sizeof(*c));
	struct berval *bv = NULL;

	ber_printf(ber, "{");
	if (warn_tag >= 0) {
		ber_printf(ber, "t{", (ber_tag_t)0xa0);
		ber_printf(ber, "ti", (ber_tag_t)(0x80 | warn_tag), (ber_int_t)warn_val);
		ber_printf(ber, "N}");
	}
	if (err >= 0)
		ber_printf(ber, "te", (ber_tag_t)0x81, (ber_int_t)err);
	ber_printf(ber, "N}");
	ber_flatten(ber, &bv);
	ber_free(ber, 1);
	c->ldctl_oid = strdup(LDAP_CONTROL_PASSWORDPOLICYRESPONSE);
	c->ldctl_value = *bv;
	free(bv);
	return c;
}

static void
test_parse(void)
{
	static const struct {
		int warn_tag, warn_val, err;
		enum ppolicy_state want;
		int expire, grace;
	} cases[] = {
	        {-1, 0, -1, PPOLICY_NONE, -1, -1},
	        {-1, 0, 0, PPOLICY_EXPIRED, -1, -1},
	        {-1, 0, 1, PPOLICY_LOCKED, -1, -1},
	        {-1, 0, 2, PPOLICY_MUST_CHANGE, -1, -1},
	        {-1, 0, 3, PPOLICY_MOD_NOT_ALLOWED, -1, -1},
	        {-1, 0, 4, PPOLICY_MUST_SUPPLY_OLD, -1, -1},
	        {-1, 0, 5, PPOLICY_INSUFFICIENT, -1, -1},
	        {-1, 0, 6, PPOLICY_TOO_SHORT, -1, -1},
	        {-1, 0, 7, PPOLICY_TOO_YOUNG, -1, -1},
	        {-1, 0, 8, PPOLICY_IN_HISTORY, -1, -1},
	        {0, 3600, -1, PPOLICY_NONE, 3600, -1},
	        {1, 2, 0, PPOLICY_EXPIRED, -1, 2},
	};
	LDAP *ld = NULL;
	size_t i;

	T_CHECK(ldap_initialize(&ld, "ldap://127.0.0.1:1/") == LDAP_SUCCESS, "initialize");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		LDAPControl *c = make_ctrl(cases[i].warn_tag, cases[i].warn_val, cases[i].err);
		LDAPControl *ctrls[2] = {c, NULL};
		struct ppolicy_info info;

		T_CHECK(ppolicy_parse(ld, ctrls, &info) == cases[i].want, "case %zu state %d", i,
		        info.state);
		T_CHECK(info.expire_in == cases[i].expire && info.grace == cases[i].grace,
		        "case %zu expire %d grace %d", i, info.expire_in, info.grace);
		ldap_control_free(c);
	}
	{
		struct ppolicy_info info;
		LDAPControl other = {(char *)"1.2.3.4", {0, NULL}, 0};
		LDAPControl *ctrls[2] = {&other, NULL};

		T_CHECK(ppolicy_parse(ld, NULL, &info) == PPOLICY_NONE, "no controls");
		T_CHECK(ppolicy_parse(ld, ctrls, &info) == PPOLICY_NONE, "unrelated control");
	}
	{
		struct ppolicy_info info;
		LDAPControl bad = {(char *)LDAP_CONTROL_PASSWORDPOLICYRESPONSE,
		                   {3, (char *)"\x01\x02\x03"},
		                   0};
		LDAPControl *ctrls[2] = {&bad, NULL};

		T_CHECK(ppolicy_parse(ld, ctrls, &info) == PPOLICY_OTHER, "garbage control");
	}
	ldap_unbind_ext_s(ld, NULL, NULL);
	T_STREQ(ppolicy_state_text(PPOLICY_LOCKED), "account locked", "text");
	T_STREQ(ppolicy_state_text((enum ppolicy_state)99), "password policy error", "text range");
}

int
main(void)
{
	test_parse();
	return t_done("ppolicy");
}
