/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_pipeline.h: one request from parsed fields to the reply: checks
 * that need no directory, the credential cache, the brute-force delay, the
 * password check for the configured mode, the account policy, and the
 * bookkeeping after the answer.
 */
#ifndef AUTHD_AUTH_PIPELINE_H
#define AUTHD_AUTH_PIPELINE_H

struct auth_job;
struct authd_runtime;
struct ldap_slot;

enum pipeline_step {
	PIPELINE_DONE = 0, /* answered; the job is freed */
	PIPELINE_DEFERRED, /* held by the delay queue; it comes back later */
	PIPELINE_CONTINUE, /* (front only) not answered: hand it to a worker */
	PIPELINE_ASYNC,    /* (front only) its bind is in flight on the bind pool */
};

/*
 * auth_pipeline_front - the steps on the I/O thread: the screen and the
 * credential cache; then, when the bind pool is on and the DN is known
 * without a search (fastbind, or the DN cache), the penalty and the bind,
 * on the pool. PIPELINE_DONE when the job was answered (and freed);
 * PIPELINE_DEFERRED when the delay queue holds it; PIPELINE_ASYNC when the
 * pool does (it is answered on the I/O thread, or handed to the workers);
 * PIPELINE_CONTINUE when a worker must go on.
 */
enum pipeline_step auth_pipeline_front(struct authd_runtime *rt, struct auth_job *job);

/* auth_pipeline_run - every step, on a worker (a job may come back after a delay) */
enum pipeline_step auth_pipeline_run(struct authd_runtime *rt, struct ldap_slot *slot,
                                     struct auth_job *job);

#endif
