/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * account_policy.c: the table of decisions, and how an account's decoded
 * entry selects its row.
 *
 * The table is the policy: a change of behaviour is a change of one cell,
 * and the unit test and doc/account-policy.md list the same cells. Rows are
 * tried from the most restrictive down, so an account in two states (a
 * disabled account whose password also expired) gets the stricter answer.
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "account_policy.h"

#define R ACCT_REFUSE
#define A ACCT_ALLOW
#define G ACCT_GRACE

/* clang-format off */
const enum acct_verdict acct_table[ACCT_ST_COUNT][ACCT_PATH_COUNT] = {
	/*                        bind fetch scram ext plain pwchange relay */
	[ACCT_ST_ALIAS]          = {R, R, R, R, R, R, R},
	[ACCT_ST_NO_CLASS]       = {R, R, R, R, R, A, R},
	[ACCT_ST_DISABLED]       = {R, R, R, R, R, R, R},
	[ACCT_ST_LOCKED_ADMIN]   = {R, R, R, R, R, R, R},
	[ACCT_ST_LOCKED_TIMED]   = {R, R, R, R, R, R, R},
	[ACCT_ST_RESET]          = {R, R, R, R, R, A, R},
	[ACCT_ST_EXPIRED]        = {R, R, R, R, R, A, R},
	[ACCT_ST_EXPIRED_GRACE]  = {G, R, R, R, R, A, R},
	[ACCT_ST_SERVICE_DENIED] = {R, R, R, R, R, A, R},
	[ACCT_ST_OK]             = {A, A, A, A, A, A, A},
};
/* clang-format on */

#undef R
#undef A
#undef G

static const char *const state_names[ACCT_ST_COUNT] = {
        [ACCT_ST_ALIAS] = "alias",
        [ACCT_ST_NO_CLASS] = "no-class",
        [ACCT_ST_DISABLED] = "disabled",
        [ACCT_ST_LOCKED_ADMIN] = "locked-admin",
        [ACCT_ST_LOCKED_TIMED] = "locked-timed",
        [ACCT_ST_RESET] = "reset",
        [ACCT_ST_EXPIRED] = "expired",
        [ACCT_ST_EXPIRED_GRACE] = "expired-grace",
        [ACCT_ST_SERVICE_DENIED] = "service-denied",
        [ACCT_ST_OK] = "ok",
};

static const char *const state_texts[ACCT_ST_COUNT] = {
        [ACCT_ST_ALIAS] = "login is not the account's own name (directory folded the spelling)",
        [ACCT_ST_NO_CLASS] = "entry has no postinoAccount class",
        [ACCT_ST_DISABLED] = "account disabled",
        [ACCT_ST_LOCKED_ADMIN] = "account locked by an administrator",
        [ACCT_ST_LOCKED_TIMED] = "account locked by ppolicy after failures",
        [ACCT_ST_RESET] = "password must be changed (pwdReset)",
        [ACCT_ST_EXPIRED] = "password expired",
        [ACCT_ST_EXPIRED_GRACE] = "password expired (grace logins left)",
        [ACCT_ST_SERVICE_DENIED] = "service not allowed for this account",
        [ACCT_ST_OK] = "account in good standing",
};

static const char *const path_names[ACCT_PATH_COUNT] = {
        [ACCT_PATH_AUTHD_BIND] = "authd-bind",
        [ACCT_PATH_AUTHD_FETCH] = "authd-fetch",
        [ACCT_PATH_SCRAM] = "scram",
        [ACCT_PATH_EXTERNAL] = "external",
        [ACCT_PATH_PLAIN_AUXPROP] = "plain-auxprop",
        [ACCT_PATH_PWCHANGE] = "pwchange",
        [ACCT_PATH_RELAY] = "relay",
};

const char *
acct_state_name(enum acct_state st)
{
	return (unsigned)st < ACCT_ST_COUNT ? state_names[st] : "unknown";
}

const char *
acct_state_text(enum acct_state st)
{
	return (unsigned)st < ACCT_ST_COUNT ? state_texts[st] : "unknown account state";
}

const char *
acct_path_name(enum acct_path p)
{
	return (unsigned)p < ACCT_PATH_COUNT ? path_names[p] : "unknown";
}

