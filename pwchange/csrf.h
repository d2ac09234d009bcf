/*
 * csrf.h: double-submit CSRF tokens for the HTML form.
 *
 * GET / sets a random token in a __Host- cookie (Secure, HttpOnly,
 * SameSite=Strict, Path=/, no Domain: only this exact origin can set or
 * read it) and puts the same token in a hidden form field. A POST is
 * accepted only when both are present, well formed and equal. Another site
 * cannot read the cookie, so it cannot put the token in the field; and
 * SameSite=Strict keeps browsers from sending the cookie on its POSTs.
 */
#ifndef POSTINO_PWCHANGE_CSRF_H
#define POSTINO_PWCHANGE_CSRF_H

#include "result.h"

#define CSRF_COOKIE    "__Host-postino_csrf"
#define CSRF_FIELD     "csrf"
#define CSRF_TOKEN_LEN 64 /* 32 random bytes, hex */

/* csrf_token_new - a fresh token in out; PST_TEMPFAIL if the RNG fails */
enum pst_result csrf_token_new(char out[CSRF_TOKEN_LEN + 1]);
/* csrf_token_wellformed - 1 if tok is CSRF_TOKEN_LEN lower-case hex digits */
int csrf_token_wellformed(const char *tok);
/*
 * csrf_check - PST_OK when both tokens are well formed and equal (compared
 * in constant time); PST_PERMFAIL otherwise, including when either is NULL.
 */
enum pst_result csrf_check(const char *cookie_tok, const char *field_tok);
/* csrf_set_cookie - the Set-Cookie header value for tok (xmalloc'd) */
char *csrf_set_cookie(const char *tok);

#endif
