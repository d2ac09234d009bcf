/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_output.h: postinoctl's results, as text for people or JSON for scripts.
 *
 * A command builds records (ordered key/value fields) and hands them here;
 * it never formats output itself. That keeps --json complete (every command
 * prints exactly one JSON document on stdout) and keeps directory data from
 * reaching the terminal unfiltered: control bytes in a name could otherwise
 * move the cursor or retitle the terminal.
 */
#ifndef POSTINO_CLI_OUTPUT_H
#define POSTINO_CLI_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"

struct cli_ctx;
struct out_rec;

struct out_rec *out_rec_new(void);
void out_rec_free(struct out_rec **rp);
/* out_str - a string field; val NULL prints as null / "-" */
void out_str(struct out_rec *r, const char *key, const char *val);
/* out_list - a list of strings (copied) */
void out_list(struct out_rec *r, const char *key, char *const *vals, size_t n);
void out_bool(struct out_rec *r, const char *key, int v);
void out_int(struct out_rec *r, const char *key, long long v);
/* out_rec_get - the text of a string field, or NULL (used for sorting lists) */
const char *out_rec_get(const struct out_rec *r, const char *key);

/* out_print_rec - "key: value" lines, or one JSON object */
void out_print_rec(FILE *fp, const struct out_rec *r, int json);
/*
 * out_print_table - text: a table of the given columns with headings;
 * JSON: an array of the full records.
 */
void out_print_table(FILE *fp, struct out_rec *const *recs, size_t n, const char *const *cols,
                     const char *const *heads, int json);

/*
 * out_result - the outcome of a command that changed something: the
 * message for people, or {"ok":true, <fields of r>} for scripts. r may be NULL.
 */
void out_result(struct cli_ctx *ctx, const struct out_rec *r, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* out_json_string - append s as a JSON string (quoted, escaped, invalid UTF-8 -> U+FFFD) */
void out_json_string(struct buf *b, const char *s, size_t len);
/* out_text_clean - append s with control characters shown as '?' */
void out_text_clean(struct buf *b, const char *s, size_t len);

#endif
