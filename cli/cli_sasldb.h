/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_sasldb.h: reading a Cyrus SASL sasldb2 file (Berkeley DB) for
 * "import sasldb".
 *
 * Each record's key is "user\0realm\0property" (no trailing NUL) and its
 * value the property's data; for the property "userPassword" that is the
 * user's cleartext password, which is why values are only ever handed out
 * as struct secret and the read buffer is wiped after every record.
 */
#ifndef POSTINO_CLI_SASLDB_H
#define POSTINO_CLI_SASLDB_H

#include <stddef.h>

#include "result.h"

struct secret;

/* Bounds on one record; real keys and passwords are far smaller. */
#define SASLDB_KEY_MAX   1024
#define SASLDB_VALUE_MAX 4096

struct sasldb_key {
	const char *user, *realm, *prop; /* point into the key; not NUL-terminated */
	size_t user_len, realm_len, prop_len;
};

/* sasldb_key_parse - split a key; 1 if well formed (user and property non-empty), else 0 */
int sasldb_key_parse(const void *key, size_t len, struct sasldb_key *k);

/*
 * What the Berkeley DB meta page (page 0) says about the file, checked
 * before a record is read and after the last one: Berkeley DB's cursor
 * simply stops at a page that is missing, so a truncated file would
 * otherwise read as a shorter, valid one.
 */
struct sasldb_meta {
	int hash;           /* 1: hash (what sasldb uses), 0: btree */
	unsigned pagesize;  /* bytes per page */
	unsigned last_pgno; /* the file is (last_pgno + 1) pages */
	unsigned nelem;     /* hash only: key/data pairs stored */
};

/* Bytes of page 0 that sasldb_meta_parse needs at most. */
#define SASLDB_META_LEN 512

/*
 * sasldb_meta_parse - parse page 0 (len bytes of it) of a file of
 * file_size bytes into m; PST_PERMFAIL with *err_r when it is not a hash or
 * btree Berkeley DB, is encrypted, or is shorter than its meta page says.
 */
enum pst_result sasldb_meta_parse(const void *page, size_t len, unsigned long long file_size,
                                  struct sasldb_meta *m, char **err_r);

/* Return non-zero from the callback to stop reading (not an error). */
typedef int (*sasldb_cb)(const struct sasldb_key *k, const struct secret *value, void *arg);

/*
 * sasldb_read - call cb for every record of the file, in file order.
 * Malformed keys are passed with k == NULL so the caller can count them.
 * PST_PERMFAIL with *err_r when the file cannot be opened as a database,
 * when its meta page does not match the file, or when the records read
 * are not as many as the meta page counts (a damaged or truncated file).
 */
enum pst_result sasldb_read(const char *path, sasldb_cb cb, void *arg, char **err_r);

#endif
