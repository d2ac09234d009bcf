/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * metrics.h: postino-authd's counters in the Prometheus text format, for
 * the endpoint of lib/metrics_http (authd_metrics_listen). The numbers are
 * those of the control socket's "stats" reply, translated, so a scrape
 * and "postinoctl stats" always agree.
 */
#ifndef AUTHD_METRICS_H
#define AUTHD_METRICS_H

struct buf;

/* authd_metrics_render - metrics_render_fn; arg is the struct authd_runtime */
void authd_metrics_render(struct buf *out, void *arg);

/*
 * authd_metrics_from_stats - the exposition for a "stats" reply (name=value
 * lines); what authd_metrics_render uses, apart for tests.
 */
void authd_metrics_from_stats(const char *stats, struct buf *out);

#endif
