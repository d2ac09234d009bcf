/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_authd_flush_guard.c: an answer worked out before a flush is not
 * stored after it; one worked out after it is.
 */
#include "../../authd/flush_guard.h"
#include "t.h"

int
main(void)
{
	unsigned before = flush_guard_epoch(), after;

	T_CHECK(flush_guard_store_begin(before) == 1, "no flush yet: store");
	flush_guard_store_end();
	flush_guard_flush_begin();
	flush_guard_flush_end();
	after = flush_guard_epoch();
	T_CHECK(after != before, "a flush moves the epoch");
	T_CHECK(flush_guard_store_begin(before) == 0, "noted before the flush: not stored");
	flush_guard_store_end();
	T_CHECK(flush_guard_store_begin(after) == 1, "noted after the flush: stored");
	flush_guard_store_end();
	/* The lock is given back each time: a second flush does not hang. */
	flush_guard_flush_begin();
	flush_guard_flush_end();
	T_CHECK(flush_guard_epoch() != after, "every flush moves it");
	return t_done("authd_flush_guard");
}
