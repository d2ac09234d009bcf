/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_cli_sasldb.c: sasldb2 key parsing, and reading a Berkeley DB file
 * written here with Berkeley DB's own API in the layout Cyrus SASL uses
 * (hash database, key "user\0realm\0property", value the data), so the
 * reader is checked against a file it did not produce.
 */
#include <db.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../cli/cli_sasldb.h"
#include "secret.h"
#include "t.h"
#include "xalloc.h"

struct key_case {
	const char *name;
	const char *key;
	size_t len;
	int ok;
	const char *user, *realm, *prop;
};

static const struct key_case keys[] = {
        {"normal", "bob\0EXAMPLE.ORG\0userPassword", 28, 1, "bob", "EXAMPLE.ORG", "userPassword"},
        {"empty realm", "bob\0\0userPassword", 17, 1, "bob", "", "userPassword"},
        {"other property", "bob\0R\0cmusaslsecretOTP", 22, 1, "bob", "R", "cmusaslsecretOTP"},
        {"empty user", "\0R\0userPassword", 15, 0, NULL, NULL, NULL},
        {"empty property", "bob\0R\0", 6, 0, NULL, NULL, NULL},
        {"one NUL", "bob\0userPassword", 16, 0, NULL, NULL, NULL},
        {"no NUL", "bob", 3, 0, NULL, NULL, NULL},
        {"three NULs", "bob\0R\0user\0Password", 20, 0, NULL, NULL, NULL},
        {"empty", "", 0, 0, NULL, NULL, NULL},
};

static int
span_eq(const char *p, size_t len, const char *want)
{
	return strlen(want) == len && memcmp(p, want, len) == 0;
}

static void
test_keys(void)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const struct key_case *c = &keys[i];
		struct sasldb_key k;
		int ok = sasldb_key_parse(c->key, c->len, &k);

		T_CHECK(ok == c->ok, "%s: parse gives %d", c->name, ok);
		if (ok && c->ok) {
			T_CHECK(span_eq(k.user, k.user_len, c->user), "%s: user", c->name);
			T_CHECK(span_eq(k.realm, k.realm_len, c->realm), "%s: realm", c->name);
			T_CHECK(span_eq(k.prop, k.prop_len, c->prop), "%s: property", c->name);
		}
	}
}

static void
put(DB *db, const char *key, size_t klen, const char *val)
{
	DBT k, v;

	memset(&k, 0, sizeof(k));
	memset(&v, 0, sizeof(v));
	k.data = (void *)key;
	k.size = (u_int32_t)klen;
	v.data = (void *)val;
	v.size = (u_int32_t)strlen(val);
	T_CHECK(db->put(db, NULL, &k, &v, 0) == 0, "put");
}

struct seen {
	int bob, carl, otp, bad, n;
};

static int
collect(const struct sasldb_key *k, const struct secret *value, void *arg)
{
	struct seen *s = arg;

	s->n++;
	if (k == NULL) {
		s->bad++;
		return 0;
	}
	if (span_eq(k->user, k->user_len, "bob") && span_eq(k->prop, k->prop_len, "userPassword"))
		s->bob = secret_equal(value->data, value->len, "Bob-Sasl-1", 10);
	if (span_eq(k->user, k->user_len, "carl"))
		s->carl = span_eq(k->realm, k->realm_len, "OTHER") &&
		          secret_equal(value->data, value->len, "c", 1);
	if (span_eq(k->prop, k->prop_len, "cmusaslsecretOTP"))
		s->otp = 1;
	return 0;
}

static int
stop_first(const struct sasldb_key *k, const struct secret *value, void *arg)
{
	(void)k;
	(void)value;
	(*(int *)arg)++;
	return 1;
}