/*
 * Cyrus IMAP's POP3 server asks as service "pop", while postinoService
 * (and postinoctl) call it pop3; both spellings mean the same service.
 */
static const char *
canonical_service(const char *s)
{
	return strcasecmp(s, "pop") == 0 ? "pop3" : s;
}

int
acct_service_matches(const char *requested, const char *listed)
{
	const char *a = canonical_service(requested), *b = canonical_service(listed);

	return acct_ascii_caseeq(a, strlen(a), b, strlen(b));
}

static int
service_listed(const struct acct_entry *a, const char *service)
{
	size_t i;

	for (i = 0; a->services != NULL && a->services[i] != NULL; i++)
		if (acct_service_matches(service, a->services[i]))
			return 1;
	return 0;
}

/*
 * lock_holds - a timed lock ends pwdLockoutDuration after it was set; a
 * lock whose policy could not be read, or whose time is unreadable, holds
 * (a guess must not open an account).
 */
static int
lock_holds(const struct acct_entry *a, time_t now)
{
	if (!a->pol.known || a->pol.lockout_duration <= 0 || a->locked_at <= 0)
		return 1;
	return now < a->locked_at + (time_t)a->pol.lockout_duration;
}

/* expired - pwdChangedTime + pwdMaxAge reached (no pwdChangedTime: slapd never expires it) */
static int
expired(const struct acct_entry *a, time_t now)
{
	return a->pol.known && a->pol.max_age > 0 && a->changed_at > 0 &&
	       now >= a->changed_at + (time_t)a->pol.max_age;
}

enum acct_state
acct_state_of(const struct acct_entry *a, const struct acct_opts *o, const char *service,
              time_t now, long *grace_left_r)
{
	long left = 0;

	if (grace_left_r != NULL)
		*grace_left_r = 0;
	if (a->ident == ACCT_IDENT_MISMATCH)
		return ACCT_ST_ALIAS;
	if (!a->has_class && o->require_class)
		return ACCT_ST_NO_CLASS;
	if (a->disabled)
		return ACCT_ST_DISABLED;
	if (a->locked && a->admin_locked)
		return ACCT_ST_LOCKED_ADMIN;
	if (a->locked && lock_holds(a, now))
		return ACCT_ST_LOCKED_TIMED;
	if (a->reset)
		return ACCT_ST_RESET;
	if (expired(a, now)) {
		left = a->pol.grace_limit - a->grace_used;
		if (grace_left_r != NULL)
			*grace_left_r = left > 0 ? left : 0;
		return left > 0 ? ACCT_ST_EXPIRED_GRACE : ACCT_ST_EXPIRED;
	}
	if (o->check_service && a->has_class && service != NULL && *service != '\0' &&
	    !service_listed(a, service))
		return ACCT_ST_SERVICE_DENIED;
	return ACCT_ST_OK;
}

enum pst_result
acct_decide(const struct acct_entry *a, const struct acct_opts *o, const char *service,
            enum acct_path path, time_t now, enum acct_state *state_r, const char **reason_r)
{
	enum acct_state st = acct_state_of(a, o, service, now, NULL);
	enum acct_verdict v = (unsigned)path < ACCT_PATH_COUNT ? acct_table[st][path] : ACCT_REFUSE;

	if (state_r != NULL)
		*state_r = st;
	*reason_r = NULL;
	if (v == ACCT_ALLOW || (v == ACCT_GRACE && o->grace_ok))
		return PST_OK;
	*reason_r = acct_state_text(st);
	return PST_PERMFAIL;
}

int
acct_ascii_caseeq(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i;

	if (an != bn)
		return 0;
	for (i = 0; i < an; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return 1;
}

static int
digits(const char *s, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

time_t
acct_gentime(const char *s, size_t len)
{
	struct tm tm;
	int y, mo, d, h, mi, se;
	size_t i = 14;

	if (len < 15 || !digits(s, 4, &y) || !digits(s + 4, 2, &mo) || !digits(s + 6, 2, &d) ||
	    !digits(s + 8, 2, &h) || !digits(s + 10, 2, &mi) || !digits(s + 12, 2, &se))
		return -1;
	if (s[i] == '.' || s[i] == ',') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
	}
	if (i != len - 1 || s[i] != 'Z' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || se > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	return timegm(&tm);
}
