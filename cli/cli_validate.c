/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_validate.c: administrator input checks.
 *
 * The directory would reject some of these values itself, but only after
 * part of a bulk import went in; checking first lets an import be refused
 * whole, with the line that is wrong.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "buf.h"
#include "cli_validate.h"
#include "xalloc.h"

int
cli_valid_uid(const char *uid, char **err_r)
{
	if (!account_uid_valid(uid)) {
		*err_r = xasprintf("invalid account name \"%.80s\" (1-64 characters of "
		                   "A-Z a-z 0-9 . _ @ + -, not starting with - or .)",
		                   uid);
		return 0;
	}
	return 1;
}

int
cli_valid_service(const char *svc, char **err_r)
{
	struct buf known = BUF_INIT;

	if (account_service_valid(svc))
		return 1;
	for (size_t i = 0; account_services[i] != NULL; i++)
		buf_appendf(&known, "%s%s", i > 0 ? " " : "", account_services[i]);
	*err_r = xasprintf("unknown service \"%.40s\" (known: %s)", svc,
	                   known.data != NULL ? known.data : "");
	buf_free(&known);
	return 0;
}

/* utf8_clean - 1 if s is valid UTF-8 with no control characters */
static int
utf8_clean(const unsigned char *s)
{
	while (*s != '\0') {
		size_t len;
		unsigned c;

		if (*s < 0x80) {
			if (*s < 0x20 || *s == 0x7f)
				return 0;
			s++;
			continue;
		}
		if ((*s & 0xe0) == 0xc0)
			len = 2, c = *s & 0x1f;
		else if ((*s & 0xf0) == 0xe0)
			len = 3, c = *s & 0x0f;
		else if ((*s & 0xf8) == 0xf0)
			len = 4, c = *s & 0x07;
		else
			return 0;
		for (size_t i = 1; i < len; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (s[i] & 0x3f);
		}
		if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
		    (len == 4 && c < 0x10000) || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) ||
		    (c >= 0x80 && c < 0xa0))
			return 0;
		s += len;
	}
	return 1;
}

int
cli_valid_name(const char *name, char **err_r)
{
	size_t len = strlen(name);

	if (len == 0 || len > CLI_NAME_MAX || !utf8_clean((const unsigned char *)name) ||
	    isspace((unsigned char)name[0]) || isspace((unsigned char)name[len - 1])) {
		*err_r = xasprintf("invalid name (1-%d bytes of UTF-8 text, no control "
		                   "characters, no leading or trailing blanks)",
		                   CLI_NAME_MAX);
		return 0;
	}
	return 1;
}

int
cli_valid_mail(const char *mail, char **err_r)
{
	const char *at = strchr(mail, '@');
	size_t len = strlen(mail);

	if (len == 0 || len > CLI_MAIL_MAX || at == NULL || at == mail || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL || at[1] == '.' || mail[len - 1] == '.')
		goto bad;
	for (const unsigned char *p = (const unsigned char *)mail; *p != '\0'; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("<>()[]\\,;:\"", *p) != NULL)
			goto bad;
	return 1;
bad:
	*err_r = xasprintf("invalid mail address \"%.80s\" (want local@domain, ASCII, no "
	                   "blanks)",
	                   mail);
	return 0;
}

int
cli_looks_hashed(const char *value)
{
	const char *p = value;

	if (*p++ != '{')
		return 0;
	while (isalnum((unsigned char)*p) || *p == '-' || *p == '.' || *p == '_')
		p++;
	return *p == '}' && p > value + 1;
}

int
cli_valid_hash(const char *value, char **err_r)
{
	const char *close = strchr(value, '}');

	if (!cli_looks_hashed(value) || close[1] == '\0' || strcasecmp(value, "{CLEARTEXT}") == 0 ||
	    strncasecmp(value, "{CLEAR}", 7) == 0 || strncasecmp(value, "{CLEARTEXT}", 11) == 0) {
		*err_r = xstrdup("a stored password must be a hash with a {SCHEME} prefix; "
		                 "cleartext is never written");
		return 0;
	}
	return 1;
}

void
cli_strv_free(char ***vp)
{
	char **v = *vp;

	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		xfree(&v[i]);
	xfree(vp);
}

int
cli_services_parse(const char *list, char ***svcs_r, size_t *n_r, char **err_r)
{
	char **v = xcalloc(1, sizeof(char *));
	size_t n = 0;
	const char *p = list;

	while (*p != '\0') {
		size_t len = strcspn(p, ", ;\t");
		char *name;
		int dup = 0;

		if (len == 0) {
			p++;
			continue;
		}
		name = xstrndup(p, len);
		for (char *c = name; *c != '\0'; c++)
			*c = (char)tolower((unsigned char)*c);
		p += len;
		if (!cli_valid_service(name, err_r)) {
			xfree(&name);
			cli_strv_free(&v);
			return 0;
		}
		for (size_t i = 0; i < n; i++)
			dup |= strcmp(v[i], name) == 0;
		if (dup) {
			xfree(&name);
			continue;
		}
		v = xreallocarray(v, n + 2, sizeof(char *));
		v[n++] = name;
		v[n] = NULL;
	}
	*svcs_r = v;
	*n_r = n;
	return 1;
}
