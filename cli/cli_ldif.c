/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_ldif.c: the LDIF reader. It works on a buffer holding the whole file,
 * unfolds continuation lines into a bounded buffer, and copies each value
 * with its length checked first.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "b64.h"
#include "buf.h"
#include "cli_ldif.h"
#include "secret.h"
#include "xalloc.h"

void
ldif_init(struct ldif_reader *r, const char *data, size_t len)
{
	r->p = data;
	r->end = data + len;
	r->line = 1;
	r->started = 0;
}

void
ldif_record_free(struct ldif_record **rp)
{
	struct ldif_record *rec = *rp;

	if (rec == NULL)
		return;
	for (size_t i = 0; i < rec->n; i++) {
		secret_wipe(rec->a[i].value, rec->a[i].len);
		xfree(&rec->a[i].value);
		xfree(&rec->a[i].name);
	}
	xfree(&rec->a);
	xfree(&rec->dn);
	xfree(rp);
}

char *
ldif_base64_decode(const char *in, size_t len, size_t *out_len)
{
	unsigned char *out;

	/* LDIF allows blanks after a value; lib's decoder takes none. */
	while (len > 0 && (in[len - 1] == ' ' || in[len - 1] == '\t'))
		len--;
	out = xmalloc(len / 4 * 3 + 1);
	*out_len = 0;
	if (len > 0 && b64_decode(in, len, out, len / 4 * 3, out_len) != 0) {
		secret_wipe(out, len / 4 * 3 + 1);
		xfree(&out);
		return NULL;
	}
	out[*out_len] = '\0';
	return (char *)out;
}

/* physical - the next physical line [*s, *s + *len) without its line end; 0 at the end */
static int
physical(struct ldif_reader *r, const char **s, size_t *len)
{
	const char *nl;

	if (r->p >= r->end)
		return 0;
	*s = r->p;
	nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	*len = (size_t)((nl != NULL ? nl : r->end) - r->p);
	r->p = nl != NULL ? nl + 1 : r->end;
	r->line++;
	if (*len > 0 && (*s)[*len - 1] == '\r')
		(*len)--;
	return 1;
}

/* peek_continuation - 1 if the next physical line continues the current one */
static int
peek_continuation(const struct ldif_reader *r)
{
	return r->p < r->end && *r->p == ' ';
}

/*
 * logical - the next logical line (folded lines joined) into b. Returns 1,
 * 0 for a blank line (record end), -1 at the end of input, -2 on overflow.
 * Comment lines are skipped with their continuations.
 */
static int
logical(struct ldif_reader *r, struct buf *b, size_t *line_r)
{
	const char *s;
	size_t len;

	buf_reset(b);
	for (;;) {
		*line_r = r->line;
		if (!physical(r, &s, &len))
			return -1;
		if (len > 0 && s[0] == '#') {
			while (peek_continuation(r))
				physical(r, &s, &len);
			continue;
		}
		break;
	}
	if (len == 0)
		return 0;
	buf_append(b, s, len);
	while (peek_continuation(r)) {
		physical(r, &s, &len);
		if (b->len + len > LDIF_LINE_MAX)
			return -2;
		buf_append(b, s + 1, len - 1);
	}
	return b->len > LDIF_LINE_MAX ? -2 : 1;
}

/*
 * split - "name: value", "name:: base64" or "name:< url" into parts.
 * Returns 0, or -1 with *err_r.
 */
static int
split(const char *line, size_t len, size_t lineno, char **name_r, char **value_r, size_t *vlen_r,
      char **err_r)
{
	const char *colon = memchr(line, ':', len);
	const char *v;
	size_t nlen, vlen;

	if (colon == NULL || colon == line) {
		*err_r = xasprintf("line %zu: expected \"attribute: value\"", lineno);
		return -1;
	}
	nlen = (size_t)(colon - line);
	for (size_t i = 0; i < nlen; i++) {
		if (!isalnum((unsigned char)line[i]) && line[i] != '-' && line[i] != ';' &&
		    line[i] != '.') {
			*err_r = xasprintf("line %zu: bad attribute name", lineno);
			return -1;
		}
	}
	v = colon + 1;
	vlen = len - nlen - 1;
	if (vlen > 0 && *v == '<') {
		*err_r = xasprintf("line %zu: URL values (\":<\") are not accepted", lineno);
		return -1;
	}
	if (vlen > 0 && *v == ':') {
		v++, vlen--;
		while (vlen > 0 && *v == ' ')
			v++, vlen--;
		*value_r = ldif_base64_decode(v, vlen, vlen_r);
		if (*value_r == NULL) {
			*err_r = xasprintf("line %zu: bad base64 value", lineno);
			return -1;
		}
	} else {
		while (vlen > 0 && *v == ' ')
			v++, vlen--;
		*value_r = xmemdup0(v, vlen);
		*vlen_r = vlen;
	}
	*name_r = xstrndup(line, nlen);
	return 0;
}

