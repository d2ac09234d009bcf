/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_csv.h: an RFC 4180 CSV reader for "import csv".
 *
 * Strict where leniency would hide mistakes (a quote inside an unquoted
 * field, text after a closing quote, NUL bytes) and bounded everywhere
 * (field size, fields per record). Quoted fields may span lines; CRLF and
 * LF both end a record; a UTF-8 byte-order mark is skipped; lines starting
 * with '#' outside a quoted field are comments.
 */
#ifndef POSTINO_CLI_CSV_H
#define POSTINO_CLI_CSV_H

#include <stddef.h>

#define CSV_FIELD_MAX  4096
#define CSV_FIELDS_MAX 32

struct csv_reader {
	const char *p, *end;
	size_t line; /* line the next record starts on (1-based) */
};

void csv_init(struct csv_reader *r, const char *data, size_t len);

/*
 * csv_next - the next record: *fields_r is a NULL-terminated xmalloc'd
 * array (free with csv_fields_free), *line_r its first line. Returns 1 for a
 * record, 0 at the end, -1 on a syntax error (*err_r says where and why;
 * reading cannot go on after one).
 */
int csv_next(struct csv_reader *r, char ***fields_r, size_t *n_r, size_t *line_r, char **err_r);

/* csv_fields_free - free a record, wiping it (it may hold a cleartext password) */
void csv_fields_free(char ***fieldsp);

#endif
