/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * config.c: setting typed values from strings, defaults and release.
 *
 * Values are validated completely before the field is touched, so a bad
 * value leaves the old one in place. Booleans accept exactly the words
 * saslauthd's users write (yes/no, on/off, true/false, 1/0); unlike
 * saslauthd, anything else is an error rather than a silent "false",
 * because "ldap_start_tls: ture" must not quietly turn TLS off.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config_int.h"
#include "log.h"
#include "secret.h"
#include "xalloc.h"

/* Values longer than this are refused; saslauthd's longest buffer is 4096. */
#define CFG_VALUE_MAX 4096

void *
cfg_field(const struct cfg_table *tab, const struct cfg_def *def)
{
	return (char *)tab->base + def->offset;
}

const struct cfg_def *
cfg_find(const struct cfg_table *tabs, size_t ntabs, const char *key,
         const struct cfg_table **tab_r)
{
	size_t t, i;

	for (t = 0; t < ntabs; t++) {
		for (i = 0; i < tabs[t].ndefs; i++) {
			const struct cfg_def *d = &tabs[t].defs[i];

			if (strcasecmp(d->name, key) == 0 ||
			    (d->alias != NULL && strcasecmp(d->alias, key) == 0)) {
				if (tab_r != NULL)
					*tab_r = &tabs[t];
				return d;
			}
		}
	}
	return NULL;
}

/* cfg_bool_word - 1/0 for a boolean spelling, -1 for anything else */
static int
cfg_bool_word(const char *v)
{
	static const char *const yes[] = {"yes", "on", "true", "1"};
	static const char *const no[] = {"no", "off", "false", "0"};
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* cfg_parse_long - a whole-string number in base 10 or 8 within [min, max] */
static int
cfg_parse_long(const struct cfg_def *d, const char *v, int base, long *out, char **err_r)
{
	char *end, q[80];
	long n;

	errno = 0;
	if (*v == '\0' || (base == 8 && strspn(v, "01234567") != strlen(v))) {
		*err_r = xasprintf("%s: \"%s\" is not %s", d->name,
		                   log_quote(q, sizeof(q), v, strlen(v)),
		                   base == 8 ? "an octal mode" : "a number");
		return -1;
	}
	n = strtol(v, &end, base);
	if (*end != '\0' || end == v) {
		*err_r = xasprintf("%s: \"%s\" is not a number", d->name,
		                   log_quote(q, sizeof(q), v, strlen(v)));
		return -1;
	}
	if (errno == ERANGE || n < d->min || n > d->max) {
		if (base == 8)
			*err_r = xasprintf("%s: %s is out of range (%lo..%lo)", d->name,
			                   log_quote(q, sizeof(q), v, strlen(v)), d->min, d->max);
		else
			*err_r = xasprintf("%s: %s is out of range (%ld..%ld)", d->name,
			                   log_quote(q, sizeof(q), v, strlen(v)), d->min, d->max);
		return -1;
	}
	*out = n;
	return 0;
}

/* cfg_enum_index - index of v in choices; booleans match "yes"/"no" choices */
static int
cfg_enum_index(const struct cfg_def *d, const char *v)
{
	int i, b;

	for (i = 0; d->choices[i] != NULL; i++)
		if (strcasecmp(d->choices[i], v) == 0)
			return i;
	/* A tri-state such as unset|yes|no also takes every boolean spelling. */
	b = cfg_bool_word(v);
	if (b < 0)
		return -1;
	for (i = 0; d->choices[i] != NULL; i++)
		if (strcmp(d->choices[i], b ? "yes" : "no") == 0)
			return i;
	return -1;
}

/* cfg_assign - validate v and store it; free_old is 0 for a fresh struct */
static enum pst_result
cfg_assign(const struct cfg_table *tab, const struct cfg_def *d, const char *v, int free_old,
           char **err_r)
{
	void *field = cfg_field(tab, d);
	char q[80];
	long n;
	int i;

	if (strlen(v) > CFG_VALUE_MAX) {
		*err_r = xasprintf("%s: value longer than %d bytes", d->name, CFG_VALUE_MAX);
		return PST_PERMFAIL;
	}
	switch (d->type) {
	case CFG_STR: {
		char **sp = field;

		if (free_old)
			xfree(sp);
		*sp = xstrdup(v);
		return PST_OK;
	}
	case CFG_SECRET: {
		struct secret **sp = field;

		if (free_old)
			secret_free(sp);
		*sp = secret_from_str(v);
		return PST_OK;
	}
	case CFG_INT:
	case CFG_MODE:
		if (cfg_parse_long(d, v, d->type == CFG_MODE ? 8 : 10, &n, err_r) < 0)
			return PST_PERMFAIL;
		*(long *)field = n;
		return PST_OK;
	case CFG_BOOL:
		i = cfg_bool_word(v);
		if (i < 0) {
			*err_r = xasprintf("%s: \"%s\" is not yes/no/on/off/true/false/1/0",
			                   d->name, log_quote(q, sizeof(q), v, strlen(v)));
			return PST_PERMFAIL;
		}
		*(int *)field = i;
		return PST_OK;
	case CFG_ENUM:
		i = cfg_enum_index(d, v);
		if (i < 0) {
			char list[256];
			size_t o = 0;
			int k;

			list[0] = '\0';
			for (k = 0; d->choices[k] != NULL && o < sizeof(list); k++)
				o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
				                      k ? "|" : "", d->choices[k]);
			*err_r = xasprintf("%s: \"%s\" is not one of %s", d->name,
			                   log_quote(q, sizeof(q), v, strlen(v)), list);
			return PST_PERMFAIL;
		}
		*(int *)field = i;
		return PST_OK;
	}
	*err_r = xasprintf("%s: unknown setting type", d->name);
	return PST_PERMFAIL;
}

