/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_pwchange_form.c: libFuzzer target for the urlencoded form decoder.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../pwchange/form_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kv_list l = KV_LIST_INIT;

	if (form_parse((const char *)data, size, 8, &l) == PST_OK) {
		if (l.n > 8)
			abort();
		for (size_t i = 0; i < l.n; i++)
			if (strlen(l.items[i].val) != l.items[i].val_len ||
			    strlen(l.items[i].key) > FORM_KEY_MAX || l.items[i].val_len > size)
				abort();
	} else if (l.n != 0) {
		abort();
	}
	kv_free(&l);
	return 0;
}
