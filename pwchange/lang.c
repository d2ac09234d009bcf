/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lang.c: choosing the language of a request. The Accept-Language parser
 * reads outside input and has a fuzz target (tests/fuzz/fuzz_pwchange_lang.c).
 */
#include <string.h>
#include <strings.h>

#include "cookie_parse.h"
#include "lang.h"
#include "xalloc.h"

static const struct {
	const char *tag, *name;
} langs[LANG_COUNT] = {
        [LANG_EN] = {"en", "English"},
        [LANG_IT] = {"it", "Italiano"},
};

/* Ranges looked at in one header; more is not a browser. */
#define ACCEPT_MAX_RANGES 32

const char *
lang_tag(enum lang l)
{
	return (unsigned)l < LANG_COUNT ? langs[l].tag : langs[LANG_EN].tag;
}

const char *
lang_name(enum lang l)
{
	return (unsigned)l < LANG_COUNT ? langs[l].name : langs[LANG_EN].name;
}

int
lang_from_tag(const char *tag, enum lang *l)
{
	for (int i = 0; tag != NULL && i < LANG_COUNT; i++)
		if (strcasecmp(tag, langs[i].tag) == 0) {
			*l = (enum lang)i;
			return 1;
		}
	return 0;
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * parse_q - an RFC 9110 qvalue ("0", "0.5", "1.000") as thousandths, or -1
 * when malformed
 */
static int
parse_q(const char *s, size_t n)
{
	int q, scale = 100;
	size_t i;

	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return -1;
	q = (s[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (s[1] != '.' || n > 5)
		return -1;
	for (i = 2; i < n; i++, scale /= 10) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		q += (s[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

/*
 * parse_range - one element "it-IT;q=0.8": the primary subtag ("*" for the
 * wildcard) into *prim and *plen, the weight into *q. 0 when malformed.
 */
static int
parse_range(const char *s, size_t n, const char **prim, size_t *plen, int *q)
{
	size_t i = 0, j;

	while (n > 0 && is_blank(s[n - 1]))
		n--;
	while (i < n && is_blank(s[i]))
		i++;
	*prim = s + i;
	if (i < n && s[i] == '*') {
		i++;
	} else {
		for (j = i; j < n && is_alpha(s[j]); j++)
			;
		if (j == i || j - i > 8)
			return 0;
		i = j;
		/* Further subtags: '-' then 1 to 8 letters or digits. */
		while (i < n && s[i] == '-') {
			for (j = ++i; j < n && (is_alpha(s[j]) || (s[j] >= '0' && s[j] <= '9'));
			     j++)
				;
			if (j == i || j - i > 8)
				return 0;
			i = j;
		}
	}
	for (*plen = 0; *prim + *plen < s + n && (*prim)[*plen] != '-' &&
	                !is_blank((*prim)[*plen]) && (*prim)[*plen] != ';';
	     (*plen)++)
		;
	*q = 1000;
	while (i < n && is_blank(s[i]))
		i++;
	if (i == n)
		return 1;
	/* Only the q parameter is defined: ";" OWS "q=" qvalue. */
	if (s[i++] != ';')
		return 0;
	while (i < n && is_blank(s[i]))
		i++;
	if (n - i < 2 || (s[i] != 'q' && s[i] != 'Q') || s[i + 1] != '=')
		return 0;
	*q = parse_q(s + i + 2, n - i - 2);
	return *q >= 0;
}

/* What a header says of each language: its q and the position of the range that said it. */
struct weights {
	int q[LANG_COUNT], pos[LANG_COUNT];
	int star_q, star_pos;
};

/* weigh - note one range; the first range naming a language decides for it */
static void
weigh(struct weights *w, const char *prim, size_t plen, int q, int pos)
{
	if (plen == 1 && prim[0] == '*') {
		if (w->star_q < 0) {
			w->star_q = q;
			w->star_pos = pos;
		}
		return;
	}
	for (int i = 0; i < LANG_COUNT; i++)
		if (w->q[i] < 0 && plen == strlen(langs[i].tag) &&
		    strncasecmp(prim, langs[i].tag, plen) == 0) {
			w->q[i] = q;
			w->pos[i] = pos;
		}
}

/* pick - the acceptable language with the highest q, then the earliest; -1 for none */
static int
pick(struct weights *w)
{
	int best = -1;

	for (int i = 0; i < LANG_COUNT; i++) {
		/* A language not named is acceptable as far as "*" says. */
		if (w->q[i] < 0 && w->star_q >= 0) {
			w->q[i] = w->star_q;
			w->pos[i] = w->star_pos;
		}
		if (w->q[i] > 0 && (best < 0 || w->q[i] > w->q[best] ||
		                    (w->q[i] == w->q[best] && w->pos[i] < w->pos[best])))
			best = i;
	}
	return best;
}

int
lang_from_accept(const char *hdr, size_t len, enum lang *l)
{
	struct weights w;
	int best, nranges = 0;
	size_t pos = 0;

	if (hdr == NULL)
		return 0;
	for (int i = 0; i < LANG_COUNT; i++) {
		w.q[i] = -1;
		w.pos[i] = 0;
	}
	w.star_q = -1;
	w.star_pos = 0;
	if (len > LANG_ACCEPT_MAX)
		len = LANG_ACCEPT_MAX;
	while (pos < len && nranges < ACCEPT_MAX_RANGES) {
		const char *comma = memchr(hdr + pos, ',', len - pos), *prim;
		size_t end = comma ? (size_t)(comma - hdr) : len, plen;
		int q;

		if (end > pos && parse_range(hdr + pos, end - pos, &prim, &plen, &q))
			weigh(&w, prim, plen, q, ++nranges);
		pos = end + 1;
	}
	best = pick(&w);
	if (best < 0)
		return 0;
	*l = (enum lang)best;
	return 1;
}

enum lang
lang_choose(const char *arg, const char *cookie_hdr, const char *accept)
{
	enum lang l = LANG_EN;
	char *c = NULL;

	if (arg != NULL && lang_from_tag(arg, &l))
		return l;
	if (cookie_hdr != NULL &&
	    cookie_find(cookie_hdr, strlen(cookie_hdr), LANG_COOKIE, &c) == PST_OK &&
	    lang_from_tag(c, &l)) {
		xfree(&c);
		return l;
	}
	xfree(&c);
	if (accept != NULL && lang_from_accept(accept, strlen(accept), &l))
		return l;
	return LANG_EN;
}

char *
lang_set_cookie(enum lang l)
{
	/* Lax: the choice may follow a link from elsewhere; it is no secret. */
	return xasprintf("%s=%s; Path=/; Max-Age=31536000; Secure; HttpOnly; SameSite=Lax",
	                 LANG_COOKIE, lang_tag(l));
}