static void
test_file(void)
{
	char path[] = "/tmp/test_cli_sasldb.XXXXXX";
	int fd = mkstemp(path);
	struct seen s = {0, 0, 0, 0, 0};
	DB *db = NULL;
	char *err = NULL;
	int calls = 0;

	T_CHECK(fd >= 0, "temp file");
	close(fd);
	unlink(path);
	T_CHECK(db_create(&db, NULL, 0) == 0, "db_create");
	T_CHECK(db->open(db, NULL, path, NULL, DB_HASH, DB_CREATE, 0600) == 0, "db open");
	put(db, "bob\0EXAMPLE\0userPassword", 24, "Bob-Sasl-1");
	put(db, "carl\0OTHER\0userPassword", 23, "c");
	put(db, "bob\0EXAMPLE\0cmusaslsecretOTP", 28, "otp-data");
	put(db, "garbage-key", 11, "x");
	db->close(db, 0);

	T_CHECK(sasldb_read(path, collect, &s, &err) == PST_OK, "read: %s", err ? err : "ok");
	T_CHECK(s.n == 4, "four records seen (%d)", s.n);
	T_CHECK(s.bob, "bob's password read exactly");
	T_CHECK(s.carl, "carl's realm and password");
	T_CHECK(s.otp, "a non-password property is passed on");
	T_CHECK(s.bad == 1, "a malformed key is reported as such");
	T_CHECK(sasldb_read(path, stop_first, &calls, &err) == PST_OK && calls == 1,
	        "the callback can stop the walk");
	unlink(path);
	xfree(&err);
	T_CHECK(sasldb_read(path, collect, &s, &err) == PST_PERMFAIL && err != NULL,
	        "a missing file is refused");
	xfree(&err);
	T_CHECK(sasldb_read("/etc/hostname", collect, &s, &err) == PST_PERMFAIL && err != NULL &&
	                strstr(err, "not a readable sasldb2") != NULL,
	        "a text file is refused");
	xfree(&err);
}

/* make_users - a sasldb of n users with 100-byte passwords, in 4 KiB pages */
static void
make_users(const char *path, int n)
{
	DB *db = NULL;
	char key[64], pw[101];
	int i;

	unlink(path);
	T_CHECK(db_create(&db, NULL, 0) == 0 && db->set_pagesize(db, 4096) == 0, "db_create");
	T_CHECK(db->open(db, NULL, path, NULL, DB_HASH, DB_CREATE, 0600) == 0, "db open");
	for (i = 0; i < n; i++) {
		int kl = snprintf(key, sizeof(key), "user%d%cEXAMPLE%cuserPassword", i, 0, 0);

		memset(pw, 'a' + i % 26, 100);
		pw[100] = '\0';
		put(db, key, (size_t)kl, pw);
	}
	db->close(db, 0);
}

static int
count(const struct sasldb_key *k, const struct secret *value, void *arg)
{
	(void)k;
	(void)value;
	(*(int *)arg)++;
	return 0;
}

