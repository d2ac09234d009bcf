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
};

/*
 * auth_pipeline_front - the steps that need no directory, on the I/O
 * thread: the screen and the credential cache. PIPELINE_DONE when the job
 * was answered (and freed); PIPELINE_CONTINUE when a worker must go on.
 */
enum pipeline_step auth_pipeline_front(struct authd_runtime *rt, struct auth_job *job);

/* auth_pipeline_run - every step, on a worker (a job may come back after a delay) */
enum pipeline_step auth_pipeline_run(struct authd_runtime *rt, struct ldap_slot *slot,
                                     struct auth_job *job);

#endif
