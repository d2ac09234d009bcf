/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_authd_pipeline.c: the request pipeline's decisions: what is refused
 * before any check, what a cache hit answers, what is cached for how long,
 * and when an attempt waits or is refused for the delay queue's sake.
 */
#include "../../authd/pipeline_decide.h"
#include "t.h"

int
main(void)
{
	const char *why;

	/* screen */
	T_CHECK(pipeline_screen(NULL, "alice", 3, "imap", "") == NULL, "plain request passes");
	T_CHECK(pipeline_screen("NUL byte in login", "alice", 3, "imap", "") != NULL,
	        "the parser's refusal wins");
	T_CHECK(pipeline_screen(NULL, "", 3, "imap", "") != NULL, "empty login refused");
	T_CHECK(pipeline_screen(NULL, "alice", 0, "imap", "") != NULL, "empty password refused");
	T_CHECK(pipeline_screen(NULL, " alice", 3, "imap", "") != NULL, "leading blank refused");
	T_CHECK(pipeline_screen(NULL, "alice ", 3, "imap", "") != NULL, "trailing blank refused");
	T_CHECK(pipeline_screen(NULL, "al\tice", 3, "imap", "") != NULL, "control byte refused");
	T_CHECK(pipeline_screen(NULL, "al ice", 3, "imap", "") == NULL, "inner blank passes");
	T_CHECK(pipeline_screen(NULL, "alice", 3, "im\nap", "") != NULL, "control in service");
	T_CHECK(pipeline_screen(NULL, "alice", 3, "imap", "ex\x7f") != NULL, "DEL in realm");
	T_CHECK(pipeline_login_plausible("\xef\xbd\x95"
	                                 "00059"),
	        "non-ASCII is the directory's call");

	/* cache hits */
	T_CHECK(pipeline_hit_result(AC_POSITIVE, &why) == PST_OK && why == NULL,
	        "positive hit: OK");
	T_CHECK(pipeline_hit_result(AC_NEGATIVE, &why) == PST_PERMFAIL && why != NULL,
	        "negative hit: NO with a reason");

	/* what is cached */
	T_CHECK(pipeline_cache_ttl(PST_OK, 300, 30) == 300, "OK: the positive TTL");
	T_CHECK(pipeline_cache_ttl(PST_PERMFAIL, 300, 30) == 30, "NO: the negative TTL");
	T_CHECK(pipeline_cache_ttl(PST_PERMFAIL, 300, 0) == 0, "negative TTL 0: NO not cached");
	T_CHECK(pipeline_cache_ttl(PST_TEMPFAIL, 300, 30) == 0, "TEMPFAIL never cached");

	/* penalty */
	T_CHECK(pipeline_penalty_action(0, 0, 100) == PA_NOW, "no delay: at once");
	T_CHECK(pipeline_penalty_action(1000, 0, 100) == PA_DELAY, "delay: queued");
	T_CHECK(pipeline_penalty_action(1000, 49, 100) == PA_DELAY, "below half the slots");
	T_CHECK(pipeline_penalty_action(1000, 50, 100) == PA_REFUSE_ALL,
	        "half the connection slots delayed: refused");
	T_CHECK(pipeline_penalty_action(0, 1000, 100) == PA_NOW, "undelayed never refused");
	return t_done("test_authd_pipeline");
}
