/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * json_parse.c: the strict JSON object reader and the string escaper the
 * API uses for its answers.
 *
 * The reader is a hand-written recursive-descent parser for one level of
 * object. Decoded strings may be passwords: they are built in buffers that
 * are wiped on every path.
 */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "hex.h"
#include "json_parse.h"
#include "secret.h"
#include "xalloc.h"

struct jp {
	const unsigned char *p, *end;
	const char *why;
};

static void
skip_ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int
hex4(const unsigned char *p, uint32_t *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		int d = hex_digit(p[i]);

		if (d < 0)
			return -1;
		*v = *v << 4 | (uint32_t)d;
	}
	return 0;
}

/* put_utf8 - encode code point cp (already validated) at out */
static size_t
put_utf8(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * utf8_len - length of the well-formed UTF-8 sequence at p (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or 0.
 */
static size_t
utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t avail = (size_t)(end - p);
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return avail >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;

		return avail >= 3 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;

		return avail >= 4 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 &&
		                       (p[3] & 0xC0) == 0x80
		               ? 4
		               : 0;
	}
	return 0;
}

/* parse_escape - decode the escape after a backslash at j->p into out */
static size_t
parse_escape(struct jp *j, char *out)
{
	uint32_t cp, lo;

	if (j->p >= j->end)
		return 0;
	switch (*j->p++) {
	case '"':
		*out = '"';
		return 1;
	case '\\':
		*out = '\\';
		return 1;
	case '/':
		*out = '/';
		return 1;
	case 'b':
		*out = '\b';
		return 1;
	case 'f':
		*out = '\f';
		return 1;
	case 'n':
		*out = '\n';
		return 1;
	case 'r':
		*out = '\r';
		return 1;
	case 't':
		*out = '\t';
		return 1;
	case 'u':
		break;
	default:
		return 0;
	}
	if (j->end - j->p < 4 || hex4(j->p, &cp) < 0)
		return 0;
	j->p += 4;
	if (cp >= 0xDC00 && cp <= 0xDFFF)
		return 0; /* a low surrogate without its high half */
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u' ||
		    hex4(j->p + 2, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
			return 0;
		j->p += 6;
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	}
	if (cp == 0)
		return 0; /* values become C strings: a NUL would truncate them */
	return put_utf8(cp, out);
}

/*
 * parse_string - j->p is at the opening quote. The decoded form is never
 * longer than the encoded one, so one allocation of the remaining input
 * length bounds it.
 */
static char *
parse_string(struct jp *j, size_t *len_r)
{
	size_t cap = (size_t)(j->end - j->p) + 1, o = 0;
	char *out;

	if (j->p >= j->end || *j->p != '"') {
		j->why = "expected a string";
		return NULL;
	}
	j->p++;
	out = xmalloc(cap);
	for (;;) {
		size_t n;

		if (j->p >= j->end) {
			j->why = "unterminated string";
			goto bad;
		}
		if (*j->p == '"') {
			j->p++;
			break;
		}
		if (*j->p < 0x20) {
			j->why = "control character in a string";
			goto bad;
		}
		if (*j->p == '\\') {
			j->p++;
			n = parse_escape(j, out + o);
			if (n == 0) {
				j->why = "bad escape in a string";
				goto bad;
			}
			o += n;
			continue;
		}
		n = utf8_len(j->p, j->end);
		if (n == 0) {
			j->why = "invalid UTF-8";
			goto bad;
		}
		memcpy(out + o, j->p, n);
		o += n;
		j->p += n;
	}
	out[o] = '\0';
	*len_r = o;
	return out;
bad:
	secret_wipe(out, cap);
	xfree(&out);
	return NULL;
}

enum pst_result
json_parse_object(const char *in, size_t len, size_t max_members, struct kv_list *out,
                  const char **why_r)
{
	struct jp j = {(const unsigned char *)in, (const unsigned char *)in + len, NULL};

	skip_ws(&j);
	if (j.p >= j.end || *j.p != '{') {
		j.why = "expected a JSON object";
		goto fail;
	}
	j.p++;
	skip_ws(&j);
	if (j.p < j.end && *j.p == '}') {
		j.p++;
		goto done;
	}
	for (;;) {
		size_t klen, vlen;
		char *key, *val;

		skip_ws(&j);
		key = parse_string(&j, &klen);
		if (key == NULL)
			goto fail;
		if (klen == 0 || klen > JSON_KEY_MAX || kv_find(out, key) != NULL ||
		    out->n >= max_members) {
			j.why = klen == 0 || klen > JSON_KEY_MAX ? "bad member name"
			        : out->n >= max_members          ? "too many members"
			                                         : "repeated member";
			xfree(&key);
			goto fail;
		}
		skip_ws(&j);
		if (j.p >= j.end || *j.p != ':') {
			j.why = "expected ':'";
			xfree(&key);
			goto fail;
		}
		j.p++;
		skip_ws(&j);
		if (j.p < j.end && *j.p != '"') {
			j.why = "values must be strings";
			xfree(&key);
			goto fail;
		}
		val = parse_string(&j, &vlen);
		if (val == NULL) {
			xfree(&key);
			goto fail;
		}
		kv_add(out, key, val, vlen);
		skip_ws(&j);
		if (j.p < j.end && *j.p == ',') {
			j.p++;
			continue;
		}
		if (j.p < j.end && *j.p == '}') {
			j.p++;
			break;
		}
		j.why = "expected ',' or '}'";
		goto fail;
	}
done:
	skip_ws(&j);
	if (j.p != j.end) {
		j.why = "trailing bytes after the object";
		goto fail;
	}
	if (why_r)
		*why_r = NULL;
	return PST_OK;
fail:
	kv_free(out);
	if (why_r)
		*why_r = j.why ? j.why : "malformed JSON";
	return PST_PERMFAIL;
}

void
json_escape_append(struct buf *b, const char *s)
{
	buf_appendc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_appendc(b, '\\');
			buf_appendc(b, (char)*p);
		} else if (*p < 0x20 || *p == 0x7F) {
			buf_appendf(b, "\\u%04x", *p);
		} else if (*p == '<' || *p == '>' || *p == '&') {
			/* Escaped so that an answer shown as HTML by mistake is inert. */
			buf_appendf(b, "\\u%04x", *p);
		} else {
			buf_appendc(b, (char)*p);
		}
	}
	buf_appendc(b, '"');
}
