/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * evict.h: the two ways to drop cached answers when the directory says an
 * account changed. The change stream (change_stream.c) calls only these,
 * so how the caches are keyed stays this file's business.
 *
 * Each runs inside flush_guard_flush_begin/end, so an answer that was
 * being worked out when the change happened is not stored afterwards.
 */
#ifndef AUTHD_EVICT_H
#define AUTHD_EVICT_H

#include <stddef.h>
#include <stdint.h>

struct authd_runtime;

/* authd_evict_init - the caches to act on (NULL: evictions do nothing) */
void authd_evict_init(struct authd_runtime *rt);
/*
 * authd_evict_account_digest - drop every cached answer (credential and
 * DN caches, any realm, any service) of the account whose digest
 * (account_name_digest) starts with the len bytes at d: the change stream
 * keeps only those (sync_accounts.h). Returns the number dropped.
 */
size_t authd_evict_account_digest(const unsigned char *d, size_t len);
/* authd_evict_all - drop every cached answer */
size_t authd_evict_all(void);
/*
 * authd_cache_trust_until - cached answers may be used until this
 * clock_now_ms() time (INT64_MAX: no change stream is watching, always).
 * The change stream moves it on while it is live; when it stalls, the
 * bound holds on the read path even while the stream's thread is stuck in
 * a reconnect.
 */
void authd_cache_trust_until(int64_t until_ms);
/* authd_cache_trusted - 1 if cached answers may be used at now_ms */
int authd_cache_trusted(int64_t now_ms);

#endif
