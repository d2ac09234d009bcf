/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * evict.c: evictions on the credential and DN caches, keyed today by the
 * account name a client logs in with ("alice", "Alice", "alice@realm" are
 * one name to a flush).
 */
#include <stdatomic.h>
#include <stddef.h>

#include "auth_cache.h"
#include "auth_ctx.h"
#include "dn_cache.h"
#include "evict.h"
#include "flush_guard.h"

static _Atomic(struct authd_runtime *) evict_rt;

void
authd_evict_init(struct authd_runtime *rt)
{
	atomic_store(&evict_rt, rt);
}

size_t
authd_evict_account_digest(const unsigned char *d, size_t len)
{
	struct authd_runtime *rt = atomic_load(&evict_rt);
	size_t n = 0;

	if (rt == NULL)
		return 0;
	flush_guard_flush_begin();
	if (rt->cache != NULL)
		n += auth_cache_flush_account(rt->cache, d, len);
	if (rt->dns != NULL)
		n += dn_cache_flush_account(rt->dns, d, len);
	flush_guard_flush_end();
	return n;
}

size_t
authd_evict_all(void)
{
	struct authd_runtime *rt = atomic_load(&evict_rt);
	size_t n = 0;

	if (rt == NULL)
		return 0;
	flush_guard_flush_begin();
	if (rt->cache != NULL)
		n += auth_cache_flush_all(rt->cache);
	if (rt->dns != NULL)
		n += dn_cache_flush_all(rt->dns);
	flush_guard_flush_end();
	return n;
}

static _Atomic int64_t trust_until = INT64_MAX;

void
authd_cache_trust_until(int64_t until_ms)
{
	atomic_store_explicit(&trust_until, until_ms, memory_order_release);
}

int
authd_cache_trusted(int64_t now_ms)
{
	return now_ms < atomic_load_explicit(&trust_until, memory_order_acquire);
}
