/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_cache.h: the credential cache (saslauthd -c), done safely.
 *
 * An entry is three keyed digests (keyed_hash.h): of (login, realm,
 * service), of the account name alone (for "flush <user>"), and of
 * (login, realm, service, password). No password or user name is stored.
 * Positive and negative answers have their own TTLs; the TTL is absolute
 * (a hit does not extend it). A different password is simply a miss and
 * goes to the directory; when that password turns out good, the entries for
 * the old one are dropped. The table is a lib/bounded_table of fixed size;
 * in a full bucket the entry closest to expiry gives way.
 */
#ifndef AUTHD_AUTH_CACHE_H
#define AUTHD_AUTH_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct secret;
struct auth_cache;

enum auth_cache_hit { AC_MISS = 0, AC_POSITIVE, AC_NEGATIVE };

struct auth_cache_key {
	unsigned char ident[16]; /* login, realm, service */
	unsigned char user[16];  /* lower-cased account name (login before '@') */
	unsigned char cred[32];  /* login, realm, service, password */
};

/* auth_cache_new - a table of about `entries` entries (needs keyed_hash_init) */
struct auth_cache *auth_cache_new(size_t entries);
void auth_cache_free(struct auth_cache **cp);

/*
 * auth_cache_key - derive the lookup digests (ident, cred) for one request.
 * user is left zero: a lookup does not need it, and a store sets it from
 * the entry the directory named (account_ident_digest), or from the login
 * (account_name_digest), before auth_cache_store.
 */
void auth_cache_key(const char *login, const char *realm, const char *service,
                    const struct secret *pw, struct auth_cache_key *k);

enum auth_cache_hit auth_cache_lookup(struct auth_cache *c, const struct auth_cache_key *k,
                                      int64_t now_ms);
/* auth_cache_store - remember an answer until expires_ms */
void auth_cache_store(struct auth_cache *c, const struct auth_cache_key *k, int positive,
                      int64_t expires_ms);
/*
 * auth_cache_flush_user - drop every entry of the account named user (any
 * realm, any service; "alice" and "alice@example.org" name the same
 * account). Returns the number dropped.
 */
size_t auth_cache_flush_user(struct auth_cache *c, const char *user);
/* auth_cache_flush_account - the same, by the first len bytes of its account digest */
size_t auth_cache_flush_account(struct auth_cache *c, const unsigned char *d, size_t len);
size_t auth_cache_flush_all(struct auth_cache *c);
/* auth_cache_count - live entries (for tests and stats) */
size_t auth_cache_count(struct auth_cache *c, int64_t now_ms);

/* account_name_digest - the digest "user" fields hold, shared with the DN cache */
void account_name_digest(const char *login, unsigned char out[16]);

#endif
