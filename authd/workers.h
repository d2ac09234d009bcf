/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * workers.h: the fixed pool of LDAP worker threads. Each takes parsed
 * requests from the work queue and runs them through the pipeline on its
 * own pair of LDAP connections.
 */
#ifndef AUTHD_WORKERS_H
#define AUTHD_WORKERS_H

struct authd_runtime;
struct workers;

/* workers_start - start n threads; fatal if none can be started */
struct workers *workers_start(struct authd_runtime *rt, int n);
/* workers_stop - close the queue, join every thread, close their connections */
void workers_stop(struct workers **wp);

#endif
