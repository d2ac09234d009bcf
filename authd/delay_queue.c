/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * delay_queue.c: a binary min-heap of jobs by due time, served by one
 * thread that sleeps on a condition variable until the earliest is due.
 */
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "auth_job.h"
#include "clock.h"
#include "delay_queue.h"
#include "log.h"
#include "work_queue.h"
#include "xalloc.h"

struct delay_queue {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	struct work_queue *out;
	struct auth_job **heap;
	size_t len, cap;
	int stop;
};

static void
heap_swap(struct auth_job **h, size_t a, size_t b)
{
	struct auth_job *t = h[a];

	h[a] = h[b];
	h[b] = t;
}

static void
heap_push(struct delay_queue *d, struct auth_job *j)
{
	size_t i;

	if (d->len == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->heap = xreallocarray(d->heap, d->cap, sizeof(*d->heap));
	}
	i = d->len++;
	d->heap[i] = j;
	while (i > 0 && d->heap[(i - 1) / 2]->due_ms > d->heap[i]->due_ms) {
		heap_swap(d->heap, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static struct auth_job *
heap_pop(struct delay_queue *d)
{
	struct auth_job *top = d->heap[0];
	size_t i = 0;

	d->heap[0] = d->heap[--d->len];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < d->len && d->heap[l]->due_ms < d->heap[m]->due_ms)
			m = l;
		if (r < d->len && d->heap[r]->due_ms < d->heap[m]->due_ms)
			m = r;
		if (m == i)
			break;
		heap_swap(d->heap, i, m);
		i = m;
	}
	return top;
}

static void *
delay_thread(void *arg)
{
	struct delay_queue *d = arg;

	pthread_mutex_lock(&d->lock);
	while (!d->stop) {
		int64_t now = clock_now_ms();

		if (d->len > 0 && d->heap[0]->due_ms <= now) {
			struct auth_job *j = heap_pop(d);

			pthread_mutex_unlock(&d->lock);
			work_queue_push(d->out, j);
			pthread_mutex_lock(&d->lock);
			continue;
		}
		if (d->len == 0) {
			pthread_cond_wait(&d->cond, &d->lock);
		} else {
			struct timespec ts;
			int64_t wait = d->heap[0]->due_ms - now;

			/* The condition variable uses CLOCK_MONOTONIC (see below). */
			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_sec += wait / 1000;
			ts.tv_nsec += (wait % 1000) * 1000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&d->cond, &d->lock, &ts);
		}
	}
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

struct delay_queue *
delay_queue_start(struct work_queue *q)
{
	struct delay_queue *d = xcalloc(1, sizeof(*d));
	pthread_condattr_t ca;
	int rc;

	pthread_mutex_init(&d->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&d->cond, &ca);
	pthread_condattr_destroy(&ca);
	d->out = q;
	rc = pthread_create(&d->thread, NULL, delay_thread, d);
	if (rc != 0)
		log_fatal("cannot start the delay thread: error %d", rc);
	return d;
}

void
delay_queue_stop(struct delay_queue **dp)
{
	struct delay_queue *d = *dp;

	*dp = NULL;
	if (d == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	d->stop = 1;
	pthread_cond_signal(&d->cond);
	pthread_mutex_unlock(&d->lock);
	pthread_join(d->thread, NULL);
	while (d->len > 0) {
		struct auth_job *j = heap_pop(d);

		auth_job_free(&j);
	}
	xfree(&d->heap);
	pthread_cond_destroy(&d->cond);
	pthread_mutex_destroy(&d->lock);
	xfree(&d);
}

void
delay_queue_add(struct delay_queue *d, struct auth_job *job)
{
	pthread_mutex_lock(&d->lock);
	heap_push(d, job);
	pthread_cond_signal(&d->cond);
	pthread_mutex_unlock(&d->lock);
}

size_t
delay_queue_length(struct delay_queue *d)
{
	size_t n;

	pthread_mutex_lock(&d->lock);
	n = d->len;
	pthread_mutex_unlock(&d->lock);
	return n;
}
