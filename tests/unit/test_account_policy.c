/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_account_policy.c: every account state against every path, written
 * out here a second time (not read from acct_table), so a changed cell in
 * the module shows up as a failure; plus the inputs that select a state
 * (times, grace, services, identity) and the identity terms of filters.
 */
#include <stdlib.h>
#include <string.h>

#include "account_policy.h"
#include "ldap_template.h"
#include "t.h"

#define NOW ((time_t)1700000000)

/* One account per state, built from the fields the decoder fills. */
static void
make(enum acct_state st, struct acct_entry *a, struct acct_opts *o)
{
	static char *smtp_only[] = {"smtp", NULL};

	memset(a, 0, sizeof(*a));
	memset(o, 0, sizeof(*o));
	o->check_service = 1;
	a->has_class = 1;
	a->services = smtp_only;
	a->pol.known = 1;
	a->pol.lockout_duration = 300;
	a->pol.max_age = 86400;
	a->changed_at = NOW - 3600;
	switch (st) {
	case ACCT_ST_ALIAS:
		a->ident = ACCT_IDENT_MISMATCH;
		break;
	case ACCT_ST_NO_CLASS:
		a->has_class = 0;
		o->require_class = 1;
		break;
	case ACCT_ST_DISABLED:
		a->disabled = 1;
		break;
	case ACCT_ST_LOCKED_ADMIN:
		a->locked = a->admin_locked = 1;
		break;
	case ACCT_ST_LOCKED_TIMED:
		a->locked = 1;
		a->locked_at = NOW - 10;
		break;
	case ACCT_ST_RESET:
		a->reset = 1;
		break;
	case ACCT_ST_EXPIRED:
		a->changed_at = NOW - 2 * 86400;
		break;
	case ACCT_ST_EXPIRED_GRACE:
		a->changed_at = NOW - 2 * 86400;
		a->pol.grace_limit = 3;
		a->grace_used = 1;
		break;
	case ACCT_ST_SERVICE_DENIED:
	case ACCT_ST_OK:
	case ACCT_ST_COUNT:
		break;
	}
}

/* The expected table: R refuse, A allow, G grace login (allowed only with grace_ok). */
static const struct {
	enum acct_state st;
	const char *service;
	const char *row; /* bind fetch scram external plain-auxprop pwchange relay */
} expect[] = {
        {ACCT_ST_ALIAS, "smtp", "RRRRRRR"},          {ACCT_ST_NO_CLASS, "smtp", "RRRRRAR"},
        {ACCT_ST_DISABLED, "smtp", "RRRRRRR"},       {ACCT_ST_LOCKED_ADMIN, "smtp", "RRRRRRR"},
        {ACCT_ST_LOCKED_TIMED, "smtp", "RRRRRRR"},   {ACCT_ST_RESET, "smtp", "RRRRRAR"},
        {ACCT_ST_EXPIRED, "smtp", "RRRRRAR"},        {ACCT_ST_EXPIRED_GRACE, "smtp", "GRRRRAR"},
        {ACCT_ST_SERVICE_DENIED, "imap", "RRRRRAR"}, {ACCT_ST_OK, "smtp", "AAAAAAA"},
};

static void
test_table(void)
{
	size_t i;
	int p, seen[ACCT_ST_COUNT] = {0};

	for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
		struct acct_entry a;
		struct acct_opts o;
		enum acct_state got;

		make(expect[i].st, &a, &o);
		got = acct_state_of(&a, &o, expect[i].service, NOW, NULL);
		T_CHECK(got == expect[i].st, "state %s: got %s", acct_state_name(expect[i].st),
		        acct_state_name(got));
		seen[expect[i].st] = 1;
		for (p = 0; p < ACCT_PATH_COUNT; p++) {
			char want = expect[i].row[p];
			const char *why = NULL;
			enum pst_result r;

			o.grace_ok = 0;
			r = acct_decide(&a, &o, expect[i].service, (enum acct_path)p, NOW, NULL,
			                &why);
			T_CHECK((r == PST_OK) == (want == 'A'), "%s x %s: got %s",
			        acct_state_name(expect[i].st), acct_path_name((enum acct_path)p),
			        r == PST_OK ? "allow" : "refuse");
			T_CHECK((r == PST_OK) == (why == NULL), "%s x %s: reason iff refused",
			        acct_state_name(expect[i].st), acct_path_name((enum acct_path)p));
			o.grace_ok = 1;
			r = acct_decide(&a, &o, expect[i].service, (enum acct_path)p, NOW, NULL,
			                &why);
			T_CHECK((r == PST_OK) == (want == 'A' || want == 'G'), "%s x %s (grace ok)",
			        acct_state_name(expect[i].st), acct_path_name((enum acct_path)p));
		}
	}
	for (i = 0; i < ACCT_ST_COUNT; i++)
		T_CHECK(seen[i], "state %s has a row in the test",
		        acct_state_name((enum acct_state)i));
}

