/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_output.c: records printed as text tables, "key: value" lines or JSON.
 *
 * Directory values are UTF-8 by definition but nothing stops a bad client
 * from storing other bytes; output stays valid JSON (invalid sequences
 * become U+FFFD) and terminal-safe text (control characters become '?').
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_output.h"
#include "secret.h"
#include "xalloc.h"

enum out_kind { OUT_STR, OUT_LIST, OUT_BOOL, OUT_INT };

struct out_field {
	char *key;
	enum out_kind kind;
	char **vals; /* OUT_STR: 1 value or vals[0] NULL; OUT_LIST: n values */
	size_t n;
	long long num; /* OUT_BOOL, OUT_INT */
};

struct out_rec {
	struct out_field *f;
	size_t n, cap;
};

struct out_rec *
out_rec_new(void)
{
	return xcalloc(1, sizeof(struct out_rec));
}

void
out_rec_free(struct out_rec **rp)
{
	struct out_rec *r = *rp;

	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++) {
		for (size_t k = 0; k < r->f[i].n; k++) {
			/* A record may carry a generated password on its way out. */
			secret_wipe(r->f[i].vals[k], strlen(r->f[i].vals[k]));
			xfree(&r->f[i].vals[k]);
		}
		xfree(&r->f[i].vals);
		xfree(&r->f[i].key);
	}
	xfree(&r->f);
	xfree(rp);
}

static struct out_field *
field_new(struct out_rec *r, const char *key, enum out_kind kind)
{
	struct out_field *f;

	if (r->n == r->cap) {
		r->cap = r->cap == 0 ? 8 : r->cap * 2;
		r->f = xreallocarray(r->f, r->cap, sizeof(*r->f));
	}
	f = &r->f[r->n++];
	memset(f, 0, sizeof(*f));
	f->key = xstrdup(key);
	f->kind = kind;
	return f;
}

void
out_str(struct out_rec *r, const char *key, const char *val)
{
	struct out_field *f = field_new(r, key, OUT_STR);

	f->vals = xcalloc(1, sizeof(char *));
	if (val != NULL) {
		f->vals[0] = xstrdup(val);
		f->n = 1;
	}
}

void
out_list(struct out_rec *r, const char *key, char *const *vals, size_t n)
{
	struct out_field *f = field_new(r, key, OUT_LIST);

	f->vals = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		f->vals[i] = xstrdup(vals[i]);
	f->n = n;
}

void
out_bool(struct out_rec *r, const char *key, int v)
{
	field_new(r, key, OUT_BOOL)->num = v != 0;
}

void
out_int(struct out_rec *r, const char *key, long long v)
{
	field_new(r, key, OUT_INT)->num = v;
}

const char *
out_rec_get(const struct out_rec *r, const char *key)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->f[i].key, key) == 0 && r->f[i].kind == OUT_STR)
			return r->f[i].vals[0];
	return NULL;
}

/*
 * utf8_len - length of the valid UTF-8 sequence at p (at most n bytes), 0
 * if it is not one (overlong forms and surrogates included); *cp gets the
 * code point.
 */
static size_t
utf8_len(const unsigned char *p, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c, min;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2, c = p[0] & 0x1f, min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3, c = p[0] & 0x0f, min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4, c = p[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

void
out_json_string(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	buf_appendc(b, '"');
	while (i < len) {
		uint32_t cp;
		size_t l = utf8_len(p + i, len - i, &cp);

		if (l == 0) {
			buf_appends(b, "\\ufffd");
			i++;
			continue;
		}
		if (cp == '"' || cp == '\\') {
			buf_appendc(b, '\\');
			buf_appendc(b, (char)cp);
		} else if (cp == '\n') {
			buf_appends(b, "\\n");
		} else if (cp == '\t') {
			buf_appends(b, "\\t");
		} else if (cp < 0x20 || cp == 0x7f) {
			buf_appendf(b, "\\u%04x", (unsigned)cp);
		} else {
			buf_append(b, p + i, l);
		}
		i += l;
	}
	buf_appendc(b, '"');
}

void
out_text_clean(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		size_t l = utf8_len(p + i, len - i, &cp);

		if (l == 0 || cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
			buf_appendc(b, '?');
			i += l == 0 ? 1 : l;
			continue;
		}
		buf_append(b, p + i, l);
		i += l;
	}
}

/* display_width - code points, which is what a terminal column count is for most text */
static size_t
display_width(const char *s)
{
	size_t w = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p & 0xc0) != 0x80)
			w++;
	return w;
}

static void
field_text(struct buf *b, const struct out_field *f, const char *sep)
{
	switch (f->kind) {
	case OUT_STR:
		if (f->n == 0)
			buf_appendc(b, '-');
		else
			out_text_clean(b, f->vals[0], strlen(f->vals[0]));
		break;
	case OUT_LIST:
		if (f->n == 0)
			buf_appendc(b, '-');
		for (size_t i = 0; i < f->n; i++) {
			if (i > 0)
				buf_appends(b, sep);
			out_text_clean(b, f->vals[i], strlen(f->vals[i]));
		}
		break;
	case OUT_BOOL:
		buf_appends(b, f->num ? "yes" : "no");
		break;
	case OUT_INT:
		buf_appendf(b, "%lld", f->num);
		break;
	}
}