/* Truncated and damaged files: refused, whatever records could be read. */
static void
test_damaged(void)
{
	char path[] = "/tmp/test_cli_sasldb.XXXXXX", cut[64];
	int fd = mkstemp(path), n = 0;
	char *err = NULL;
	FILE *in, *out;
	long size, at;
	unsigned char page[4096];

	T_CHECK(fd >= 0, "temp file");
	close(fd);
	make_users(path, 60);
	T_CHECK(sasldb_read(path, count, &n, &err) == PST_OK && n == 60, "60 users read (%d)", n);
	xfree(&err);
	in = fopen(path, "rb");
	T_CHECK(in != NULL && fseek(in, 0, SEEK_END) == 0, "open");
	if (in == NULL)
		return;
	size = ftell(in);
	T_CHECK(size >= 3 * 4096, "several pages (%ld bytes)", size);
	snprintf(cut, sizeof(cut), "%s.cut", path);
	/* Cut at every page boundary and in the middle of a page. */
	for (at = 2048; at < size; at += 2048) {
		rewind(in);
		out = fopen(cut, "wb");
		for (long left = at; out != NULL && left > 0;) {
			size_t want = left > (long)sizeof(page) ? sizeof(page) : (size_t)left;
			size_t got = fread(page, 1, want, in);

			if (got == 0)
				break;
			fwrite(page, 1, got, out);
			left -= (long)got;
		}
		if (out != NULL)
			fclose(out);
		n = 0;
		T_CHECK(sasldb_read(cut, count, &n, &err) == PST_PERMFAIL && err != NULL &&
		                strstr(err, "truncated") != NULL,
		        "cut at %ld of %ld bytes: refused (%s, %d read)", at, size,
		        err ? err : "no error", n);
		xfree(&err);
	}
	/* The whole length, but the last page zeroed: the count tells. */
	rewind(in);
	out = fopen(cut, "wb");
	for (at = 0; out != NULL && at < size; at += 4096) {
		size_t got = fread(page, 1, sizeof(page), in);

		if (at == size - 4096)
			memset(page, 0, sizeof(page));
		fwrite(page, 1, got, out);
	}
	if (out != NULL)
		fclose(out);
	n = 0;
	T_CHECK(sasldb_read(cut, count, &n, &err) == PST_PERMFAIL && err != NULL,
	        "last page zeroed: refused (%s, %d read)", err ? err : "no error", n);
	xfree(&err);
	fclose(in);
	unlink(cut);
	unlink(path);
}

/* The meta page parser on its own: byte order, page size, encryption. */
static void
test_meta(void)
{
	unsigned char page[SASLDB_META_LEN];
	struct sasldb_meta m;
	char *err = NULL;

	memset(page, 0, sizeof(page));
	/* hash magic 0x061561, little-endian; 4096-byte pages; last page 2; 60 pairs */
	page[12] = 0x61, page[13] = 0x15, page[14] = 0x06;
	page[21] = 0x10;
	page[32] = 2;
	page[88] = 60;
	T_CHECK(sasldb_meta_parse(page, sizeof(page), 12288, &m, &err) == PST_OK && m.hash &&
	                m.pagesize == 4096 && m.last_pgno == 2 && m.nelem == 60,
	        "little-endian hash meta page");
	T_CHECK(sasldb_meta_parse(page, sizeof(page), 8192, &m, &err) == PST_PERMFAIL,
	        "short file");
	xfree(&err);
	T_CHECK(sasldb_meta_parse(page, sizeof(page), 12289, &m, &err) == PST_PERMFAIL,
	        "not whole pages");
	xfree(&err);
	T_CHECK(sasldb_meta_parse(page, 64, 12288, &m, &err) == PST_PERMFAIL, "short page");
	xfree(&err);
	page[24] = 1;
	T_CHECK(sasldb_meta_parse(page, sizeof(page), 12288, &m, &err) == PST_PERMFAIL,
	        "encrypted");
	xfree(&err);
	/* the same, big-endian btree (0x053162) */
	memset(page, 0, sizeof(page));
	page[13] = 0x05, page[14] = 0x31, page[15] = 0x62;
	page[22] = 0x10;
	page[35] = 1;
	T_CHECK(sasldb_meta_parse(page, sizeof(page), 8192, &m, &err) == PST_OK && !m.hash &&
	                m.pagesize == 4096 && m.last_pgno == 1,
	        "big-endian btree meta page");
	page[22] = 0x11;
	T_CHECK(sasldb_meta_parse(page, sizeof(page), 8192, &m, &err) == PST_PERMFAIL,
	        "page size not a power of two");
	xfree(&err);
	page[13] = 0;
	T_CHECK(sasldb_meta_parse(page, sizeof(page), 8192, &m, &err) == PST_PERMFAIL,
	        "other magic");
	xfree(&err);
}

int
main(void)
{
	test_keys();
	test_file();
	test_damaged();
	test_meta();
	return t_done("test_cli_sasldb");
}
