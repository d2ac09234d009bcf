/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_import.h: what the three importers (sasldb, CSV, LDIF) share: a plan
 * of entries to add, checked against the directory before anything is
 * written, then applied all together or rolled back.
 *
 * LDAP has no multi-entry transaction that every deployment offers, so
 * "all or nothing" is done by compensation: if an add fails, the entries
 * this run added are deleted again, newest first, and the report says so
 * (and names any entry that could not be deleted).
 */
#ifndef POSTINO_CLI_IMPORT_H
#define POSTINO_CLI_IMPORT_H

#include <stddef.h>

#include "cli_mods.h"
#include "result.h"

struct cli_ctx;

struct import_item {
	char *label; /* where it came from, for messages: "line 12", "bob@EXAMPLE" */
	char *uid;
	char *dn;
	struct cli_mods mods;
};

struct import_plan {
	const char *verb; /* "import csv" */
	const char *file;
	struct import_item *items;
	size_t n, cap;
	size_t nerrors; /* validation errors reported so far */
	char **skipped; /* "label: reason" */
	size_t nskipped;
	char **conflicts; /* uid of an account that exists already */
	size_t nconflicts;
};

void import_plan_init(struct import_plan *pl, const char *verb, const char *file);
void import_plan_free(struct import_plan *pl);
/* import_plan_add - a new item (dn NULL: the uid's DN under the people base) */
struct import_item *import_plan_add(struct import_plan *pl, const struct cli_ctx *ctx,
                                    const char *label, const char *uid, const char *dn);
/* import_error - report a validation error about label (printed; counted) */
void import_error(struct import_plan *pl, const char *label, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* import_skip - note an input record that is deliberately not imported */
void import_skip(struct import_plan *pl, const char *label, const char *why);

/*
 * import_check - find uids that appear twice in the plan (errors), and
 * uids or DNs that exist in the directory: errors when conflicts_fatal,
 * else the items are dropped and listed as conflicts.
 */
enum pst_result import_check(struct cli_ctx *ctx, struct import_plan *pl, int conflicts_fatal,
                             char **err_r);

/*
 * import_run - the common tail of every importer: check, refuse on errors,
 * then add everything (or report what would be added, for dry_run) and
 * print the summary. Returns a cli_exit code.
 */
int import_run(struct cli_ctx *ctx, struct import_plan *pl, int conflicts_fatal, int dry_run);

/* import_read_file - the whole file (capped at max bytes), NUL-terminated */
char *import_read_file(const char *path, size_t max, size_t *len_r, char **err_r);

/* Largest import file accepted: far above any real account list. */
#define IMPORT_FILE_MAX (256u * 1024 * 1024)

#endif
