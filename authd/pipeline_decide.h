/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pipeline_decide.h: the decisions of the request pipeline, as pure
 * functions of their inputs, so each can be tested on its own
 * (tests/unit/test_authd_pipeline.c). auth_pipeline.c does the I/O.
 */
#ifndef AUTHD_PIPELINE_DECIDE_H
#define AUTHD_PIPELINE_DECIDE_H

#include <stddef.h>
#include <stdint.h>

#include "auth_cache.h"
#include "result.h"

/*
 * pipeline_login_plausible - libsasl2 trims blanks from user names before
 * asking, so a login with surrounding blanks or control bytes did not come
 * from it. The directory would match " alice" to alice (RFC 4518 ignores
 * the blanks) and the mail server would then trust a name it never checked.
 */
int pipeline_login_plausible(const char *login);

/*
 * pipeline_screen - why a request is refused before the cache or the
 * directory sees it (refused: the parser's reason), or NULL. An empty
 * password must never reach a simple bind, where it means "anonymous".
 */
const char *pipeline_screen(const char *refused, const char *login, size_t pwlen,
                            const char *service, const char *realm);

/* pipeline_hit_result - the answer for a cache hit, and its reason */
enum pst_result pipeline_hit_result(enum auth_cache_hit hit, const char **reason_r);

/* pipeline_cache_ttl - seconds an answer is cached (0: not at all; never a TEMPFAIL) */
long pipeline_cache_ttl(enum pst_result r, long ttl, long negative_ttl);

enum penalty_action {
	PA_NOW = 0,    /* check the password at once */
	PA_DELAY,      /* wait in the delay queue first */
	PA_REFUSE_ALL, /* too many delayed requests in all: temporary failure */
};

/*
 * pipeline_penalty_action - what to do with an attempt whose account asks
 * for delay_ms of waiting while `delayed` requests wait already. The
 * per-account queue does not bound guesses spread over many accounts; held
 * connections would then crowd out every honest client, so half the
 * connection slots stay theirs.
 */
enum penalty_action pipeline_penalty_action(int64_t delay_ms, size_t delayed, long max_connections);

#endif
