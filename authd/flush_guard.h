/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * flush_guard.h: keeps answers that were worked out before a flush (or a
 * reload) out of the caches filled after it.
 *
 * A request that asked the directory before an administrator changed a
 * password and ran "flush alice" must not write its now stale answer into
 * the freshly emptied cache, where it would live for a whole TTL. Each
 * request notes the flush epoch before it asks the directory; a cache
 * store happens only inside flush_guard_store_begin/end and only when the
 * epoch is unchanged, and a flush empties the caches (or a reload installs
 * its conf and empties them) inside flush_guard_flush_begin/end, which
 * moves the epoch on, so the two cannot interleave. Note the epoch before
 * taking the conf.
 */
#ifndef AUTHD_FLUSH_GUARD_H
#define AUTHD_FLUSH_GUARD_H

/* flush_guard_epoch - the epoch to note before asking the directory */
unsigned flush_guard_epoch(void);
/*
 * flush_guard_store_begin - 1 if nothing was flushed since epoch, so a
 * store may go ahead; call flush_guard_store_end() afterwards either way.
 */
int flush_guard_store_begin(unsigned epoch);
void flush_guard_store_end(void);
/* flush_guard_flush_begin/end - around a flush; the end moves the epoch on */
void flush_guard_flush_begin(void);
void flush_guard_flush_end(void);

#endif
