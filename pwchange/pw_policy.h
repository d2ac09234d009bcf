/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pw_policy.h: the local password rules pwchange applies before it asks
 * the directory to store a new password.
 *
 * Rules: a minimum and maximum length (in characters, not bytes), a minimum
 * number of character classes (lower-case, upper-case, digit, other), not
 * the user name nor any part of it, not the current password, not a word
 * from the deny-list file. The directory's own policy (ppolicy history,
 * minimum age) is checked by the server and reported separately.
 */
#ifndef POSTINO_PWCHANGE_PW_POLICY_H
#define POSTINO_PWCHANGE_PW_POLICY_H

#include <stddef.h>

#include "messages.h"
#include "result.h"

struct secret;
struct buf;

enum pw_violation {
	PWV_NONE = 0,
	PWV_TOO_SHORT,
	PWV_TOO_LONG,
	PWV_CLASSES,
	PWV_USER_NAME,
	PWV_SAME,
	PWV_DENYLIST,
	PWV_ENCODING, /* control characters or invalid UTF-8 */
};

struct pw_policy {
	long min_length;
	long max_length;
	long min_classes;
	char **deny; /* sorted, lower-case */
	size_t ndeny;
};

/* Deny-list bounds: a bigger file is a configuration mistake, not a list. */
#define PW_DENY_MAX_WORDS 1000000
#define PW_DENY_MAX_LINE  256

/*
 * pw_policy_load_denylist - read one word per line ("#" comments and blank
 * lines skipped, compared case-insensitively). PST_PERMFAIL with *err_r.
 */
enum pst_result pw_policy_load_denylist(struct pw_policy *p, const char *path, char **err_r);
void pw_policy_release(struct pw_policy *p);

/* pw_policy_check - the first rule new_pw breaks, or PWV_NONE */
enum pw_violation pw_policy_check(const struct pw_policy *p, const char *user,
                                  const struct secret *current, const struct secret *new_pw);

/* pw_violation_code - a stable machine-readable name, e.g. "too_short" */
const char *pw_violation_code(enum pw_violation v);
/* pw_violation_msg - the catalogue message for v, with its number (or 0) in *arg_r */
enum msg_id pw_violation_msg(const struct pw_policy *p, enum pw_violation v, long *arg_r);
/* pw_policy_rules - the rules as sentences in l, NULL-terminated (xmalloc'd; free with
 * pw_policy_rules_free) */
char **pw_policy_rules(const struct pw_policy *p, enum lang l);
void pw_policy_rules_free(char ***rulesp);

#endif
