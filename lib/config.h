/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * config.h: typed settings tables and the "key: value" file parser.
 *
 * Every setting has exactly one table entry: name, optional alias (the
 * saslauthd.conf spelling), type, default, limits and one line of
 * documentation. Defaults, validation, --print-defaults and the generated
 * documentation all come from the table, so they cannot drift apart.
 *
 * File format (compatible with saslauthd.conf): one "key: value" per line;
 * "#" starts a comment line; blank lines ignored; leading and trailing
 * blanks around the value are removed. Errors name file:line.
 *
 * Several programs read the same file. A key that no table knows is warned
 * about, except keys with a prefix that belongs to another postino program
 * (authd_, pwchange_, ctl_, plugin_), which are skipped silently.
 */
#ifndef POSTINO_CONFIG_H
#define POSTINO_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "result.h"

enum cfg_type {
	CFG_STR,    /* char *, NULL when unset */
	CFG_INT,    /* long, within [min, max] */
	CFG_BOOL,   /* int 0/1; yes/no/on/off/true/false/1/0 */
	CFG_ENUM,   /* int index into choices[] */
	CFG_SECRET, /* struct secret *, NULL when unset; never printed */
	CFG_MODE,   /* long, an octal file mode such as 0660 */
};

struct cfg_def {
	const char *name;
	const char *alias; /* another accepted spelling, or NULL */
	enum cfg_type type;
	const char *def;            /* default as written in a file; NULL = unset */
	long min, max;              /* CFG_INT/CFG_MODE limits */
	const char *const *choices; /* CFG_ENUM: NULL-terminated list */
	size_t offset;              /* offsetof() the field in the settings struct */
	const char *doc;            /* one line */
};

/* A table bound to the struct its offsets point into. */
struct cfg_table {
	const char *section; /* heading for docs, e.g. "ldap" */
	const struct cfg_def *defs;
	size_t ndefs;
	void *base;
};

/*
 * cfg_defaults - set every field of the table's struct to its default. The
 * struct must be fresh (zeroed): old values are overwritten, not freed.
 */
void cfg_defaults(const struct cfg_table *tabs, size_t ntabs);

/*
 * cfg_set - set one key (or alias). PST_PERMFAIL with *err_r set for an
 * unknown key or a bad value; the old value is kept in that case.
 */
enum pst_result cfg_set(const struct cfg_table *tabs, size_t ntabs, const char *key,
                        const char *value, char **err_r);

/*
 * cfg_load_file - parse path into the tables. On error nothing is
 * guaranteed about the struct: load into a fresh copy, and keep the old one
 * on failure (that is how SIGHUP reload keeps a good config). *err_r is
 * "path:line: message". Unknown keys are warned about with log_warn().
 * A missing file is PST_PERMFAIL unless missing_ok is set.
 */
enum pst_result cfg_load_file(const struct cfg_table *tabs, size_t ntabs, const char *path,
                              int missing_ok, char **err_r);

/*
 * cfg_load_buffer - the same as cfg_load_file on len bytes already in
 * memory; name stands in for the path in messages. The fuzz target and the
 * tests use it; cfg_load_file reads the file and calls it.
 */
enum pst_result cfg_load_buffer(const struct cfg_table *tabs, size_t ntabs, const char *name,
                                const char *data, size_t len, char **err_r);

/*
 * cfg_print_defaults - every setting as a "# doc" line followed by
 * "name: default" (or "#name:" when it has no default), so the output is
 * itself a valid config file.
 */
void cfg_print_defaults(FILE *fp, const struct cfg_table *tabs, size_t ntabs);
/* cfg_print_doc - a Markdown table of every setting, for the README */
void cfg_print_doc(FILE *fp, const struct cfg_table *tabs, size_t ntabs);
/*
 * cfg_print_man - every setting as a roff ".TP" paragraph (name, doc, type
 * and default), for the settings sections of the manual pages
 */
void cfg_print_man(FILE *fp, const struct cfg_table *tabs, size_t ntabs);
/* cfg_release - free strings and secrets held in the tables' structs */
void cfg_release(const struct cfg_table *tabs, size_t ntabs);

#endif
