/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * keyed_hash.h: HMAC-SHA256 under a per-process random key.
 *
 * Shared in lib/ so every table keyed by an account hashes the same way.
 * authd's credential cache and penalty table store only these digests, so
 * neither a memory dump nor a core file yields passwords or a dictionary of
 * user names that can be attacked offline without the key, and the key
 * dies with the process.
 */
#ifndef POSTINO_KEYED_HASH_H
#define POSTINO_KEYED_HASH_H

#include <stddef.h>

#include "result.h"

#define KEYED_HASH_LEN 32

struct keyed_part {
	const void *p;
	size_t len;
};

/* keyed_hash_init - draw the key with RAND_bytes; PST_TEMPFAIL if that fails */
enum pst_result keyed_hash_init(void);
void keyed_hash_shutdown(void);
/*
 * keyed_hash - HMAC over the parts, each followed by its length (so
 * ("ab","c") and ("a","bc") differ), into out[KEYED_HASH_LEN].
 */
void keyed_hash(const struct keyed_part *parts, size_t nparts, unsigned char *out);

#endif
