/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * workers.c: the worker threads.
 *
 * A fixed number of threads, each with its own LDAP connections: the
 * number of client connections authd can hold is set by the I/O thread
 * (authd_max_connections), not by the number of threads, so a burst of
 * clients waits in the queue instead of being refused or stalling the way
 * saslauthd's five processes do.
 */
#include <pthread.h>
#include <signal.h>

#include "auth_job.h"
#include "auth_pipeline.h"
#include "auth_ctx.h"
#include "ldap_pool.h"
#include "log.h"
#include "work_queue.h"
#include "workers.h"
#include "xalloc.h"

struct worker {
	pthread_t thread;
	struct authd_runtime *rt;
	struct ldap_slot slot;
};

struct workers {
	struct worker *w;
	int n;
	struct authd_runtime *rt;
};

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct auth_job *job;

	while ((job = work_queue_pop(w->rt->queue)) != NULL)
		auth_pipeline_run(w->rt, &w->slot, job);
	ldap_slot_close(&w->slot);
	return NULL;
}

struct workers *
workers_start(struct authd_runtime *rt, int n)
{
	struct workers *ws = xcalloc(1, sizeof(*ws));
	int i, rc;

	ws->w = xcalloc((size_t)n, sizeof(*ws->w));
	ws->rt = rt;
	for (i = 0; i < n; i++) {
		ws->w[i].rt = rt;
		ldap_slot_init(&ws->w[i].slot, rt->servers);
		rc = pthread_create(&ws->w[i].thread, NULL, worker_main, &ws->w[i]);
		if (rc != 0) {
			if (i == 0)
				log_fatal("cannot start a worker thread: error %d", rc);
			log_warn("started only %d of %d worker threads (error %d)", i, n, rc);
			break;
		}
		ws->n++;
	}
	return ws;
}

void
workers_stop(struct workers **wp)
{
	struct workers *ws = *wp;
	int i;

	*wp = NULL;
	if (ws == NULL)
		return;
	work_queue_close(ws->rt->queue);
	for (i = 0; i < ws->n; i++)
		pthread_join(ws->w[i].thread, NULL);
	xfree(&ws->w);
	xfree(&ws);
}
