/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * flush_guard.c: a flush epoch behind a read-write lock; stores share it,
 * flushes take it alone.
 */
#include <pthread.h>
#include <stdatomic.h>

#include "flush_guard.h"

static pthread_rwlock_t guard = PTHREAD_RWLOCK_INITIALIZER;
static atomic_uint epoch;

unsigned
flush_guard_epoch(void)
{
	return atomic_load(&epoch);
}

int
flush_guard_store_begin(unsigned e)
{
	pthread_rwlock_rdlock(&guard);
	return atomic_load(&epoch) == e;
}

void
flush_guard_store_end(void)
{
	pthread_rwlock_unlock(&guard);
}

void
flush_guard_flush_begin(void)
{
	pthread_rwlock_wrlock(&guard);
}

/*
 * The epoch moves at the end, after a reload installed its conf: a request
 * that sees the new epoch is sure to get the new conf too.
 */
void
flush_guard_flush_end(void)
{
	atomic_fetch_add(&epoch, 1);
	pthread_rwlock_unlock(&guard);
}
