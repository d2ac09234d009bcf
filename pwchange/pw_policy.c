/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pw_policy.c: local password rules and the deny list.
 *
 * Comparisons against the user name and the deny list work on lower-cased
 * ASCII copies of the new password; those copies are wiped after use.
 * They use strstr() and a bsearch() with strcmp(), not constant-time
 * comparisons, on purpose: the only party who could time them is the one
 * who typed the password, and a linear constant-time scan of a large deny
 * list would cost every change far more than it could protect. The check
 * against the current password, a secret the requester must prove, does
 * use secret_equal().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pw_policy.h"
#include "secret.h"
#include "utf8.h"
#include "xalloc.h"

/* Parts of a user name shorter than this are too common to refuse. */
#define USER_PART_MIN 3

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum pst_result
pw_policy_load_denylist(struct pw_policy *p, const char *path, char **err_r)
{
	FILE *fp = fopen(path, "re");
	char line[PW_DENY_MAX_LINE + 2];
	size_t cap = 0, lineno = 0;

	if (fp == NULL) {
		*err_r = xasprintf("%s: %s", path, strerror(errno));
		return PST_PERMFAIL;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		size_t n = strlen(line);

		lineno++;
		if (n > 0 && line[n - 1] != '\n' && !feof(fp)) {
			*err_r = xasprintf("%s:%zu: line longer than %d bytes", path, lineno,
			                   PW_DENY_MAX_LINE);
			fclose(fp);
			return PST_PERMFAIL;
		}
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' ||
		                 line[n - 1] == '\t'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (p->ndeny >= PW_DENY_MAX_WORDS) {
			*err_r = xasprintf("%s: more than %d words", path, PW_DENY_MAX_WORDS);
			fclose(fp);
			return PST_PERMFAIL;
		}
		for (size_t i = 0; i < n; i++)
			line[i] = lower(line[i]);
		if (p->ndeny == cap) {
			cap = cap ? cap * 2 : 64;
			p->deny = xreallocarray(p->deny, cap, sizeof(*p->deny));
		}
		p->deny[p->ndeny++] = xstrdup(line);
	}
	fclose(fp);
	qsort(p->deny, p->ndeny, sizeof(*p->deny), cmp_str);
	return PST_OK;
}

void
pw_policy_release(struct pw_policy *p)
{
	for (size_t i = 0; i < p->ndeny; i++)
		xfree(&p->deny[i]);
	xfree(&p->deny);
	p->ndeny = 0;
}

static int
classes(const char *s, size_t len)
{
	int lo = 0, up = 0, dig = 0, other = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c >= 'a' && c <= 'z')
			lo = 1;
		else if (c >= 'A' && c <= 'Z')
			up = 1;
		else if (c >= '0' && c <= '9')
			dig = 1;
		else
			other = 1;
	}
	return lo + up + dig + other;
}

static int
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

/* contains_user - 1 if lower-cased pw contains the user name or a part of it */
static int
contains_user(const char *pw, const char *user)
{
	size_t ulen = strlen(user);
	char *u = xmalloc(ulen + 1);
	int hit = 0;

	for (size_t i = 0; i <= ulen; i++)
		u[i] = lower(user[i]);
	if (ulen >= USER_PART_MIN && strstr(pw, u) != NULL)
		hit = 1;
	/* Parts are the runs of letters and digits: "mario.rossi" -> mario, rossi. */
	for (size_t i = 0; !hit && i < ulen;) {
		size_t j = i;

		while (j < ulen && is_alnum(u[j]))
			j++;
		if (j - i >= USER_PART_MIN) {
			char save = u[j];

			u[j] = '\0';
			hit = strstr(pw, u + i) != NULL;
			u[j] = save;
		}
		i = j + 1;
	}
	xfree(&u);
	return hit;
}

static int
denied(const struct pw_policy *p, const char *pw)
{
	return p->ndeny > 0 && bsearch(&pw, p->deny, p->ndeny, sizeof(*p->deny), cmp_str) != NULL;
}

enum pw_violation
pw_policy_check(const struct pw_policy *p, const char *user, const struct secret *current,
                const struct secret *new_pw)
{
	long nchars = utf8_text_chars(new_pw->data, new_pw->len);
	enum pw_violation v = PWV_NONE;
	char *low;

	if (nchars < 0)
		return PWV_ENCODING;
	if (nchars < p->min_length)
		return PWV_TOO_SHORT;
	if (nchars > p->max_length)
		return PWV_TOO_LONG;
	if (classes(new_pw->data, new_pw->len) < p->min_classes)
		return PWV_CLASSES;
	if (current != NULL && secret_equal(current->data, current->len, new_pw->data, new_pw->len))
		return PWV_SAME;

	low = xmalloc(new_pw->len + 1);
	for (size_t i = 0; i <= new_pw->len; i++)
		low[i] = lower(new_pw->data[i]);
	if (user != NULL && contains_user(low, user))
		v = PWV_USER_NAME;
	else if (denied(p, low))
		v = PWV_DENYLIST;
	secret_wipe(low, new_pw->len + 1);
	xfree(&low);
	return v;
}

const char *
pw_violation_code(enum pw_violation v)
{
	switch (v) {
	case PWV_NONE:
		return "ok";
	case PWV_TOO_SHORT:
		return "too_short";
	case PWV_TOO_LONG:
		return "too_long";
	case PWV_CLASSES:
		return "too_few_classes";
	case PWV_USER_NAME:
		return "contains_user_name";
	case PWV_SAME:
		return "same_as_current";
	case PWV_DENYLIST:
		return "too_common";
	case PWV_ENCODING:
		return "bad_characters";
	}
	return "policy";
}

enum msg_id
pw_violation_msg(const struct pw_policy *p, enum pw_violation v, long *arg_r)
{
	*arg_r = 0;
	switch (v) {
	case PWV_NONE:
		break;
	case PWV_TOO_SHORT:
		*arg_r = p->min_length;
		return MSG_PW_TOO_SHORT;
	case PWV_TOO_LONG:
		*arg_r = p->max_length;
		return MSG_PW_TOO_LONG;
	case PWV_CLASSES:
		*arg_r = p->min_classes;
		return MSG_PW_CLASSES;
	case PWV_USER_NAME:
		return MSG_PW_USER_NAME;
	case PWV_SAME:
		return MSG_PW_SAME;
	case PWV_DENYLIST:
		return MSG_PW_COMMON;
	case PWV_ENCODING:
		return MSG_PW_ENCODING;
	}
	return MSG_PW_POLICY;
}

char **
pw_policy_rules(const struct pw_policy *p, enum lang l)
{
	char **r = xcalloc(6, sizeof(*r));
	size_t n = 0;

	r[n++] = msg_format(l, MSG_RULE_LENGTH, p->min_length, p->max_length);
	if (p->min_classes > 1)
		r[n++] = msg_format(l, MSG_RULE_CLASSES, p->min_classes, 0);
	r[n++] = msg_format(l, MSG_RULE_USER, 0, 0);
	r[n++] = msg_format(l, MSG_RULE_HISTORY, 0, 0);
	if (p->ndeny > 0)
		r[n++] = msg_format(l, MSG_RULE_COMMON, 0, 0);
	r[n] = NULL;
	return r;
}

void
pw_policy_rules_free(char ***rulesp)
{
	char **r = *rulesp;

	if (r == NULL)
		return;
	for (size_t i = 0; r[i]; i++)
		xfree(&r[i]);
	xfree(rulesp);
}
