/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * config_print.c: --print-defaults, the Markdown settings reference and
 * the manual pages' settings sections, all generated from the tables so
 * they cannot drift from the parser.
 */
#include <stdio.h>

#include "config_int.h"

/* cfg_type_text - how a value of d's type is written, for the docs */
static void
cfg_type_text(FILE *fp, const struct cfg_def *d, const char *sep)
{
	int i;

	switch (d->type) {
	case CFG_STR:
		fputs("string", fp);
		break;
	case CFG_SECRET:
		fputs("secret", fp);
		break;
	case CFG_INT:
		fprintf(fp, "integer %ld..%ld", d->min, d->max);
		break;
	case CFG_MODE:
		fprintf(fp, "octal mode %04lo..%04lo", d->min, d->max);
		break;
	case CFG_BOOL:
		fputs("yes/no", fp);
		break;
	case CFG_ENUM:
		for (i = 0; d->choices[i] != NULL; i++)
			fprintf(fp, "%s%s", i ? sep : "", d->choices[i]);
		break;
	}
}

void
cfg_print_defaults(FILE *fp, const struct cfg_table *tabs, size_t ntabs)
{
	size_t t, i;

	for (t = 0; t < ntabs; t++) {
		fprintf(fp, "# --- %s\n", tabs[t].section ? tabs[t].section : "settings");
		for (i = 0; i < tabs[t].ndefs; i++) {
			const struct cfg_def *d = &tabs[t].defs[i];

			fprintf(fp, "# %s", d->doc ? d->doc : "");
			if (d->alias != NULL)
				fprintf(fp, " (alias: %s)", d->alias);
			fputc('\n', fp);
			/* Secrets have no default and are never printed. */
			if (d->def == NULL || d->type == CFG_SECRET)
				fprintf(fp, "#%s:\n", d->name);
			else
				fprintf(fp, "%s: %s\n", d->name, d->def);
		}
	}
}

void
cfg_print_doc(FILE *fp, const struct cfg_table *tabs, size_t ntabs)
{
	size_t t, i;

	for (t = 0; t < ntabs; t++) {
		fprintf(fp, "### %s settings\n\n", tabs[t].section ? tabs[t].section : "other");
		fputs("| key | type | default | meaning |\n|---|---|---|---|\n", fp);
		for (i = 0; i < tabs[t].ndefs; i++) {
			const struct cfg_def *d = &tabs[t].defs[i];

			fprintf(fp, "| `%s`", d->name);
			if (d->alias != NULL)
				fprintf(fp, " (`%s`)", d->alias);
			fputs(" | ", fp);
			cfg_type_text(fp, d, "\\|");
			if (d->def != NULL && d->type != CFG_SECRET)
				fprintf(fp, " | `%s` | ", d->def);
			else
				fputs(" | (unset) | ", fp);
			fprintf(fp, "%s |\n", d->doc ? d->doc : "");
		}
		fputc('\n', fp);
	}
}

/* roff_text - s for a roff text line: backslash and hyphen escaped */
static void
roff_text(FILE *fp, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", fp);
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			fputs("\\e", fp);
		else if (*s == '-')
			fputs("\\-", fp);
		else
			fputc(*s, fp);
	}
}

void
cfg_print_man(FILE *fp, const struct cfg_table *tabs, size_t ntabs)
{
	size_t t, i;

	for (t = 0; t < ntabs; t++) {
		for (i = 0; i < tabs[t].ndefs; i++) {
			const struct cfg_def *d = &tabs[t].defs[i];

			fputs(".TP\n.B ", fp);
			roff_text(fp, d->name);
			fputc('\n', fp);
			if (d->alias != NULL) {
				fputs("(alias \\fB", fp);
				roff_text(fp, d->alias);
				fputs("\\fR)\n", fp);
			}
			roff_text(fp, d->doc ? d->doc : "");
			fputs(".\n.br\nType: ", fp);
			cfg_type_text(fp, d, " | ");
			fputs("; default: ", fp);
			if (d->def != NULL && d->type != CFG_SECRET) {
				fputs("\\fB", fp);
				roff_text(fp, *d->def ? d->def : "(empty)");
				fputs("\\fR", fp);
			} else {
				fputs("unset", fp);
			}
			fputs(".\n", fp);
		}
	}
}
