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

/* Return non-zero from the callback to stop reading (not an error). */
typedef int (*sasldb_cb)(const struct sasldb_key *k, const struct secret *value, void *arg);

/*
 * sasldb_read - call cb for every record of the file, in file order.
 * Malformed keys are passed with k == NULL so the caller can count them.
 * PST_PERMFAIL with *err_r when the file cannot be opened as a database.
 */
enum pst_result sasldb_read(const char *path, sasldb_cb cb, void *arg, char **err_r);

#endif