enum pst_result
cfg_set(const struct cfg_table *tabs, size_t ntabs, const char *key, const char *value,
        char **err_r)
{
	const struct cfg_table *tab = NULL;
	const struct cfg_def *d;
	char q[80];

	d = cfg_find(tabs, ntabs, key, &tab);
	if (d == NULL) {
		*err_r = xasprintf("unknown key \"%s\"", log_quote(q, sizeof(q), key, strlen(key)));
		return PST_PERMFAIL;
	}
	return cfg_assign(tab, d, value, 1, err_r);
}

void
cfg_defaults(const struct cfg_table *tabs, size_t ntabs)
{
	size_t t, i;

	for (t = 0; t < ntabs; t++) {
		for (i = 0; i < tabs[t].ndefs; i++) {
			const struct cfg_def *d = &tabs[t].defs[i];
			void *field = cfg_field(&tabs[t], d);
			char *err = NULL;

			switch (d->type) {
			case CFG_STR:
				*(char **)field = NULL;
				break;
			case CFG_SECRET:
				*(struct secret **)field = NULL;
				break;
			case CFG_INT:
			case CFG_MODE:
				*(long *)field = 0;
				break;
			case CFG_BOOL:
			case CFG_ENUM:
				*(int *)field = 0;
				break;
			}
			/* A default the table's own parser rejects is a bug in the table. */
			if (d->def != NULL && cfg_assign(&tabs[t], d, d->def, 0, &err) != PST_OK)
				log_panic("config table: bad default: %s", err);
		}
	}
}

void
cfg_release(const struct cfg_table *tabs, size_t ntabs)
{
	size_t t, i;

	for (t = 0; t < ntabs; t++) {
		for (i = 0; i < tabs[t].ndefs; i++) {
			const struct cfg_def *d = &tabs[t].defs[i];

			if (d->type == CFG_STR)
				xfree((char **)cfg_field(&tabs[t], d));
			else if (d->type == CFG_SECRET)
				secret_free((struct secret **)cfg_field(&tabs[t], d));
		}
	}
}
