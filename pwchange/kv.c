/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kv.c: the name/value list shared by the request parsers.
 */
#include <string.h>

#include "kv.h"
#include "secret.h"
#include "xalloc.h"

void
kv_add(struct kv_list *l, char *key, char *val, size_t val_len)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->items = xreallocarray(l->items, l->cap, sizeof(*l->items));
	}
	l->items[l->n].key = key;
	l->items[l->n].val = val;
	l->items[l->n].val_len = val_len;
	l->n++;
}

const struct kv *
kv_find(const struct kv_list *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].key, key) == 0)
			return &l->items[i];
	return NULL;
}

void
kv_free(struct kv_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		secret_wipe(l->items[i].val, l->items[i].val_len);
		xfree(&l->items[i].key);
		xfree(&l->items[i].val);
	}
	xfree(&l->items);
	l->n = 0;
	l->cap = 0;
}
