/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * account_policy.h: the one account policy of postino.
 *
 * Every program that lets somebody in (authd, the SASL plugin's SCRAM,
 * EXTERNAL and PLAIN-through-auxprop paths, pwchange's self-service change,
 * postino-socketmap's relaying by certificate) or shows what would happen (postinoctl) reads an
 * account through one decoder (acct_entry_decode) and asks one function (acct_decide), which looks
 * the answer up in one table of states against paths (acct_table, documented in
 * doc/account-policy.md). No program keeps a copy of these rules, so the mechanisms can no longer
 * disagree about an expired password or a ppolicy lock.
 *
 * The identity rule lives here too: once the directory has matched a login
 * to an entry, the login must be one of the entry's own values (ASCII case
 * aside) of the attributes the filter compared it with. slapd's matching
 * rules fold fullwidth letters, combining marks, ligatures and blanks, so
 * without this check one account answers to many names, and every cache,
 * delay and rate limit keyed by the name could be side-stepped.
 */
#ifndef POSTINO_ACCOUNT_POLICY_H
#define POSTINO_ACCOUNT_POLICY_H

#include <ldap.h>
#include <stddef.h>
#include <time.h>

#include "result.h"

struct ldap_template_vars;

/* The ppolicy value that means "locked by an administrator until unlocked". */
#define ACCT_ADMIN_LOCK "000001010000Z"

/* Caps on what one entry may bring in. */
#define ACCT_VALUES_MAX 64
#define ACCT_VALUE_LEN  1024
#define ACCT_TERMS_MAX  8

/* The rows of the table, most restrictive first (acct_state_of picks the first that holds). */
enum acct_state {
	ACCT_ST_ALIAS = 0,      /* the login is not the entry's own name (folded spelling) */
	ACCT_ST_NO_CLASS,       /* no postinoAccount class, and the caller requires it */
	ACCT_ST_DISABLED,       /* postinoDisabled not FALSE */
	ACCT_ST_LOCKED_ADMIN,   /* pwdAccountLockedTime 000001010000Z */
	ACCT_ST_LOCKED_TIMED,   /* pwdAccountLockedTime within pwdLockoutDuration */
	ACCT_ST_RESET,          /* pwdReset TRUE: the password must be changed first */
	ACCT_ST_EXPIRED,        /* pwdChangedTime + pwdMaxAge passed, no grace logins left */
	ACCT_ST_EXPIRED_GRACE,  /* expired, grace logins (pwdGraceAuthNLimit) left */
	ACCT_ST_SERVICE_DENIED, /* the service is not among postinoService */
	ACCT_ST_OK,
	ACCT_ST_COUNT
};

/* The columns: every way into an account. */
enum acct_path {
	ACCT_PATH_AUTHD_BIND = 0, /* authd bind/fastbind: slapd checked the password */
	ACCT_PATH_AUTHD_FETCH,    /* authd fetch/custom: the hash was verified locally */
	ACCT_PATH_SCRAM,          /* plugin: SCRAM secrets served by auxprop */
	ACCT_PATH_EXTERNAL,       /* plugin: a certificate mapped to the account */
	ACCT_PATH_PLAIN_AUXPROP,  /* plugin: PLAIN/LOGIN checked by libsasl2 through auxprop */
	ACCT_PATH_PWCHANGE,       /* pwchange: the owner changes the own password */
	ACCT_PATH_RELAY, /* socketmap: a certificate mapped to the account relays without AUTH */
	ACCT_PATH_COUNT
};

enum acct_verdict {
	ACCT_REFUSE = 0,
	ACCT_ALLOW,
	ACCT_GRACE, /* allowed only where the caller allows grace logins (it used one up) */
};

/* What the table says; exported for the unit test, postinoctl and the docs. */
extern const enum acct_verdict acct_table[ACCT_ST_COUNT][ACCT_PATH_COUNT];

/* The password policy entry that governs an account (pwdPolicySubentry or the default). */
struct acct_pwpolicy {
	int known;             /* the policy entry was read */
	long max_age;          /* pwdMaxAge, seconds; 0 = never expires */
	long grace_limit;      /* pwdGraceAuthNLimit */
	long lockout_duration; /* pwdLockoutDuration, seconds; 0 = until unlocked */
};

/* The identity check's outcome, made once at decode time. */
enum acct_ident { ACCT_IDENT_UNCHECKED = 0, ACCT_IDENT_MATCH, ACCT_IDENT_MISMATCH };

/* One decoded account entry. Free with acct_entry_free. */
struct acct_entry {
	char *dn;
	char *uid;         /* first uid value, or NULL */
	char *uuid;        /* entryUUID, or NULL */
	int has_class;     /* objectClass postinoAccount */
	int disabled;      /* postinoDisabled present and not FALSE */
	char **services;   /* postinoService, lower-cased, NULL-terminated; NULL if none */
	char **subjects;   /* postinoCertSubject values; NULL if none */
	int locked;        /* pwdAccountLockedTime present */
	int admin_locked;  /* ... with the administrator value */
	time_t locked_at;  /* its time, 0 when unreadable */
	time_t changed_at; /* pwdChangedTime, 0 when absent */
	long grace_used;   /* pwdGraceUseTime values */
	int reset;         /* pwdReset TRUE */
	char *policy_dn;   /* pwdPolicySubentry, or NULL */
	struct acct_pwpolicy pol;
	enum acct_ident ident;
};

