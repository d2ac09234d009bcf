/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_import.c: checking and applying an import plan.
 *
 * The order is fixed: parse and validate every record (errors are collected,
 * not stopped at, so one run shows every bad line), check the directory for
 * existing accounts, and only then write. Writing adds entries one by one;
 * the first failure deletes what this run added, newest first.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "cli_cmds.h"
#include "cli_entry.h"
#include "cli_import.h"
#include "cli_ldap.h"
#include "cli_output.h"
#include "secret.h"
#include "xalloc.h"

/* Validation errors printed one by one before the rest are only counted. */
#define IMPORT_ERRORS_SHOWN 50

void
import_plan_init(struct import_plan *pl, const char *verb, const char *file)
{
	memset(pl, 0, sizeof(*pl));
	pl->verb = verb;
	pl->file = file;
}

static void
item_free(struct import_item *it)
{
	xfree(&it->label);
	xfree(&it->uid);
	xfree(&it->dn);
	cli_mods_free(&it->mods);
}

void
import_plan_free(struct import_plan *pl)
{
	for (size_t i = 0; i < pl->n; i++)
		item_free(&pl->items[i]);
	xfree(&pl->items);
	for (size_t i = 0; i < pl->nskipped; i++)
		xfree(&pl->skipped[i]);
	xfree(&pl->skipped);
	for (size_t i = 0; i < pl->nconflicts; i++)
		xfree(&pl->conflicts[i]);
	xfree(&pl->conflicts);
	pl->n = pl->cap = pl->nskipped = pl->nconflicts = 0;
}

struct import_item *
import_plan_add(struct import_plan *pl, const struct cli_ctx *ctx, const char *label,
                const char *uid, const char *dn)
{
	struct import_item *it;

	if (pl->n == pl->cap) {
		pl->cap = pl->cap == 0 ? 64 : pl->cap * 2;
		pl->items = xreallocarray(pl->items, pl->cap, sizeof(*pl->items));
	}
	it = &pl->items[pl->n++];
	memset(it, 0, sizeof(*it));
	it->label = xstrdup(label);
	it->uid = xstrdup(uid);
	it->dn = dn != NULL ? xstrdup(dn) : cli_user_dn(ctx, uid);
	return it;
}

void
import_error(struct import_plan *pl, const char *label, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	pl->nerrors++;
	if (pl->nerrors > IMPORT_ERRORS_SHOWN)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cli_err("%s %s: %s: %s", pl->verb, pl->file, label, msg);
}

static void
strv_push(char ***v, size_t *n, char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof(char *));
	(*v)[(*n)++] = s;
}

void
import_skip(struct import_plan *pl, const char *label, const char *why)
{
	strv_push(&pl->skipped, &pl->nskipped, xasprintf("%s: %s", label, why));
}

static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

struct key_idx {
	char *key;
	size_t idx;
};