/* The inputs around each boundary. */
static void
test_states(void)
{
	struct acct_entry a;
	struct acct_opts o;
	static char *pop3[] = {"pop3", NULL};

	make(ACCT_ST_LOCKED_TIMED, &a, &o);
	a.locked_at = NOW - 300;
	T_CHECK(acct_state_of(&a, &o, "smtp", NOW, NULL) == ACCT_ST_OK, "timed lock over");
	a.locked_at = NOW - 299;
	T_CHECK(acct_state_of(&a, &o, "smtp", NOW, NULL) == ACCT_ST_LOCKED_TIMED, "lock holds");
	a.pol.known = 0;
	a.locked_at = NOW - 100000;
	T_CHECK(acct_state_of(&a, &o, "smtp", NOW, NULL) == ACCT_ST_LOCKED_TIMED,
	        "lock with an unknown policy holds");
	a.pol.known = 1;
	a.pol.lockout_duration = 0;
	T_CHECK(acct_state_of(&a, &o, "smtp", NOW, NULL) == ACCT_ST_LOCKED_TIMED,
	        "lockout duration 0: until unlocked");
	a.locked_at = 0;
	a.pol.lockout_duration = 300;
	T_CHECK(acct_state_of(&a, &o, "smtp", NOW, NULL) == ACCT_ST_LOCKED_TIMED,
	        "unreadable lock time holds");

	make(ACCT_ST_EXPIRED, &a, &o);
	a.changed_at = NOW - 86400 + 1;
	T_CHECK(acct_state_of(&a, &o, "smtp", NOW, NULL) == ACCT_ST_OK, "not yet expired");
	a.changed_at = NOW - 86400;
	T_CHECK(acct_state_of(&a, &o, "smtp", NOW, NULL) == ACCT_ST_EXPIRED, "expired at max age");
	a.changed_at = 0;
	T_CHECK(acct_state_of(&a, &o, "smtp", NOW, NULL) == ACCT_ST_OK,
	        "no pwdChangedTime: never expires");
	a.changed_at = NOW - 2 * 86400;
	a.pol.max_age = 0;
	T_CHECK(acct_state_of(&a, &o, "smtp", NOW, NULL) == ACCT_ST_OK, "max age 0: never");

	make(ACCT_ST_EXPIRED_GRACE, &a, &o);
	{
		long left = -1;

		T_CHECK(acct_state_of(&a, &o, "smtp", NOW, &left) == ACCT_ST_EXPIRED_GRACE &&
		                left == 2,
		        "grace left %ld", left);
		a.grace_used = 3;
		T_CHECK(acct_state_of(&a, &o, "smtp", NOW, &left) == ACCT_ST_EXPIRED && left == 0,
		        "grace used up");
	}

	make(ACCT_ST_OK, &a, &o);
	a.services = pop3;
	T_CHECK(acct_state_of(&a, &o, "pop", NOW, NULL) == ACCT_ST_OK, "pop is pop3");
	T_CHECK(acct_state_of(&a, &o, "POP3", NOW, NULL) == ACCT_ST_OK, "service case");
	T_CHECK(acct_state_of(&a, &o, "imap", NOW, NULL) == ACCT_ST_SERVICE_DENIED, "imap denied");
	T_CHECK(acct_state_of(&a, &o, "", NOW, NULL) == ACCT_ST_OK, "no service asked");
	o.check_service = 0;
	T_CHECK(acct_state_of(&a, &o, "imap", NOW, NULL) == ACCT_ST_OK, "service check off");
	o.check_service = 1;
	a.services = NULL;
	T_CHECK(acct_state_of(&a, &o, "smtp", NOW, NULL) == ACCT_ST_SERVICE_DENIED,
	        "no service listed: none allowed");
	a.has_class = 0;
	T_CHECK(acct_state_of(&a, &o, "smtp", NOW, NULL) == ACCT_ST_OK,
	        "entry without the class: every service");

	/* Stricter states win over milder ones. */
	make(ACCT_ST_DISABLED, &a, &o);
	a.changed_at = NOW - 2 * 86400;
	T_CHECK(acct_state_of(&a, &o, "smtp", NOW, NULL) == ACCT_ST_DISABLED,
	        "disabled and expired: disabled");
	make(ACCT_ST_EXPIRED, &a, &o);
	T_CHECK(acct_state_of(&a, &o, "imap", NOW, NULL) == ACCT_ST_EXPIRED,
	        "expired and service denied: expired");
}

