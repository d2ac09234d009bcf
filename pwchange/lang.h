/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lang.h: the languages the page and the API speak, and how one is chosen
 * for a request: an explicit ?lang= choice, then the language cookie the
 * page's switch sets, then Accept-Language (q-values honoured), then
 * English.
 */
#ifndef POSTINO_PWCHANGE_LANG_H
#define POSTINO_PWCHANGE_LANG_H

#include <stddef.h>

/* LANG_EN first: the default and the fallback. */
enum lang { LANG_EN = 0, LANG_IT, LANG_COUNT };

#define LANG_COOKIE "__Host-postino_lang"
#define LANG_ARG    "lang"
/* Longest Accept-Language header looked at; browsers send well under 200 bytes. */
#define LANG_ACCEPT_MAX 1024

/* lang_tag - the BCP 47 tag: "en", "it" */
const char *lang_tag(enum lang l);
/* lang_name - the language's name in itself: "English", "Italiano" */
const char *lang_name(enum lang l);
/* lang_from_tag - 1 with *l set when tag is exactly a supported tag (any case) */
int lang_from_tag(const char *tag, enum lang *l);
/*
 * lang_from_accept - the supported language an Accept-Language header
 * prefers: the highest q wins, then the earlier range; a range matches a
 * language when its primary subtag is that language ("it-CH" is "it"),
 * "*" matches any language not named, q=0 excludes. Malformed ranges are
 * skipped; only the first LANG_ACCEPT_MAX bytes are read. 1 with *l set
 * on a match, 0 when nothing supported is acceptable.
 */
int lang_from_accept(const char *hdr, size_t len, enum lang *l);
/*
 * lang_choose - the language of a request from its ?lang= value, Cookie
 * header and Accept-Language header (each may be NULL)
 */
enum lang lang_choose(const char *arg, const char *cookie_hdr, const char *accept);
/* lang_set_cookie - the Set-Cookie value that keeps a choice for a year (xmalloc'd) */
char *lang_set_cookie(enum lang l);

#endif