static void
add_attr(struct ldif_record *rec, char *name, char *value, size_t vlen)
{
	rec->a = xreallocarray(rec->a, rec->n + 1, sizeof(*rec->a));
	rec->a[rec->n].name = name;
	rec->a[rec->n].value = value;
	rec->a[rec->n].len = vlen;
	rec->n++;
}

/* body - the lines of a record after its dn; returns 1 or -1 */
static int
body(struct ldif_reader *r, struct buf *b, struct ldif_record *rec, char **err_r)
{
	size_t total = 0, lineno;
	int first = 1, k;

	while ((k = logical(r, b, &lineno)) > 0) {
		char *name = NULL, *value = NULL;
		size_t vlen = 0;

		if (split(b->data, b->len, lineno, &name, &value, &vlen, err_r) < 0)
			return -1;
		total += b->len;
		if (strcasecmp(name, "changetype") == 0 || strcasecmp(name, "control") == 0) {
			int ok = first && strcasecmp(name, "changetype") == 0 &&
			         strcasecmp(value, "add") == 0;

			if (!ok)
				*err_r = xasprintf("line %zu: only content and \"changetype: add\" "
				                   "records can be imported",
				                   lineno);
			xfree(&name);
			secret_wipe(value, vlen);
			xfree(&value);
			if (!ok)
				return -1;
			first = 0;
			continue;
		}
		first = 0;
		add_attr(rec, name, value, vlen);
		if (rec->n > LDIF_ATTRS_MAX || total > LDIF_RECORD_MAX) {
			*err_r = xasprintf("line %zu: record too large", lineno);
			return -1;
		}
	}
	if (k == -2) {
		*err_r = xasprintf("line %zu: line longer than %d bytes", lineno, LDIF_LINE_MAX);
		return -1;
	}
	return 1;
}

int
ldif_next(struct ldif_reader *r, struct ldif_record **rec_r, char **err_r)
{
	struct buf b = BUF_INIT;
	struct ldif_record *rec;
	char *name = NULL, *value = NULL;
	size_t vlen = 0, lineno;
	int k;

	*rec_r = NULL;
	do {
		k = logical(r, &b, &lineno);
	} while (k == 0);
	if (k == -1) {
		buf_free(&b);
		return 0;
	}
	if (k == -2 || split(b.data, b.len, lineno, &name, &value, &vlen, err_r) < 0) {
		if (k == -2)
			*err_r = xasprintf("line %zu: line longer than %d bytes", lineno,
			                   LDIF_LINE_MAX);
		buf_free(&b);
		return -1;
	}
	if (!r->started && strcasecmp(name, "version") == 0) {
		r->started = 1;
		k = strcmp(value, "1") == 0;
		xfree(&name);
		xfree(&value);
		buf_free(&b);
		if (!k) {
			*err_r = xasprintf("line %zu: only LDIF version 1 is known", lineno);
			return -1;
		}
		return ldif_next(r, rec_r, err_r);
	}
	r->started = 1;
	if (strcasecmp(name, "dn") != 0 || memchr(value, '\0', vlen) != NULL) {
		*err_r = xasprintf("line %zu: a record must start with \"dn:\"", lineno);
		xfree(&name);
		xfree(&value);
		buf_free(&b);
		return -1;
	}
	xfree(&name);
	rec = xcalloc(1, sizeof(*rec));
	rec->dn = value;
	rec->line = lineno;
	if (body(r, &b, rec, err_r) < 0) {
		ldif_record_free(&rec);
		buf_free(&b);
		return -1;
	}
	buf_free(&b);
	*rec_r = rec;
	return 1;
}
