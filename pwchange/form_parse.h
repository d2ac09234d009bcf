/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * form_parse.h: decoding application/x-www-form-urlencoded request bodies.
 */
#ifndef POSTINO_PWCHANGE_FORM_PARSE_H
#define POSTINO_PWCHANGE_FORM_PARSE_H

#include <stddef.h>

#include "kv.h"
#include "result.h"

/* Longest field name accepted; the form's names are all short. */
#define FORM_KEY_MAX 32

/*
 * form_parse - decode "a=1&b=2" ('+' is a space, %XX an escaped byte) into
 * out. PST_PERMFAIL, with out left empty, on a malformed %-escape, a NUL
 * byte, a name longer than FORM_KEY_MAX, more than max_fields pairs, or a
 * name given twice (two different values for one field cannot both be what
 * the user meant).
 */
enum pst_result form_parse(const char *in, size_t len, size_t max_fields, struct kv_list *out);

#endif
