/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_authd_search.c: the judgement of an account search's answer, which
 * the workers' blocking search and the I/O thread's asynchronous one
 * share (account_search_judge), and what the I/O thread does with it
 * (search_answer_action): answer, or hand the request to the workers.
 */
#include <ldap.h>
#include <stdlib.h>
#include <string.h>

#include "../../authd/account_info.h"
#include "../../authd/authd_conf.h"
#include "../../authd/bind_pool.h"
#include "t.h"

static enum pst_result
judge(int rc, int n, int *found, int *has_err)
{
	static struct authd_conf conf;
	struct account_search as;
	char *err = NULL;
	enum pst_result r;

	memset(&as, 0, sizeof(as));
	as.found = 7;
	r = account_search_judge(NULL, &conf, &as, rc, n, NULL, &err);
	*found = as.found;
	*has_err = err != NULL;
	free(err);
	return r;
}

int
main(void)
{
	int found, err;

	T_CHECK(judge(LDAP_SIZELIMIT_EXCEEDED, 2, &found, &err) == PST_PERMFAIL && found == 2,
	        "size limit exceeded: more than one entry");
	T_CHECK(judge(LDAP_SUCCESS, 2, &found, &err) == PST_PERMFAIL && found == 2 && !err,
	        "two entries: more than one");
	T_CHECK(judge(LDAP_SUCCESS, 0, &found, &err) == PST_PERMFAIL && found == 0 && !err,
	        "no entry: no such account");
	T_CHECK(judge(LDAP_NO_SUCH_OBJECT, 0, &found, &err) == PST_PERMFAIL && found == 0 && !err,
	        "no search base: no such account");
	T_CHECK(judge(LDAP_SUCCESS, 1, &found, &err) == PST_PERMFAIL && found == 0,
	        "one entry counted but none kept: never OK");
	T_CHECK(judge(LDAP_BUSY, 0, &found, &err) == PST_TEMPFAIL && err,
	        "busy: temporary, explained");
	T_CHECK(judge(LDAP_UNAVAILABLE, 0, &found, &err) == PST_TEMPFAIL, "unavailable: temporary");
	T_CHECK(judge(LDAP_INSUFFICIENT_ACCESS, 0, &found, &err) == PST_PERMFAIL && found == 0 &&
	                err,
	        "refused: permanent, explained (not 'no such user')");

	T_CHECK(search_answer_action(PST_OK, LDAP_SUCCESS) == SA_ANSWER, "found: answer");
	T_CHECK(search_answer_action(PST_PERMFAIL, LDAP_SUCCESS) == SA_ANSWER, "not found: answer");
	T_CHECK(search_answer_action(PST_PERMFAIL, LDAP_SIZELIMIT_EXCEEDED) == SA_ANSWER,
	        "ambiguous: answer");
	T_CHECK(search_answer_action(PST_PERMFAIL, LDAP_NO_SUCH_OBJECT) == SA_ANSWER,
	        "no search base: answer");
	T_CHECK(search_answer_action(PST_TEMPFAIL, LDAP_SUCCESS) == SA_FALLBACK,
	        "policy entry not cached: the workers");
	T_CHECK(search_answer_action(PST_PERMFAIL, LDAP_REFERRAL) == SA_FALLBACK,
	        "referral: the workers");
	T_CHECK(search_answer_action(PST_TEMPFAIL, LDAP_BUSY) == SA_CONN_FAILED,
	        "busy: the workers, connection closed");
	T_CHECK(search_answer_action(PST_TEMPFAIL, LDAP_UNAVAILABLE) == SA_CONN_FAILED,
	        "unavailable: the workers, connection closed");
	T_CHECK(search_answer_action(PST_TEMPFAIL, LDAP_TIMELIMIT_EXCEEDED) != SA_ANSWER,
	        "server time limit: never an answer");
	return t_done("test_authd_search");
}