static int
key_cmp(const void *a, const void *b)
{
	const struct key_idx *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c != 0 ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* check_duplicates - the same uid (or DN) twice in one input is an error */
static void
check_duplicates(struct import_plan *pl, int by_dn)
{
	struct key_idx *k = xcalloc(pl->n + 1, sizeof(*k));

	for (size_t i = 0; i < pl->n; i++) {
		k[i].key = xstrdup(by_dn ? pl->items[i].dn : pl->items[i].uid);
		lower(k[i].key);
		k[i].idx = i;
	}
	qsort(k, pl->n, sizeof(*k), key_cmp);
	for (size_t i = 1; i < pl->n; i++)
		if (strcmp(k[i].key, k[i - 1].key) == 0)
			import_error(pl, pl->items[k[i].idx].label, "%s \"%s\" also at %s",
			             by_dn ? "DN" : "uid",
			             by_dn ? pl->items[k[i].idx].dn : pl->items[k[i].idx].uid,
			             pl->items[k[i - 1].idx].label);
	for (size_t i = 0; i < pl->n; i++)
		xfree(&k[i].key);
	xfree(&k);
}

struct existing {
	char **uids; /* lower-case, sorted after the search */
	size_t n;
};

static int
existing_cb(struct cli_entry *e, void *arg)
{
	struct existing *ex = arg;
	const struct cli_attr *a = cli_entry_attr(e, "uid");

	for (size_t i = 0; a != NULL && i < a->n; i++) {
		char *u = xstrdup(a->vals[i]);

		lower(u);
		strv_push(&ex->uids, &ex->n, u);
	}
	return 0;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* lookup_each - the plan's uids that exist, one search each */
static enum pst_result
lookup_each(struct cli_ctx *ctx, const struct import_plan *pl, struct existing *ex, char **err_r)
{
	char *attrs[] = {"uid", NULL};

	for (size_t i = 0; i < pl->n; i++) {
		struct cli_entry *e = NULL;
		enum pst_result r;
		int count;

		r = cli_user_lookup(ctx, pl->items[i].uid, attrs, &e, &count, err_r);
		cli_entry_free(&e);
		if (r != PST_OK)
			return r;
		if (count > 0) {
			char *u = xstrdup(pl->items[i].uid);

			lower(u);
			strv_push(&ex->uids, &ex->n, u);
		}
	}
	return PST_OK;
}

enum pst_result
import_check(struct cli_ctx *ctx, struct import_plan *pl, int conflicts_fatal, char **err_r)
{
	char *attrs[] = {"uid", NULL};
	struct existing ex = {NULL, 0};
	enum pst_result r;
	size_t keep = 0;

	check_duplicates(pl, 0);
	check_duplicates(pl, 1);
	/* One listing of existing uids beats one search per imported record. */
	r = cli_ldap_search(ctx, ctx->people_base, LDAP_SCOPE_SUBTREE, "(uid=*)", attrs,
	                    existing_cb, &ex, err_r);
	if (r != PST_OK && ctx->last_rc == LDAP_SIZELIMIT_EXCEEDED) {
		/* A server that limits this identity's reads: ask about each uid instead. */
		xfree(err_r);
		for (size_t i = 0; i < ex.n; i++)
			xfree(&ex.uids[i]);
		ex.n = 0;
		r = lookup_each(ctx, pl, &ex, err_r);
	}
	if (r != PST_OK)
		goto out;
	if (ex.n > 1)
		qsort(ex.uids, ex.n, sizeof(char *), str_cmp);
	for (size_t i = 0; i < pl->n; i++) {
		char *u = xstrdup(pl->items[i].uid);
		int found;

		lower(u);
		found = ex.n > 0 && bsearch(&u, ex.uids, ex.n, sizeof(char *), str_cmp) != NULL;
		xfree(&u);
		if (found && conflicts_fatal) {
			import_error(pl, pl->items[i].label, "account \"%s\" exists already",
			             pl->items[i].uid);
		} else if (found) {
			strv_push(&pl->conflicts, &pl->nconflicts, xstrdup(pl->items[i].uid));
			item_free(&pl->items[i]);
			continue;
		}
		pl->items[keep++] = pl->items[i];
	}
	pl->n = keep;
out:
	for (size_t i = 0; i < ex.n; i++)
		xfree(&ex.uids[i]);
	xfree(&ex.uids);
	return r;
}

/* rollback - delete items [0, upto) newest first; returns how many could not be deleted */
static size_t
rollback(struct cli_ctx *ctx, struct import_plan *pl, size_t upto)
{
	size_t left = 0;

	for (size_t i = upto; i-- > 0;) {
		char *err = NULL;

		if (cli_ldap_delete(ctx, pl->items[i].dn, &err) != PST_OK) {
			cli_err("%s: rollback: could not delete %s: %s; remove it by hand",
			        pl->verb, pl->items[i].dn, err);
			left++;
		}
		xfree(&err);
	}
	return left;
}

static void
summary(struct cli_ctx *ctx, struct import_plan *pl, int dry_run)
{
	struct out_rec *rec = out_rec_new();
	char **uids = xcalloc(pl->n + 1, sizeof(char *));

	for (size_t i = 0; i < pl->n; i++)
		uids[i] = pl->items[i].uid;
	out_str(rec, "file", pl->file);
	out_bool(rec, "dry_run", dry_run);
	out_list(rec, dry_run ? "would_create" : "created", uids, pl->n);
	out_list(rec, "conflicts", pl->conflicts, pl->nconflicts);
	out_list(rec, "skipped", pl->skipped, pl->nskipped);
	xfree(&uids);
	if (!ctx->g.json) {
		for (size_t i = 0; i < pl->n; i++)
			fprintf(ctx->out, "%s %s\n", dry_run ? "would create" : "created",
			        pl->items[i].dn);
		for (size_t i = 0; i < pl->nconflicts; i++)
			fprintf(ctx->out, "conflict: account %s exists already; left unchanged\n",
			        pl->conflicts[i]);
		for (size_t i = 0; i < pl->nskipped; i++) {
			struct buf b = BUF_INIT;

			out_text_clean(&b, pl->skipped[i], strlen(pl->skipped[i]));
			fprintf(ctx->out, "skipped: %s\n", b.data);
			buf_free(&b);
		}
	}
	out_result(ctx, rec, "%s %s: %zu %s, %zu conflict%s, %zu skipped", pl->verb, pl->file,
	           pl->n, dry_run ? "to create" : "created", pl->nconflicts,
	           pl->nconflicts == 1 ? "" : "s", pl->nskipped);
	out_rec_free(&rec);
}

int
import_run(struct cli_ctx *ctx, struct import_plan *pl, int conflicts_fatal, int dry_run)
{
	char *err = NULL;
	enum pst_result r;
	size_t i;

	/* Even with errors already found: one run should show every problem. */
	r = import_check(ctx, pl, conflicts_fatal, &err);
	if (r != PST_OK) {
		int code = cli_fail(ctx, cli_exit_from(r), "%s %s: %s", pl->verb, pl->file, err);

		xfree(&err);
		return code;
	}
	if (pl->nerrors > 0)
		return cli_fail(ctx, CLI_EXIT_REFUSED, "%s %s: %zu error%s; nothing was written",
		                pl->verb, pl->file, pl->nerrors, pl->nerrors == 1 ? "" : "s");
	if (pl->n > (size_t)ctx->ctl.import_max)
		return cli_fail(ctx, CLI_EXIT_REFUSED,
		                "%s %s: %zu entries exceed ctl_import_max_entries (%ld); nothing "
		                "was written",
		                pl->verb, pl->file, pl->n, ctx->ctl.import_max);
	if (dry_run) {
		summary(ctx, pl, 1);
		return CLI_EXIT_OK;
	}
	for (i = 0; i < pl->n; i++) {
		r = cli_ldap_add(ctx, pl->items[i].dn, cli_mods_array(&pl->items[i].mods), &err);
		/* The hashes are not needed any more once the entry is written. */
		cli_mods_free(&pl->items[i].mods);
		if (r != PST_OK)
			break;
	}
	if (i < pl->n) {
		size_t left;

		cli_err("%s %s: %s: adding %s failed: %s", pl->verb, pl->file, pl->items[i].label,
		        pl->items[i].dn, err);
		xfree(&err);
		left = rollback(ctx, pl, i);
		if (left == 0)
			return cli_fail(ctx, cli_exit_from(r),
			                "%s %s: rolled back: deleted the %zu entr%s this run had "
			                "added; nothing was imported",
			                pl->verb, pl->file, i, i == 1 ? "y" : "ies");
		return cli_fail(ctx, cli_exit_from(r),
		                "%s %s: rollback incomplete: %zu of the %zu entries this run added "
		                "are still there (named above)",
		                pl->verb, pl->file, left, i);
	}
	if (pl->n > 0)
		cli_authd_flush(ctx, NULL);
	summary(ctx, pl, 0);
	return CLI_EXIT_OK;
}

char *
import_read_file(const char *path, size_t max, size_t *len_r, char **err_r)
{
	/* read(2), not stdio: a FILE's buffer would keep a copy nobody wipes. */
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n;

	*len_r = 0;
	if (fd < 0) {
		*err_r = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (b.len + (size_t)n > max) {
			*err_r = xasprintf("%s: larger than %zu bytes", path, max);
			n = -2;
			break;
		}
		buf_append(&b, chunk, (size_t)n);
	}
	/* Import files may hold cleartext passwords: leave no copy on the stack. */
	secret_wipe(chunk, sizeof(chunk));
	if (n == -1)
		*err_r = xasprintf("%s: %s", path, strerror(errno));
	close(fd);
	if (n < 0) {
		buf_free(&b);
		return NULL;
	}
	*len_r = b.len;
	return buf_detach(&b);
}
