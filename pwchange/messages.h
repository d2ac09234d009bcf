/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * messages.h: the one catalogue of what the page and the API say.
 *
 * Every sentence a user can read, on the page or in an API reply, is a
 * message id here with one text per language (lang.h); nothing else in
 * pwchange writes user-facing prose. Each id also has a stable code, the
 * API's machine-readable "code", which clients may rely on across
 * releases and languages. Texts may hold {1} and {2}, replaced by numbers
 * (msg_format); every translation has the same placeholders. Log lines
 * are for administrators and stay in English, outside the catalogue.
 *
 * A new message: add its id below (before MSG_COUNT) and its code and
 * texts in messages.c; the unit test fails while any language lacks it.
 */
#ifndef POSTINO_PWCHANGE_MESSAGES_H
#define POSTINO_PWCHANGE_MESSAGES_H

#include "lang.h"

enum msg_id {
	MSG_NONE = 0, /* no message; has no text */
	/* the page around the form */
	MSG_TITLE,
	MSG_TITLE_NOT_CHANGED,
	MSG_TITLE_CHANGED,
	MSG_DONE,
	MSG_NOT_CHANGED,
	MSG_NOTE,
	MSG_BACK,
	MSG_LABEL_USER,
	MSG_LABEL_CURRENT,
	MSG_LABEL_NEW,
	MSG_LABEL_REPEAT,
	MSG_RULES_HEADING,
	MSG_SUBMIT,
	MSG_FOOTNOTE,
	MSG_LANGUAGE,
	/* the local rules, as the page lists them */
	MSG_RULE_LENGTH,
	MSG_RULE_CLASSES,
	MSG_RULE_USER,
	MSG_RULE_HISTORY,
	MSG_RULE_COMMON,
	/* requests refused before the change */
	MSG_NOT_FOUND,
	MSG_METHOD_NOT_ALLOWED,
	MSG_USE_POST,
	MSG_LENGTH_REQUIRED,
	MSG_TOO_LARGE,
	MSG_API_MEDIA_TYPE,
	MSG_FORM_MEDIA_TYPE,
	MSG_FORM_UNREADABLE,
	MSG_NO_TOKEN,
	MSG_CSRF_FORM,
	MSG_CSRF_API,
	MSG_JSON_MALFORMED,
	MSG_JSON_MEMBERS,
	/* the change itself */
	MSG_RATE_LIMITED_1,
	MSG_RATE_LIMITED,
	MSG_USER_MISSING,
	MSG_USER_INVALID,
	MSG_CURRENT_MISSING,
	MSG_AUTH_FAILED,
	MSG_NEW_MISSING,
	MSG_MISMATCH,
	MSG_AUTHD_NOT_TOLD,
	MSG_CHANGED,
	MSG_CHANGED_EXPIRED,
	MSG_EXPIRED,
	MSG_IN_HISTORY,
	MSG_TOO_YOUNG,
	MSG_REJECTED,
	MSG_NOT_ALLOWED,
	MSG_UNAVAILABLE,
	MSG_INTERNAL,
	/* the local policy (pw_policy.h) */
	MSG_PW_TOO_SHORT,
	MSG_PW_TOO_LONG,
	MSG_PW_CLASSES,
	MSG_PW_USER_NAME,
	MSG_PW_SAME,
	MSG_PW_COMMON,
	MSG_PW_ENCODING,
	MSG_PW_POLICY,
	/* the directory's own password policy (password_store: directory) */
	MSG_DIR_TOO_SHORT_N,
	MSG_DIR_TOO_SHORT,
	MSG_DIR_QUALITY,
	MSG_DIR_OLD_NEEDED,
	MSG_DIR_RULE_MIN_LENGTH,
	MSG_DIR_RULE_HISTORY,
	MSG_DIR_RULE_MIN_AGE,
	MSG_DIR_RULE_QUALITY,
	MSG_COUNT
};

/* msg_text - the text of id in l, placeholders as they are */
const char *msg_text(enum lang l, enum msg_id id);
/* msg_code - the stable machine-readable code of id, e.g. "too_short" */
const char *msg_code(enum msg_id id);
/*
 * msg_format - the text with {1} and {2} replaced by a1 and a2 in decimal
 * (xmalloc'd); other braces are copied as they are
 */
char *msg_format(enum lang l, enum msg_id id, long a1, long a2);

#endif
