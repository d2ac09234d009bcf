/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_pwchange_json.c: libFuzzer target for the API's strict JSON object
 * reader. Whatever it accepts must be a list of NUL-free, valid entries.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../pwchange/json_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kv_list l = KV_LIST_INIT;
	const char *why = NULL;

	if (json_parse_object((const char *)data, size, 8, &l, &why) == PST_OK) {
		if (l.n > 8)
			abort();
		for (size_t i = 0; i < l.n; i++)
			if (strlen(l.items[i].val) != l.items[i].val_len ||
			    l.items[i].val_len > size || kv_find(&l, l.items[i].key) != &l.items[i])
				abort();
	} else if (why == NULL || l.n != 0) {
		abort();
	}
	kv_free(&l);
	return 0;
}
