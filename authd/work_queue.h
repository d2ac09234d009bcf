/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * work_queue.h: the FIFO of parsed requests between the I/O thread (and
 * the delay queue) and the LDAP worker threads.
 */
#ifndef AUTHD_WORK_QUEUE_H
#define AUTHD_WORK_QUEUE_H

#include <stddef.h>

struct auth_job;
struct work_queue;

struct work_queue *work_queue_new(void);
/* work_queue_free - free the queue and every job still in it (their clients see a close) */
void work_queue_free(struct work_queue **qp);
void work_queue_push(struct work_queue *q, struct auth_job *job);
/* work_queue_pop - the next job, waiting for one; NULL once closed */
struct auth_job *work_queue_pop(struct work_queue *q);
/* work_queue_close - wake every waiting worker; pops return NULL from now on */
void work_queue_close(struct work_queue *q);
size_t work_queue_length(struct work_queue *q);

#endif
