/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cert_map.h: the certificate-to-account mapping used for EXTERNAL.
 *
 * Order: the trusted-issuer check (when issuers are configured), then the
 * account whose postinoCertSubject (or, if enabled, cn) equals the
 * identity, then the rules. A directory match decides: two accounts with
 * one subject are refused, not resolved by a rule. A name a rule produces
 * must, when a directory is configured, belong to exactly one account.
 * Every account found must pass account_allowed(). Anything else fails
 * closed.
 */
#ifndef POSTINO_CERT_MAP_H
#define POSTINO_CERT_MAP_H

#include <stddef.h>

#include "result.h"

struct plugin_ctx;

/*
 * cert_map - map the external identity in[0..len) to an account name
 * (*name_r, xmalloc'd). issuer is what the application passed as
 * postino_peer_issuer, or NULL. PST_PERMFAIL: refused, *why_r (xmalloc'd)
 * says why; PST_TEMPFAIL: the directory could not answer, *why_r says why.
 */
enum pst_result cert_map(struct plugin_ctx *ctx, const char *in, size_t len, const char *issuer,
                         const char *service, char **name_r, char **why_r);

#endif
