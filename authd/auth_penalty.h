/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_penalty.h: the growing delay for repeated failures of one account.
 *
 * After `free` failures in a row, each further attempt on the account waits
 * 1 s, then 2 s, 4 s, ... up to `max_s`; a success or `reset_s` seconds
 * without a failure start the count again. The table has a fixed number of
 * entries (the least recently failed account is forgotten first), so a
 * flood of made-up names cannot grow memory. Accounts are keyed by a keyed
 * digest of what selects them in the directory (see auth_penalty_key), so
 * case games and made-up realms do not dodge the delay.
 *
 * A failure with a password the account already failed with recently does
 * not count again (as Dovecot does): a phone that keeps retrying an old
 * password is not an attacker guessing, and should not lock its owner out
 * of the delay-free logins.
 *
 * The delay is served by the delay queue, never by sleeping in a worker.
 * Delayed attempts on one account queue up behind each other, at most
 * `pending` per delay interval, so parallel guessing gains nothing; none
 * is refused for the account's sake, so a right password in the queue is
 * answered late but never dropped.
 */
#ifndef AUTHD_AUTH_PENALTY_H
#define AUTHD_AUTH_PENALTY_H

#include <stddef.h>
#include <stdint.h>

struct auth_penalty;

struct penalty_params {
	long free;    /* failures without delay */
	long max_s;   /* longest delay */
	long reset_s; /* quiet period that forgets the failures */
	long pending; /* delayed attempts per account per delay interval */
};

struct penalty_key {
	unsigned char d[16];
};

struct auth_penalty *auth_penalty_new(size_t entries);
void auth_penalty_free(struct auth_penalty **pp);

/*
 * auth_penalty_key - the record of the account that (where, what) selects:
 * the expanded search base and filter, or the expanded DN template and "".
 * Keying on what the directory is asked, not on the request's fields,
 * means a field the templates ignore (the realm, usually) cannot be varied
 * to start a fresh count. Case and runs of blanks are folded.
 */
void auth_penalty_key(const char *where, const char *what, struct penalty_key *k);

/* auth_penalty_key_digest - the record of the entry whose identity digest is id */
void auth_penalty_key_digest(const unsigned char id[16], struct penalty_key *k);

/* auth_penalty_delay_for - the delay in ms after `failures` failures (pure) */
int64_t auth_penalty_delay_for(long failures, const struct penalty_params *pp);

/*
 * auth_penalty_check - how long an attempt must wait now (0: at once):
 * the delay, later still when other attempts on the account are queued.
 * When the answer is > 0 a pending count is taken, to be given back with
 * auth_penalty_release(). *refuse_r is kept for callers and always 0.
 */
int64_t auth_penalty_check(struct auth_penalty *p, const struct penalty_key *k, int64_t now_ms,
                           const struct penalty_params *pp, int *refuse_r);
void auth_penalty_release(struct auth_penalty *p, const struct penalty_key *k);
/* auth_penalty_pw_digest - the short keyed digest of a tried password */
uint64_t auth_penalty_pw_digest(const char *login, const char *realm, const void *pw, size_t pwlen);
/* auth_penalty_failure - count a failure with the password of digest pwd */
void auth_penalty_failure(struct auth_penalty *p, const struct penalty_key *k, uint64_t pwd,
                          int64_t now_ms, const struct penalty_params *pp);
void auth_penalty_success(struct auth_penalty *p, const struct penalty_key *k);
/* auth_penalty_failures - the current count (for tests) */
long auth_penalty_failures(struct auth_penalty *p, const struct penalty_key *k, int64_t now_ms,
                           const struct penalty_params *pp);

#endif
