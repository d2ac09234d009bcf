/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_authd_penalty.c: the brute-force delay table: the schedule, reset
 * on success and after a quiet period, case folding, the per-account queue
 * of held requests, and the bounded size.
 */
#include <string.h>

#include "../../authd/auth_penalty.h"
#include "keyed_hash.h"
#include "t.h"

int
main(void)
{
	struct penalty_params pp = {3, 15, 300, 2};
	struct auth_penalty *p;
	struct penalty_key k, kupper, kother;
	int64_t now = 100000;
	int refuse, i;
	/* The schedule written out: attempts after 0..8 failures. */
	static const int64_t want[] = {0, 0, 0, 1000, 2000, 4000, 8000, 15000, 15000};

	T_CHECK(keyed_hash_init() == PST_OK, "key drawn");
	for (i = 0; i < 9; i++)
		T_CHECK(auth_penalty_delay_for(i, &pp) == want[i], "delay after %d failures", i);
	T_CHECK(auth_penalty_delay_for(1000, &pp) == 15000, "capped");
	{
		const char pw1[] = "guess", pw2[] = "other";

		T_CHECK(auth_penalty_pw_digest("a", "", pw1, 5) ==
		                auth_penalty_pw_digest("a", "", pw1, 5),
		        "digest stable");
		T_CHECK(auth_penalty_pw_digest("a", "", pw1, 5) !=
		                auth_penalty_pw_digest("a", "", pw2, 5),
		        "digest differs per password");
	}

	p = auth_penalty_new(256);
	auth_penalty_key("alice", "", &k);
	auth_penalty_key("ALICE", "", &kupper);
	auth_penalty_key("bob", "", &kother);
	T_CHECK(auth_penalty_check(p, &k, now, &pp, &refuse) == 0 && !refuse,
	        "no record: no delay");
	for (i = 0; i < 3; i++)
		auth_penalty_failure(p, &k, 100 + (uint64_t)i, now + i, &pp);
	T_CHECK(auth_penalty_failures(p, &kupper, now + 3, &pp) == 3, "case folded");
	T_CHECK(auth_penalty_check(p, &kupper, now + 3, &pp, &refuse) == 1000, "1 s after 3");
	T_CHECK(auth_penalty_check(p, &k, now + 3, &pp, &refuse) == 1500 && !refuse,
	        "2nd queued behind the 1st: 2 per delay interval");
	T_CHECK(auth_penalty_check(p, &k, now + 3, &pp, &refuse) == 2000 && !refuse,
	        "3rd queued, not refused");
	auth_penalty_release(p, &k);
	auth_penalty_release(p, &k);
	auth_penalty_release(p, &k);
	T_CHECK(auth_penalty_check(p, &kother, now + 3, &pp, &refuse) == 0, "bob unaffected");
	{
		struct penalty_key a1, a2;

		/* The directory ignores case and the number of inner blanks. */
		auth_penalty_key("OU=People", "(uid=Ann  Lee)", &a1);
		auth_penalty_key("ou=people", "(uid=ann lee)", &a2);
		T_CHECK(memcmp(&a1, &a2, sizeof(a1)) == 0, "blanks and case folded");
		auth_penalty_key("ou=people", "(uid=annlee)", &a2);
		T_CHECK(memcmp(&a1, &a2, sizeof(a1)) != 0, "a blank is not nothing");
		/* The two parts cannot slide into each other. */
		auth_penalty_key("ab", "c", &a1);
		auth_penalty_key("a", "bc", &a2);
		T_CHECK(memcmp(&a1, &a2, sizeof(a1)) != 0, "parts kept apart");
	}
	auth_penalty_failure(p, &k, 103, now + 4, &pp);
	T_CHECK(auth_penalty_check(p, &k, now + 2600, &pp, &refuse) == 2000,
	        "2 s after 4, once the queue has drained");
	auth_penalty_release(p, &k);
	/* The same wrong passwords again do not count again. */
	auth_penalty_failure(p, &k, 103, now + 5, &pp);
	auth_penalty_failure(p, &k, 101, now + 5, &pp);
	T_CHECK(auth_penalty_failures(p, &k, now + 5, &pp) == 4, "repeated passwords not counted");
	auth_penalty_release(p, &k);
	auth_penalty_success(p, &k);
	T_CHECK(auth_penalty_check(p, &k, now + 6, &pp, &refuse) == 0, "success resets");
	for (i = 0; i < 5; i++)
		auth_penalty_failure(p, &k, 200 + (uint64_t)i, now + 10, &pp);
	T_CHECK(auth_penalty_failures(p, &k, now + 10 + 300001, &pp) == 0, "quiet period forgets");

	/* Bounded: 10000 accounts into 256 slots, the table does not grow. */
	for (i = 0; i < 10000; i++) {
		char u[32];
		struct penalty_key ki;

		snprintf(u, sizeof(u), "user%d", i);
		auth_penalty_key(u, "", &ki);
		auth_penalty_failure(p, &ki, 1, now + i, &pp);
	}
	{
		struct penalty_key last;

		auth_penalty_key("user9999", "", &last);
		T_CHECK(auth_penalty_failures(p, &last, now + 10000, &pp) == 1,
		        "the newest account is tracked");
	}
	auth_penalty_free(&p);
	T_CHECK(p == NULL, "free NULLs");
	keyed_hash_shutdown();
	return t_done("authd_penalty");
}