static void
field_json(struct buf *b, const struct out_field *f)
{
	out_json_string(b, f->key, strlen(f->key));
	buf_appendc(b, ':');
	switch (f->kind) {
	case OUT_STR:
		if (f->n == 0)
			buf_appends(b, "null");
		else
			out_json_string(b, f->vals[0], strlen(f->vals[0]));
		break;
	case OUT_LIST:
		buf_appendc(b, '[');
		for (size_t i = 0; i < f->n; i++) {
			if (i > 0)
				buf_appendc(b, ',');
			out_json_string(b, f->vals[i], strlen(f->vals[i]));
		}
		buf_appendc(b, ']');
		break;
	case OUT_BOOL:
		buf_appends(b, f->num ? "true" : "false");
		break;
	case OUT_INT:
		buf_appendf(b, "%lld", f->num);
		break;
	}
}

static void
rec_json(struct buf *b, const struct out_rec *r, int ok_first)
{
	buf_appendc(b, '{');
	if (ok_first)
		buf_appends(b, r != NULL && r->n > 0 ? "\"ok\":true," : "\"ok\":true");
	for (size_t i = 0; r != NULL && i < r->n; i++) {
		if (i > 0)
			buf_appendc(b, ',');
		field_json(b, &r->f[i]);
	}
	buf_appendc(b, '}');
}

void
out_print_rec(FILE *fp, const struct out_rec *r, int json)
{
	struct buf b = BUF_INIT;
	size_t kw = 0;

	if (json) {
		rec_json(&b, r, 0);
		fprintf(fp, "%s\n", b.data);
		buf_free(&b);
		return;
	}
	for (size_t i = 0; i < r->n; i++)
		if (strlen(r->f[i].key) > kw)
			kw = strlen(r->f[i].key);
	for (size_t i = 0; i < r->n; i++) {
		buf_reset(&b);
		field_text(&b, &r->f[i], ", ");
		fprintf(fp, "%s:%*s %s\n", r->f[i].key, (int)(kw - strlen(r->f[i].key)), "",
		        b.data);
	}
	buf_free(&b);
}

static const struct out_field *
rec_field(const struct out_rec *r, const char *key)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->f[i].key, key) == 0)
			return &r->f[i];
	return NULL;
}

/* cell_text - one table cell (xmalloc'd) */
static char *
cell_text(const struct out_rec *r, const char *key)
{
	const struct out_field *f = rec_field(r, key);
	struct buf b = BUF_INIT;

	if (f == NULL)
		buf_appendc(&b, '-');
	else
		field_text(&b, f, ",");
	return buf_detach(&b);
}

void
out_print_table(FILE *fp, struct out_rec *const *recs, size_t n, const char *const *cols,
                const char *const *heads, int json)
{
	size_t ncol = 0, *w;
	char **cells;

	if (json) {
		struct buf b = BUF_INIT;

		buf_appendc(&b, '[');
		for (size_t i = 0; i < n; i++) {
			if (i > 0)
				buf_appendc(&b, ',');
			rec_json(&b, recs[i], 0);
		}
		buf_appendc(&b, ']');
		fprintf(fp, "%s\n", b.data);
		buf_free(&b);
		return;
	}
	while (cols[ncol] != NULL)
		ncol++;
	w = xcalloc(ncol, sizeof(size_t));
	cells = xcalloc(n * ncol + 1, sizeof(char *));
	for (size_t c = 0; c < ncol; c++)
		w[c] = display_width(heads[c]);
	for (size_t i = 0; i < n; i++) {
		for (size_t c = 0; c < ncol; c++) {
			cells[i * ncol + c] = cell_text(recs[i], cols[c]);
			if (display_width(cells[i * ncol + c]) > w[c])
				w[c] = display_width(cells[i * ncol + c]);
		}
	}
	for (size_t i = 0; i <= n; i++) {
		for (size_t c = 0; c < ncol; c++) {
			const char *t = i == 0 ? heads[c] : cells[(i - 1) * ncol + c];
			int last = c + 1 == ncol;

			fprintf(fp, "%s%*s", t, last ? 0 : (int)(w[c] - display_width(t) + 2), "");
		}
		fputc('\n', fp);
	}
	for (size_t i = 0; i < n * ncol; i++)
		xfree(&cells[i]);
	xfree(&cells);
	xfree(&w);
}

void
out_result(struct cli_ctx *ctx, const struct out_rec *r, const char *fmt, ...)
{
	va_list ap;

	if (ctx->g.json) {
		struct buf b = BUF_INIT;

		rec_json(&b, r, 1);
		fprintf(ctx->out, "%s\n", b.data);
		buf_free(&b);
		return;
	}
	va_start(ap, fmt);
	vfprintf(ctx->out, fmt, ap);
	va_end(ap);
	fputc('\n', ctx->out);
}
