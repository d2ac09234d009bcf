/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kv.h: a small list of decoded name/value pairs, the common output of the
 * request-body parsers (urlencoded form, JSON object) and the cookie parser.
 *
 * Values may be passwords, so kv_free() wipes them before freeing.
 */
#ifndef POSTINO_PWCHANGE_KV_H
#define POSTINO_PWCHANGE_KV_H

#include <stddef.h>

struct kv {
	char *key;
	char *val; /* NUL-terminated; parsers refuse values with embedded NULs */
	size_t val_len;
};

struct kv_list {
	struct kv *items;
	size_t n, cap;
};

#define KV_LIST_INIT                                                                               \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* kv_add - append a pair; takes ownership of key and val (xmalloc'd) */
void kv_add(struct kv_list *l, char *key, char *val, size_t val_len);
/* kv_find - the first pair named key, or NULL */
const struct kv *kv_find(const struct kv_list *l, const char *key);
/* kv_free - wipe every value, free everything, leave an empty list */
void kv_free(struct kv_list *l);

#endif
