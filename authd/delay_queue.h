/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * delay_queue.h: holding requests back (the brute-force penalty) without
 * holding a worker thread. One timer thread keeps the held jobs ordered by
 * due time and hands each to the work queue when its time comes.
 */
#ifndef AUTHD_DELAY_QUEUE_H
#define AUTHD_DELAY_QUEUE_H

#include <stddef.h>
#include <stdint.h>

struct auth_job;
struct work_queue;
struct delay_queue;

/* delay_queue_start - start the timer thread feeding q */
struct delay_queue *delay_queue_start(struct work_queue *q);
/* delay_queue_stop - stop the thread and free the held jobs (clients see a close) */
void delay_queue_stop(struct delay_queue **dp);
/* delay_queue_add - hand job to the work queue at job->due_ms */
void delay_queue_add(struct delay_queue *d, struct auth_job *job);
size_t delay_queue_length(struct delay_queue *d);

#endif