static void
test_gentime(void)
{
	static const struct {
		const char *s;
		time_t want;
	} cases[] = {
	        {"20000101000000Z", 946684800},
	        {"20231114221320Z", 1700000000},
	        {"20231114221320.123456Z", 1700000000},
	        {"2023111422132Z", -1},
	        {"20231114221320", -1},
	        {"20231314221320Z", -1},
	        {"2023111422132xZ", -1},
	        {"20231114221320Zjunk", -1},
	        {"", -1},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		T_CHECK(acct_gentime(cases[i].s, strlen(cases[i].s)) == cases[i].want, "gentime %s",
		        cases[i].s);
}

static void
test_terms(void)
{
	static const struct {
		const char *tpl;
		int is_dn;
		const char *login;
		const char *want; /* "attr=value;..." */
		int any;
	} cases[] = {
	        {"(uid=%u)", 0, "alice", "uid=alice;", 0},
	        {"(uid=%U)", 0, "alice@example.org", "uid=alice;", 0},
	        {"(mail=%u)", 0, "alice@example.org", "mail=alice@example.org;", 0},
	        {"(&(objectClass=postinoAccount)(uid=%u))", 0, "bob", "uid=bob;", 0},
	        {"(|(uid=%u)(mail=%u))", 0, "bob", "uid=bob;mail=bob;", 1},
	        {"(&(uid=%U)(mail=%U@%d))", 0, "a@x.org", "uid=a;mail=a@x.org;", 0},
	        {"(cn=%u*)", 0, "a", "", 0},
	        {"(uid=x)", 0, "a", "", 0},
	        {"(uid=%s)", 0, "a", "", 0},
	        {"(uid=%u)", 0, "*)(x=1", "uid=*)(x=1;", 0},
	        {"uid=%u,ou=people,dc=example,dc=org", 1, "alice", "uid=alice;", 0},
	        {"uid=%U+mail=%u,dc=org", 1, "a@b", "uid=a;mail=a@b;", 0},
	        {"(uid=\xef\xbd\x95%u)", 0, "1",
	         "uid=\xef\xbd\x95"
	         "1;",
	         0},
	};
	size_t i, k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ldap_template_vars v = {cases[i].login, "smtp", "example.org", NULL};
		struct acct_terms ts;
		char got[512] = "";
		const char *attrs[ACCT_TERMS_MAX + 2] = {"uid"};
		size_t na = 1;

		acct_ident_terms(cases[i].tpl, &v, cases[i].is_dn, &ts);
		for (k = 0; k < ts.n; k++) {
			strncat(got, ts.t[k].attr, sizeof(got) - strlen(got) - 1);
			strncat(got, "=", sizeof(got) - strlen(got) - 1);
			strncat(got, ts.t[k].value, sizeof(got) - strlen(got) - 1);
			strncat(got, ";", sizeof(got) - strlen(got) - 1);
		}
		T_STREQ(got, cases[i].want, cases[i].tpl);
		T_CHECK(ts.any == cases[i].any, "%s: any", cases[i].tpl);
		acct_ident_attrs(&ts, attrs, &na, ACCT_TERMS_MAX + 1);
		T_CHECK(attrs[na] == NULL && na >= 1, "%s: attrs terminated", cases[i].tpl);
		acct_ident_terms_free(&ts);
	}
}

static void
test_caseeq(void)
{
	T_CHECK(acct_ascii_caseeq("Alice", 5, "aLICE", 5), "ASCII case");
	T_CHECK(!acct_ascii_caseeq("alice", 5, "alice ", 6), "trailing blank");
	/* U+FF55 is not 'u', U+FB01 is not "fi", U+00E9 is not 'e'. */
	T_CHECK(!acct_ascii_caseeq("\xef\xbd\x95", 3, "u", 1), "fullwidth u");
	T_CHECK(!acct_ascii_caseeq("\xef\xac\x81", 3, "fi", 2), "ligature fi");
	T_CHECK(!acct_ascii_caseeq("e\xcc\x81", 3, "\xc3\xa9", 2), "combining acute");
	T_CHECK(!acct_ascii_caseeq("\xc3\x89", 2, "\xc3\xa9", 2), "non-ASCII case is not folded");
}

int
main(void)
{
	test_table();
	test_states();
	test_gentime();
	test_terms();
	test_caseeq();
	return t_done("test_account_policy");
}
