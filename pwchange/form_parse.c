/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * form_parse.c: a strict application/x-www-form-urlencoded decoder.
 *
 * The input is untrusted and may carry passwords: every decoded value goes
 * into its own buffer that kv_free() wipes, and a failure part-way through
 * wipes what was decoded so far.
 */
#include <string.h>

#include "form_parse.h"
#include "hex.h"
#include "secret.h"
#include "xalloc.h"

/* decode - percent-decode in[0..len) into a new buffer; NULL on bad input */
static char *
decode(const char *in, size_t len, size_t *out_len)
{
	char *out = xmalloc(len + 1);
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		char c = in[i];

		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int hi, lo;

			if (len - i < 3 || (hi = hex_digit((unsigned char)in[i + 1])) < 0 ||
			    (lo = hex_digit((unsigned char)in[i + 2])) < 0)
				goto bad;
			c = (char)(hi << 4 | lo);
			i += 2;
		}
		if (c == '\0')
			goto bad;
		out[o++] = c;
	}
	out[o] = '\0';
	*out_len = o;
	return out;
bad:
	secret_wipe(out, len + 1);
	xfree(&out);
	return NULL;
}

enum pst_result
form_parse(const char *in, size_t len, size_t max_fields, struct kv_list *out)
{
	size_t pos = 0;

	while (pos < len) {
		const char *amp = memchr(in + pos, '&', len - pos);
		size_t end = amp ? (size_t)(amp - in) : len;
		const char *eq = memchr(in + pos, '=', end - pos);
		size_t klen_raw = eq ? (size_t)(eq - (in + pos)) : end - pos;
		char *key, *val;
		size_t klen, vlen;

		if (end == pos) { /* "a=1&&b=2": an empty piece carries nothing */
			pos = end + 1;
			continue;
		}
		if (out->n >= max_fields || klen_raw > 3 * FORM_KEY_MAX)
			goto fail;
		key = decode(in + pos, klen_raw, &klen);
		if (key == NULL)
			goto fail;
		if (klen == 0 || klen > FORM_KEY_MAX || kv_find(out, key) != NULL) {
			xfree(&key);
			goto fail;
		}
		if (eq)
			val = decode(eq + 1, end - (size_t)(eq + 1 - in), &vlen);
		else
			val = decode("", 0, &vlen);
		if (val == NULL) {
			xfree(&key);
			goto fail;
		}
		kv_add(out, key, val, vlen);
		pos = end + 1;
	}
	return PST_OK;
fail:
	kv_free(out);
	return PST_PERMFAIL;
}