/* How a caller decides. */
struct acct_opts {
	int check_service; /* compare the service with a postinoAccount's postinoService */
	int require_class; /* refuse entries without postinoAccount (authd_require_account) */
	int grace_ok;      /* a grace login counts as a login (authd_ppolicy_grace) */
};

/* How a caller decodes. */
struct acct_decode {
	const char *policy_default; /* DN of the policy for entries without pwdPolicySubentry */
	long timeout;               /* seconds for the policy entry's read */
	const char *ident_tpl; /* the filter (or DN template) that found the entry; NULL: none */
	const struct ldap_template_vars *ident_vars; /* the login it was expanded with */
	int ident_dn;                                /* ident_tpl is a DN template (fastbind) */
	/* Never block (an event loop): a policy entry not in the cache is PST_TEMPFAIL. */
	int policy_cached_only;
};

/*
 * acct_attrs - the attributes acct_entry_decode reads (NULL-terminated,
 * static), to which acct_ident_attrs adds the filter's own.
 */
extern const char *const acct_attrs[];

/*
 * acct_entry_decode - read entry e into a new acct_entry, the governing
 * policy entry included (through a small per-process cache). PST_TEMPFAIL
 * when the policy entry could not be read for a reason other than its
 * absence; PST_PERMFAIL when the entry has no usable DN. *err_r explains.
 */
enum pst_result acct_entry_decode(LDAP *ld, LDAPMessage *e, const struct acct_decode *d,
                                  struct acct_entry **out, char **err_r);
void acct_entry_free(struct acct_entry **ap);
/* acct_entry_dup - a deep copy (for caches) */
struct acct_entry *acct_entry_dup(const struct acct_entry *a);

/* acct_pwpolicy_from_entry - decode a pwdPolicy entry */
void acct_pwpolicy_from_entry(LDAP *ld, LDAPMessage *e, struct acct_pwpolicy *p);
/*
 * acct_pwpolicy_read - the policy entry at dn (cached a minute). Absent or
 * unreadable: p->known 0 and PST_OK; PST_TEMPFAIL with *err_r when the
 * directory did not answer, or when ld is NULL (the cache only) and it is
 * not cached.
 */
enum pst_result acct_pwpolicy_read(LDAP *ld, const char *dn, long timeout, struct acct_pwpolicy *p,
                                   char **err_r);
/* acct_pwpolicy_flush - forget the cached policy entries (reload, tests) */
void acct_pwpolicy_flush(void);

/*
 * acct_state_of - the row that applies to a for service at time now;
 * *grace_left_r (optional) gets the grace logins left when expired.
 */
enum acct_state acct_state_of(const struct acct_entry *a, const struct acct_opts *o,
                              const char *service, time_t now, long *grace_left_r);
/*
 * acct_decide - PST_OK when path may proceed for a, else PST_PERMFAIL with
 * *reason_r (a fixed sentence for the log) and *state_r (optional).
 */
enum pst_result acct_decide(const struct acct_entry *a, const struct acct_opts *o,
                            const char *service, enum acct_path path, time_t now,
                            enum acct_state *state_r, const char **reason_r);

const char *acct_state_name(enum acct_state st); /* "expired", "locked-timed", ... */
const char *acct_state_text(enum acct_state st); /* a sentence for the log */
const char *acct_path_name(enum acct_path p);    /* "authd-bind", "scram", ... */

/* acct_service_matches - 1 if requested names listed ("pop" is "pop3"; ASCII case aside) */
int acct_service_matches(const char *requested, const char *listed);
/* acct_gentime - parse a GeneralizedTime (YYYYMMDDHHMMSS[.f]Z); -1 when malformed */
time_t acct_gentime(const char *s, size_t len);

/*
 * The identity terms: each assertion "attr=<value with login tokens>" of a
 * filter or DN template, expanded with the login (unescaped). An entry
 * matches when every term (any term, for a filter with an OR) equals one
 * of the entry's values of its attribute, ASCII case aside.
 */
struct acct_term {
	char attr[64];
	char *value;
};
struct acct_terms {
	struct acct_term t[ACCT_TERMS_MAX];
	size_t n;
	int any; /* the template has an OR: one term is enough */
};
/* acct_ident_terms - the terms of tpl for v; 0 terms when it compares no login */
void acct_ident_terms(const char *tpl, const struct ldap_template_vars *v, int is_dn,
                      struct acct_terms *ts);
void acct_ident_terms_free(struct acct_terms *ts);
/*
 * acct_ident_attrs - append the terms' attributes to attrs[*n..max) (no
 * duplicates); attrs must have room for a NULL after them.
 */
void acct_ident_attrs(const struct acct_terms *ts, const char **attrs, size_t *n, size_t max);
/* acct_ident_match - ACCT_IDENT_MATCH/MISMATCH for ts against entry e (UNCHECKED: no terms) */
enum acct_ident acct_ident_match(LDAP *ld, LDAPMessage *e, const struct acct_terms *ts);
/* acct_ascii_casecmp_eq - 1 if a[0..an) and b[0..bn) are equal, ASCII case aside */
int acct_ascii_caseeq(const char *a, size_t an, const char *b, size_t bn);

#endif
