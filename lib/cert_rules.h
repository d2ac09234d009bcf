/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cert_rules.h: the configured regular-expression rules that turn a
 * certificate identity into an account name.
 *
 * A rule is a POSIX extended regular expression (regcomp, REG_EXTENDED)
 * matched against the whole normalized subject (or the bare CN); its first
 * parenthesized capture is the account name. This is the successor of
 * sendmail's _CERT_REGEX_SUBJECT_ map, written against one normal form so
 * a rule does not depend on which OpenSSL version built the subject line.
 */
#ifndef POSTINO_CERT_RULES_H
#define POSTINO_CERT_RULES_H

#include <stddef.h>

#include "result.h"

struct cert_rules;

/*
 * cert_rules_new - compile the non-NULL patterns of pats[0..n). Every
 * pattern must have at least one capture group. NULL with *err_r
 * (xmalloc'd) on a bad pattern; an empty set is valid.
 */
struct cert_rules *cert_rules_new(char *const *pats, size_t n, const char *what, char **err_r);
void cert_rules_free(struct cert_rules **rp);
/* cert_rules_count - how many rules the set holds */
size_t cert_rules_count(const struct cert_rules *r);

/*
 * cert_rules_match - try the rules in order on the NUL-terminated subject.
 * PST_OK with *name_r (xmalloc'd) from the first rule that matches with a
 * non-empty capture; PST_PERMFAIL when none does.
 */
enum pst_result cert_rules_match(const struct cert_rules *r, const char *subject, char **name_r);

#endif
