/*
 * cli_sasldb.c: walking a sasldb2 file with Berkeley DB's cursor API,
 * read-only and without an environment (no lock or log files are created
 * next to the site's file).
 */
#include <db.h>
#include <string.h>

#include "cli_sasldb.h"
#include "secret.h"
#include "xalloc.h"

int
sasldb_key_parse(const void *key, size_t len, struct sasldb_key *k)
{
	const char *p = key, *end = p + len;
	const char *nul1, *nul2;

	if (len == 0 || len > SASLDB_KEY_MAX)
		return 0;
	nul1 = memchr(p, '\0', len);
	if (nul1 == NULL)
		return 0;
	nul2 = memchr(nul1 + 1, '\0', (size_t)(end - nul1 - 1));
	if (nul2 == NULL || memchr(nul2 + 1, '\0', (size_t)(end - nul2 - 1)) != NULL)
		return 0;
	k->user = p;
	k->user_len = (size_t)(nul1 - p);
	k->realm = nul1 + 1;
	k->realm_len = (size_t)(nul2 - nul1 - 1);
	k->prop = nul2 + 1;
	k->prop_len = (size_t)(end - nul2 - 1);
	return k->user_len > 0 && k->prop_len > 0;
}

/* quiet - Berkeley DB's own messages would repeat what *err_r already says */
static void
quiet(const DB_ENV *env, const char *prefix, const char *msg)
{
	(void)env;
	(void)prefix;
	(void)msg;
}

enum pst_result
sasldb_read(const char *path, sasldb_cb cb, void *arg, char **err_r)
{
	unsigned char kbuf[SASLDB_KEY_MAX], vbuf[SASLDB_VALUE_MAX];
	DB *db = NULL;
	DBC *cur = NULL;
	DBT key, val;
	enum pst_result r = PST_OK;
	int ret;

	ret = db_create(&db, NULL, 0);
	if (ret != 0) {
		*err_r = xasprintf("%s: %s", path, db_strerror(ret));
		return PST_TEMPFAIL;
	}
	db->set_errcall(db, quiet);
	ret = db->open(db, NULL, path, NULL, DB_UNKNOWN, DB_RDONLY, 0);
	if (ret != 0) {
		*err_r = xasprintf("%s: not a readable sasldb2 (Berkeley DB) file: %s", path,
		                   db_strerror(ret));
		db->close(db, 0);
		return PST_PERMFAIL;
	}
	ret = db->cursor(db, NULL, &cur, 0);
	if (ret != 0) {
		*err_r = xasprintf("%s: %s", path, db_strerror(ret));
		db->close(db, 0);
		return PST_PERMFAIL;
	}
	for (;;) {
		struct sasldb_key k;
		struct secret *v;
		int stop;

		memset(&key, 0, sizeof(key));
		memset(&val, 0, sizeof(val));
		/* Our buffers, not Berkeley DB's: these we can wipe. */
		key.data = kbuf;
		key.ulen = sizeof(kbuf);
		key.flags = DB_DBT_USERMEM;
		val.data = vbuf;
		val.ulen = sizeof(vbuf);
		val.flags = DB_DBT_USERMEM;
		ret = cur->get(cur, &key, &val, DB_NEXT);
		if (ret == DB_NOTFOUND)
			break;
		if (ret != 0) {
			*err_r = xasprintf("%s: %s", path,
			                   ret == DB_BUFFER_SMALL ? "a record is too large"
			                                          : db_strerror(ret));
			r = PST_PERMFAIL;
			break;
		}
		v = secret_new(vbuf, val.size);
		secret_wipe(vbuf, val.size);
		stop = cb(sasldb_key_parse(kbuf, key.size, &k) ? &k : NULL, v, arg);
		secret_free(&v);
		if (stop)
			break;
	}
	secret_wipe(vbuf, sizeof(vbuf));
	cur->close(cur);
	db->close(db, 0);
	return r;
}
