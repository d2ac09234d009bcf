/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pw_metrics.h: postino-pwchange's counters (changes by outcome, refusals
 * by reason, rate-limit hits, failed authd flushes, TLS errors) and their
 * Prometheus text form, served on pwchange_metrics_listen.
 */
#ifndef PWCHANGE_PW_METRICS_H
#define PWCHANGE_PW_METRICS_H

struct buf;
struct change_outcome;

/* pw_metrics_outcome - count one finished change attempt */
void pw_metrics_outcome(const struct change_outcome *out);
/* pw_metrics_rate_limited - one request refused by the "ip" or "user" limit */
void pw_metrics_rate_limited(const char *scope);
/* pw_metrics_tls_error - one TLS failure reported by libmicrohttpd */
void pw_metrics_tls_error(void);
/* pw_metrics_render - metrics_render_fn; arg unused */
void pw_metrics_render(struct buf *out, void *arg);

#endif
