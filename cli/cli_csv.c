/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_csv.c: the RFC 4180 reader. It works on a buffer that holds the whole
 * file and never reads past its end; every field is copied with its
 * length checked first.
 */
#include <string.h>

#include "buf.h"
#include "cli_csv.h"
#include "secret.h"
#include "xalloc.h"

void
csv_init(struct csv_reader *r, const char *data, size_t len)
{
	r->p = data;
	r->end = data + len;
	r->line = 1;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		r->p += 3;
}

void
csv_fields_free(char ***fieldsp)
{
	char **f = *fieldsp;

	for (size_t i = 0; f != NULL && f[i] != NULL; i++) {
		secret_wipe(f[i], strlen(f[i]));
		xfree(&f[i]);
	}
	xfree(fieldsp);
}

/* skip_blank_and_comments - move past empty lines and '#' lines between records */
static void
skip_blank_and_comments(struct csv_reader *r)
{
	while (r->p < r->end) {
		if (*r->p == '\n') {
			r->p++;
			r->line++;
		} else if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n') {
			r->p += 2;
			r->line++;
		} else if (*r->p == '#') {
			while (r->p < r->end && *r->p != '\n')
				r->p++;
		} else {
			break;
		}
	}
}

/* at_eol - 1 (and consume it) if the reader is at a record end: LF, CRLF or the end */
static int
at_eol(struct csv_reader *r)
{
	if (r->p >= r->end)
		return 1;
	if (*r->p == '\n') {
		r->p++;
		r->line++;
		return 1;
	}
	if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n') {
		r->p += 2;
		r->line++;
		return 1;
	}
	/* A file whose last line ends in a bare CR (an editor's leftover). */
	if (*r->p == '\r' && r->p + 1 == r->end) {
		r->p++;
		return 1;
	}
	return 0;
}

/* field - one field into b; returns 0, or -1 with *err_r */
static int
field(struct csv_reader *r, struct buf *b, char **err_r)
{
	if (r->p < r->end && *r->p == '"') {
		size_t start = r->line;

		r->p++;
		for (;;) {
			if (r->p >= r->end) {
				*err_r = xasprintf("line %zu: quoted field not closed", start);
				return -1;
			}
			if (*r->p == '"') {
				if (r->p + 1 < r->end && r->p[1] == '"') {
					buf_appendc(b, '"');
					r->p += 2;
					continue;
				}
				r->p++;
				break;
			}
			if (*r->p == '\n')
				r->line++;
			if (*r->p == '\0') {
				*err_r = xasprintf("line %zu: NUL byte", r->line);
				return -1;
			}
			buf_appendc(b, *r->p++);
			if (b->len > CSV_FIELD_MAX) {
				*err_r = xasprintf("line %zu: field longer than %d bytes", r->line,
				                   CSV_FIELD_MAX);
				return -1;
			}
		}
		if (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
			*err_r = xasprintf("line %zu: text after a closing quote", r->line);
			return -1;
		}
		return 0;
	}
	while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
		if (*r->p == '"') {
			*err_r = xasprintf("line %zu: quote inside an unquoted field", r->line);
			return -1;
		}
		if (*r->p == '\0') {
			*err_r = xasprintf("line %zu: NUL byte", r->line);
			return -1;
		}
		buf_appendc(b, *r->p++);
		if (b->len > CSV_FIELD_MAX) {
			*err_r = xasprintf("line %zu: field longer than %d bytes", r->line,
			                   CSV_FIELD_MAX);
			return -1;
		}
	}
	return 0;
}

int
csv_next(struct csv_reader *r, char ***fields_r, size_t *n_r, size_t *line_r, char **err_r)
{
	char **f;
	size_t n = 0;

	*fields_r = NULL;
	*n_r = 0;
	skip_blank_and_comments(r);
	if (r->p >= r->end)
		return 0;
	*line_r = r->line;
	f = xcalloc(CSV_FIELDS_MAX + 1, sizeof(char *));
	for (;;) {
		struct buf b = BUF_INIT;

		if (n == CSV_FIELDS_MAX) {
			*err_r =
			        xasprintf("line %zu: more than %d fields", r->line, CSV_FIELDS_MAX);
			csv_fields_free(&f);
			return -1;
		}
		if (field(r, &b, err_r) < 0) {
			buf_free(&b);
			csv_fields_free(&f);
			return -1;
		}
		f[n++] = buf_detach(&b);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (at_eol(r))
			break;
		/* A lone CR inside an unquoted field: not a line end, not allowed. */
		*err_r = xasprintf("line %zu: stray carriage return", r->line);
		csv_fields_free(&f);
		return -1;
	}
	*fields_r = f;
	*n_r = n;
	return 1;
}
