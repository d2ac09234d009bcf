/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * plugin_cache.h: a small, bounded, short-lived cache of directory answers.
 *
 * A login makes the plugin ask the directory two or three times (canonuser,
 * then auxprop for the authentication and the authorization identity);
 * the cache turns those into one search. Entries live postino_cache_ttl
 * seconds, at most postino_cache_size of them are kept (the oldest goes
 * first), answers that could not be had (TEMPFAIL) are never stored, and
 * stored secrets are wiped when an entry goes. The caller holds the lock.
 */
#ifndef POSTINO_PLUGIN_CACHE_H
#define POSTINO_PLUGIN_CACHE_H

#include <stddef.h>
#include <time.h>

#include "plugin_account.h"

struct plugin_cache;

/* plugin_cache_new - NULL when ttl is 0 (caching off) */
struct plugin_cache *plugin_cache_new(long ttl, size_t max);
void plugin_cache_free(struct plugin_cache **cp);

/* plugin_cache_get - 1 and a deep copy in *m when key is cached and fresh at now */
int plugin_cache_get(struct plugin_cache *c, const char *key, time_t now, struct account_match *m);
/* plugin_cache_put - store a deep copy of m under key */
void plugin_cache_put(struct plugin_cache *c, const char *key, time_t now,
                      const struct account_match *m);
/* plugin_cache_count - entries held (for tests) */
size_t plugin_cache_count(const struct plugin_cache *c);

#endif
