/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_ldif.h: an RFC 2849 LDIF reader for "import ldif".
 *
 * It reads content records and "changetype: add" records; other change
 * types, controls and URL values ("attr:< file:///...", which would make
 * postinoctl read local files named by the input) are refused. Values may
 * be base64 ("attr:: ..."); lines may be folded. Everything is bounded:
 * logical line length, attributes per record, record size.
 */
#ifndef POSTINO_CLI_LDIF_H
#define POSTINO_CLI_LDIF_H

#include <stddef.h>

#define LDIF_LINE_MAX   (64 * 1024)
#define LDIF_ATTRS_MAX  512
#define LDIF_RECORD_MAX (1024 * 1024)

struct ldif_attr {
	char *name;  /* attribute description as written (e.g. "cn", "cn;lang-it") */
	char *value; /* NUL-terminated copy; may contain NUL bytes if len says so */
	size_t len;
};

struct ldif_record {
	char *dn;
	size_t line; /* line of the "dn:" */
	struct ldif_attr *a;
	size_t n;
};

struct ldif_reader {
	const char *p, *end;
	size_t line;
	int started; /* past the optional "version: 1" */
};

void ldif_init(struct ldif_reader *r, const char *data, size_t len);
/* ldif_next - 1 and *rec_r for a record, 0 at the end, -1 with *err_r on an error */
int ldif_next(struct ldif_reader *r, struct ldif_record **rec_r, char **err_r);
/* ldif_record_free - free, wiping values (userPassword may be cleartext) */
void ldif_record_free(struct ldif_record **rp);

/* ldif_base64_decode - strict base64 (padding required); NULL if invalid */
char *ldif_base64_decode(const char *in, size_t len, size_t *out_len);

#endif
