/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * json_parse.h: a small strict JSON reader for the API's request bodies.
 *
 * The API takes exactly one shape, a flat object whose values are strings:
 * {"user":"...","current":"...","new":"..."}. Anything else (nesting,
 * numbers, a repeated member, invalid UTF-8, a lone surrogate, trailing
 * bytes) is refused instead of guessed at.
 */
#ifndef POSTINO_PWCHANGE_JSON_PARSE_H
#define POSTINO_PWCHANGE_JSON_PARSE_H

#include <stddef.h>

#include "kv.h"
#include "result.h"

#define JSON_KEY_MAX 32

/*
 * json_parse_object - decode in[0..len) into out (UTF-8 values). On
 * PST_PERMFAIL out is left empty and *why_r (static text, may be NULL)
 * names the first problem, for the client's error message.
 */
enum pst_result json_parse_object(const char *in, size_t len, size_t max_members,
                                  struct kv_list *out, const char **why_r);

/* json_escape_append - append s as a JSON string literal (with quotes) */
struct buf;
void json_escape_append(struct buf *b, const char *s);

#endif
