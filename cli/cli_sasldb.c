/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_sasldb.c: walking a sasldb2 file with Berkeley DB's cursor API,
 * read-only and without an environment (no lock or log files are created
 * next to the site's file).
 */
#include <db.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Berkeley DB's magic numbers (db_page.h) and where the meta fields are. */
#define BDB_HASHMAGIC  0x061561u
#define BDB_BTREEMAGIC 0x053162u
#define META_MAGIC     12
#define META_PAGESIZE  20
#define META_ENCRYPT   24
#define META_LASTPGNO  32
#define HMETA_NELEM    88

/* meta_u32 - a 32-bit field in the file's byte order */
static uint32_t
meta_u32(const unsigned char *p, int swap)
{
	uint32_t le =
	        (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;

	return swap ? __builtin_bswap32(le) : le;
}

enum pst_result
sasldb_meta_parse(const void *page, size_t len, unsigned long long file_size, struct sasldb_meta *m,
                  char **err_r)
{
	const unsigned char *p = page;
	uint32_t magic;
	unsigned long long want;
	int swap = 0;

	memset(m, 0, sizeof(*m));
	if (len < HMETA_NELEM + 4) {
		*err_r = xstrdup("too short to be a Berkeley DB file");
		return PST_PERMFAIL;
	}
	magic = meta_u32(p + META_MAGIC, 0);
	if (magic != BDB_HASHMAGIC && magic != BDB_BTREEMAGIC) {
		swap = 1;
		magic = meta_u32(p + META_MAGIC, 1);
	}
	if (magic != BDB_HASHMAGIC && magic != BDB_BTREEMAGIC) {
		*err_r = xstrdup("not a Berkeley DB hash or btree file");
		return PST_PERMFAIL;
	}
	m->hash = magic == BDB_HASHMAGIC;
	m->pagesize = meta_u32(p + META_PAGESIZE, swap);
	m->last_pgno = meta_u32(p + META_LASTPGNO, swap);
	if (m->hash)
		m->nelem = meta_u32(p + HMETA_NELEM, swap);
	if (m->pagesize < 512 || m->pagesize > 65536 || (m->pagesize & (m->pagesize - 1)) != 0) {
		*err_r = xasprintf("meta page: impossible page size %u", m->pagesize);
		return PST_PERMFAIL;
	}
	if (p[META_ENCRYPT] != 0) {
		*err_r = xstrdup("an encrypted Berkeley DB file");
		return PST_PERMFAIL;
	}
	want = ((unsigned long long)m->last_pgno + 1) * m->pagesize;
	if (file_size < want || file_size % m->pagesize != 0) {
		*err_r = xasprintf("truncated or damaged: the meta page says %u pages of %u bytes "
		                   "(%llu bytes), the file has %llu",
		                   m->last_pgno + 1, m->pagesize, want, file_size);
		return PST_PERMFAIL;
	}
	return PST_OK;
}

/* meta_read - page 0 of path, checked against the file's size */
static enum pst_result
meta_read(const char *path, struct sasldb_meta *m, char **err_r)
{
	unsigned char page[SASLDB_META_LEN];
	struct stat st;
	ssize_t n;
	char *why = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		*err_r = xasprintf("%s: %s", path, strerror(errno));
		return PST_PERMFAIL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*err_r = xasprintf("%s: not a regular file", path);
		close(fd);
		return PST_PERMFAIL;
	}
	do
		n = pread(fd, page, sizeof(page), 0);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0 ||
	    sasldb_meta_parse(page, (size_t)n, (unsigned long long)st.st_size, m, &why) != PST_OK) {
		*err_r = xasprintf("%s: not a readable sasldb2 (Berkeley DB) file: %s", path,
		                   why != NULL ? why : strerror(errno));
		xfree(&why);
		return PST_PERMFAIL;
	}
	return PST_OK;
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
	struct sasldb_meta meta;
	unsigned long long nread = 0;
	int ret, stopped = 0;

	if (meta_read(path, &meta, err_r) != PST_OK)
		return PST_PERMFAIL;
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
		nread++;
		v = secret_new(vbuf, val.size);
		secret_wipe(vbuf, val.size);
		stop = cb(sasldb_key_parse(kbuf, key.size, &k) ? &k : NULL, v, arg);
		secret_free(&v);
		if (stop) {
			stopped = 1;
			break;
		}
	}
	/* The cursor ends quietly at a missing page: the count tells. */
	if (r == PST_OK && !stopped && meta.hash && nread != meta.nelem) {
		*err_r = xasprintf("%s: damaged or truncated: read %llu records, the meta page "
		                   "counts %u",
		                   path, nread, meta.nelem);
		r = PST_PERMFAIL;
	}
	secret_wipe(vbuf, sizeof(vbuf));
	cur->close(cur);
	db->close(db, 0);
	return r;
}
