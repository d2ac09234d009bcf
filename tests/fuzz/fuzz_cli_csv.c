/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_cli_csv.c: the CSV reader of "postinoctl import csv". Every record
 * it returns must be within the documented bounds, and reading must end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/cli_csv.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader r;
	char **f = NULL, *err = NULL;
	size_t n, line, records = 0;
	int rc;

	csv_init(&r, (const char *)data, size);
	while ((rc = csv_next(&r, &f, &n, &line, &err)) > 0) {
		if (n == 0 || n > CSV_FIELDS_MAX || f[n] != NULL || line == 0)
			abort();
		for (size_t i = 0; i < n; i++)
			if (strlen(f[i]) > CSV_FIELD_MAX)
				abort();
		csv_fields_free(&f);
		/* Every record consumes at least one byte. */
		if (++records > size)
			abort();
	}
	if (rc < 0 && err == NULL)
		abort();
	xfree(&err);
	return 0;
}
