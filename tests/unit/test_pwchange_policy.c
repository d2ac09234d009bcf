/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_pwchange_policy.c: postino-pwchange's local password rules and the
 * deny-list file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../pwchange/pw_history.h"
#include "../../pwchange/pw_policy.h"
#include "secret.h"
#include "t.h"
#include "xalloc.h"

static void
test_rules(struct pw_policy *p)
{
	static const struct {
		const char *user, *cur, *nw;
		enum pw_violation want;
	} cases[] = {
	        {"alice", "Alice-Pass-1", "Tr0mbone-Sky", PWV_NONE},
	        {"alice", "Alice-Pass-1", "short-1A", PWV_TOO_SHORT},
	        {"alice", "Alice-Pass-1", "alllowercaseletters", PWV_CLASSES},
	        {"alice", "Alice-Pass-1", "lowercase-with-dash", PWV_CLASSES},
	        {"alice", "Alice-Pass-1", "lowercase-and-1", PWV_NONE},
	        {"alice", "Alice-Pass-1", "My-ALICE-Pass-9", PWV_USER_NAME},
	        {"mario.rossi", "x", "Rossi-Family-42", PWV_USER_NAME},
	        {"mario.rossi", "x", "Mariolina-Ok-1", PWV_USER_NAME},
	        {"al.bo", "x", "Albatross-1-ok", PWV_NONE}, /* parts shorter than 3 ignored */
	        {"alice", "Alice-Pass-1", "Alice-Pass-1", PWV_SAME},
	        {"bob", "Current-Pw-123", "Current-Pw-123", PWV_SAME},
	        {"bob", "x", "Password123!", PWV_DENYLIST},
	        {"bob", "x", "PASSWORD123!", PWV_DENYLIST},
	        {"bob", "x", "Tab\there-Pass1", PWV_ENCODING},
	        {"bob", "x", "Bad-\xff-Bytes-1", PWV_ENCODING},
	        {"bob", "x", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9-Aa1",
	         PWV_TOO_SHORT}, /* 9 chars */
	        {"bob", "x", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9-Aa1", PWV_NONE},
	        {"bob", "x", "Aa1-012345678901234567890", PWV_TOO_LONG},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct secret *cur = secret_from_str(cases[i].cur);
		struct secret *nw = secret_from_str(cases[i].nw);
		enum pw_violation v = pw_policy_check(p, cases[i].user, cur, nw);

		T_CHECK(v == cases[i].want, "case %zu (%s): got %s, want %s", i, cases[i].nw,
		        pw_violation_code(v), pw_violation_code(cases[i].want));
		secret_free(&cur);
		secret_free(&nw);
	}
}

static void
test_messages(struct pw_policy *p)
{
	long arg = 0;
	enum msg_id id = pw_violation_msg(p, PWV_TOO_SHORT, &arg);
	char *m = msg_format(LANG_EN, id, arg, 0);
	char **rules;
	size_t n = 0;

	T_CHECK(strstr(m, "10") != NULL, "the length message names the minimum: %s", m);
	xfree(&m);
	m = msg_format(LANG_IT, id, arg, 0);
	T_CHECK(strstr(m, "10") != NULL && strstr(m, "corta") != NULL, "... in Italian too: %s", m);
	xfree(&m);
	for (int v = PWV_NONE; v <= PWV_ENCODING; v++) {
		id = pw_violation_msg(p, (enum pw_violation)v, &arg);
		T_CHECK(id != MSG_NONE && strlen(msg_text(LANG_EN, id)) > 10, "message for %d", v);
		T_CHECK(strcmp(msg_code(id),
		               v == PWV_NONE ? "policy"
		                             : pw_violation_code((enum pw_violation)v)) == 0,
		        "the message's code is the violation's: %s", msg_code(id));
	}
	for (int l = 0; l < LANG_COUNT; l++) {
		rules = pw_policy_rules(p, (enum lang)l);
		for (n = 0; rules[n] != NULL; n++)
			T_CHECK(strchr(rules[n], '{') == NULL, "placeholder filled: %s", rules[n]);
		T_CHECK(n == 5, "five rules with a deny list, got %zu", n);
		T_CHECK(strstr(rules[0], "10") && strstr(rules[0], "24"), "the length rule: %s",
		        rules[0]);
		pw_policy_rules_free(&rules);
		T_CHECK(rules == NULL, "rules freed");
	}
}

static void
test_history_value(void)
{
	const char *v;
	size_t len;
	const char *good = "20261123154236Z#1.3.6.1.4.1.1466.115.121.1.40#9#{SSHA}a#b";

	T_CHECK(pw_history_value(good, strlen(good), &v, &len) == 1 && len == 9 &&
	                memcmp(v, "{SSHA}a#b", 9) == 0,
	        "pwdHistory value with '#' inside");
	T_CHECK(pw_history_value("x#y#5#abc", 9, &v, &len) == 0, "length mismatch refused");
	T_CHECK(pw_history_value("x#y#abc", 7, &v, &len) == 0, "missing length refused");
	T_CHECK(pw_history_value("##3#abc", 7, &v, &len) == 0, "empty fields refused");
}

int
main(void)
{
	struct pw_policy p = {10, 24, 3, NULL, 0};
	char path[] = "/tmp/test_pwchange_denyXXXXXX";
	int fd = mkstemp(path);
	char *err = NULL;
	FILE *fp;

	T_CHECK(fd >= 0, "mkstemp");
	fp = fdopen(fd, "w");
	fputs("# common passwords\n\npassword123!\nQwerty-123456\r\n", fp);
	fclose(fp);
	T_CHECK(pw_policy_load_denylist(&p, path, &err) == PST_OK, "deny list loads: %s",
	        err ? err : "");
	T_CHECK(p.ndeny == 2, "two words, got %zu", p.ndeny);
	unlink(path);
	T_CHECK(pw_policy_load_denylist(&p, "/nonexistent/deny", &err) == PST_PERMFAIL && err,
	        "a missing deny list is an error");
	xfree(&err);

	test_rules(&p);
	test_messages(&p);
	test_history_value();
	pw_policy_release(&p);
	return t_done("test_pwchange_policy");
}
