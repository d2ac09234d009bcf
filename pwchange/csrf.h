/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * csrf.h: CSRF tokens for the HTML form, bound to the browser's session.
 *
 * GET / sets a random session value in a __Host- cookie (Secure, HttpOnly,
 * SameSite=Strict, Path=/, no Domain: only this exact origin can set or
 * read it) and puts a token in a hidden form field: the HMAC-SHA256 of that
 * cookie value under a server key. A POST is accepted only when the field
 * is the MAC of the cookie that came with it. A plain double submit (field
 * equal to cookie) would let an attacker who can plant a cookie (a sibling
 * subdomain, a man in the middle on plain HTTP) choose both halves; without
 * the server key no one can make a field that matches a cookie.
 *
 * The key is random per process start, or read from pwchange_csrf_key_file
 * so that several instances behind one name accept each other's forms.
 */
#ifndef POSTINO_PWCHANGE_CSRF_H
#define POSTINO_PWCHANGE_CSRF_H

#include "result.h"

struct secret;

#define CSRF_COOKIE    "__Host-postino_csrf"
#define CSRF_FIELD     "csrf"
#define CSRF_TOKEN_LEN 64 /* 32 bytes, hex: the session value and the MAC alike */
#define CSRF_KEY_MIN   32 /* bytes of a configured key */

/* csrf_key_new - a random key (32 bytes); NULL if the RNG fails */
struct secret *csrf_key_new(void);
/*
 * csrf_key_load - the first line of path as the key; PST_PERMFAIL with
 * *err_r when unreadable or shorter than CSRF_KEY_MIN bytes
 */
enum pst_result csrf_key_load(const char *path, struct secret **key_r, char **err_r);
/* csrf_session_new - a fresh cookie value in out; PST_TEMPFAIL if the RNG fails */
enum pst_result csrf_session_new(char out[CSRF_TOKEN_LEN + 1]);
/* csrf_token_wellformed - 1 if tok is CSRF_TOKEN_LEN lower-case hex digits */
int csrf_token_wellformed(const char *tok);
/*
 * csrf_token_for - the form token for a well-formed session value:
 * hex(HMAC-SHA256(key, label || session)); PST_PERMFAIL for a malformed one
 */
enum pst_result csrf_token_for(const struct secret *key, const char *session,
                               char out[CSRF_TOKEN_LEN + 1]);
/*
 * csrf_check - PST_OK when both are well formed and field_tok is the token
 * for cookie_tok (compared in constant time); PST_PERMFAIL otherwise,
 * including when either is NULL and when the two are equal.
 */
enum pst_result csrf_check(const struct secret *key, const char *cookie_tok, const char *field_tok);
/* csrf_set_cookie - the Set-Cookie header value for a session value (xmalloc'd) */
char *csrf_set_cookie(const char *session);

#endif
