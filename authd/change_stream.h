/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * change_stream.h: the directory tells the cache. A thread follows the
 * accounts' subtree with RFC 4533 content synchronisation (lib's
 * sync_client, against slapd's syncprov) and evicts the cached answers of
 * every account whose password, lock, reset flag, disabled flag, services,
 * certificate subjects, name or existence changes (evict.h).
 *
 * While the stream is not live (not yet in sync, disconnected, stalled, or
 * a server without syncprov), cached answers are trusted for at most
 * authd_sync_stale_s seconds after it was last heard from; then the caches
 * are emptied, and emptied again every authd_sync_stale_s, until the
 * stream is back and has resynchronised. See doc/change-stream.md.
 */
#ifndef AUTHD_CHANGE_STREAM_H
#define AUTHD_CHANGE_STREAM_H

struct change_stream;

/* change_stream_start - start the thread (it follows the current conf, and reloads) */
struct change_stream *change_stream_start(void);
void change_stream_stop(struct change_stream **csp);

#endif
