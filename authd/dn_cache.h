/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dn_cache.h: login -> DN and account policy, so a known user's login in
 * bind mode costs one LDAP operation (the user bind) instead of two.
 *
 * Keyed by (login, realm) and, when the search filter uses %s, the
 * service. Entries live authd_dn_cache_ttl seconds; a bind that says the
 * DN does not exist drops the entry, and "flush <user>" drops the user's
 * entries (postinoctl does that after lock, disable or service changes).
 */
#ifndef AUTHD_DN_CACHE_H
#define AUTHD_DN_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct account_info;
struct dn_cache;

struct dn_cache *dn_cache_new(size_t entries);
void dn_cache_free(struct dn_cache **cp);

/* dn_cache_get - a copy of the live entry's DN and policy, or NULL */
struct account_info *dn_cache_get(struct dn_cache *c, const char *login, const char *realm,
                                  const char *service, int64_t now_ms);
/* dn_cache_put - remember info's DN and policy until expires_ms (service may be NULL) */
void dn_cache_put(struct dn_cache *c, const char *login, const char *realm, const char *service,
                  const struct account_info *info, int64_t expires_ms);
void dn_cache_drop(struct dn_cache *c, const char *login, const char *realm, const char *service);
/* dn_cache_flush_user - drop every entry of the account (as auth_cache_flush_user) */
size_t dn_cache_flush_user(struct dn_cache *c, const char *user);
/* dn_cache_flush_account - the same, by the first len bytes of its account digest */
size_t dn_cache_flush_account(struct dn_cache *c, const unsigned char *d, size_t len);
size_t dn_cache_flush_all(struct dn_cache *c);

#endif
