/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * work_queue.c: a mutex and condition variable around a singly linked
 * FIFO. Its length is bounded by authd_max_connections, because every job
 * holds a client connection the I/O thread counted.
 */
#include <pthread.h>

#include "auth_job.h"
#include "work_queue.h"
#include "xalloc.h"

struct work_queue {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct auth_job *head, *tail;
	size_t len;
	int closed;
};

struct work_queue *
work_queue_new(void)
{
	struct work_queue *q = xcalloc(1, sizeof(*q));

	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->cond, NULL);
	return q;
}

void
work_queue_free(struct work_queue **qp)
{
	struct work_queue *q = *qp;

	*qp = NULL;
	if (q == NULL)
		return;
	while (q->head != NULL) {
		struct auth_job *j = q->head;

		q->head = j->next;
		auth_job_free(&j);
	}
	pthread_cond_destroy(&q->cond);
	pthread_mutex_destroy(&q->lock);
	xfree(&q);
}

void
work_queue_push(struct work_queue *q, struct auth_job *job)
{
	job->next = NULL;
	pthread_mutex_lock(&q->lock);
	if (q->tail != NULL)
		q->tail->next = job;
	else
		q->head = job;
	q->tail = job;
	q->len++;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
}

struct auth_job *
work_queue_pop(struct work_queue *q)
{
	struct auth_job *j = NULL;

	pthread_mutex_lock(&q->lock);
	while (q->head == NULL && !q->closed)
		pthread_cond_wait(&q->cond, &q->lock);
	if (!q->closed) {
		j = q->head;
		q->head = j->next;
		if (q->head == NULL)
			q->tail = NULL;
		q->len--;
		j->next = NULL;
	}
	pthread_mutex_unlock(&q->lock);
	return j;
}

void
work_queue_close(struct work_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->closed = 1;
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->lock);
}

size_t
work_queue_length(struct work_queue *q)
{
	size_t n;

	pthread_mutex_lock(&q->lock);
	n = q->len;
	pthread_mutex_unlock(&q->lock);
	return n;
}
