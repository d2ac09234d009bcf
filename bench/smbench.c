/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * smbench.c: lookups per second and CPU per lookup, for postino-socketmap
 * and for the local-file anchor it replaces: a Berkeley DB hash map built
 * by "makemap hash", looked up as sendmail's db_map_lookup does.
 *
 *   smbench socket PATH KEYFILE SECONDS [SERVER_PID]
 *       one connection, one request at a time ("access <key>" netstrings),
 *       keys in turn; every answer must be "OK ..." (a wrong answer is an
 *       error). CPU is this process's plus, with SERVER_PID, the server's
 *       (from /proc), since the lookup's work is done there and in slapd
 *       (slapd's share is reported by the run script).
 *   smbench hash DBFILE KEYFILE SECONDS
 *       keys folded to lower case as sendmail does; per lookup, as
 *       sendmail: fstat (has makemap rebuilt the file?), a shared flock,
 *       DB->get, unlock. Every key must be found.
 *
 * Prints one line: "mode lookups=N seconds=S per_s=R cpu_us_per_lookup=C".
 */
#include <ctype.h>
#include <db.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "netstring.h"
#include "sockio.h"

#define MAXKEYS 100000

static char *keys[MAXKEYS];
static size_t nkeys;

static void
load_keys(const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[4096];

	if (fp == NULL) {
		perror(path);
		exit(2);
	}
	while (nkeys < MAXKEYS && fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] != '\0')
			keys[nkeys++] = strdup(line);
	}
	fclose(fp);
	if (nkeys == 0) {
		fprintf(stderr, "%s: no keys\n", path);
		exit(2);
	}
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* self_cpu - this process's user+system CPU seconds */
static double
self_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* proc_cpu - user+system CPU seconds of pid (0 when unknown) */
static double
proc_cpu(long pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut = 0, st = 0;
	FILE *fp;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	fp = fopen(path, "r");
	if (fp == NULL)
		return 0;
	if (fgets(buf, sizeof(buf), fp) == NULL)
		buf[0] = '\0';
	fclose(fp);
	p = strrchr(buf, ')');
	if (p == NULL ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return 0;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static void
report(const char *mode, unsigned long n, double secs, double cpu)
{
	printf("%s lookups=%lu seconds=%.2f per_s=%.0f cpu_us_per_lookup=%.2f\n", mode, n, secs,
	       (double)n / secs, n ? cpu * 1e6 / (double)n : 0.0);
}

/* one_socket - one lookup; 0 when the answer is OK */
static int
one_socket(int fd, const char *key, char *buf, size_t cap)
{
	char req[4200], frame[4300];
	size_t rl = (size_t)snprintf(req, sizeof(req), "access %s", key), fl, len = 0;
	long long dl = sockio_now_ms() + 10000;

	fl = netstring_format(frame, sizeof(frame), req, rl);
	if (fl == 0 || sockio_write_all(fd, frame, fl, dl) != 0)
		return -1;
	for (;;) {
		const char *d;
		size_t dlen, used;
		ssize_t got = sockio_read(fd, buf + len, cap - len, dl);

		if (got <= 0)
			return -1;
		len += (size_t)got;
		switch (netstring_parse(buf, len, cap, &d, &dlen, &used)) {
		case NS_OK:
			return dlen >= 3 && memcmp(d, "OK ", 3) == 0 ? 0 : -1;
		case NS_BAD:
			return -1;
		default:
			break;
		}
	}
}

static int
run_socket(const char *path, double secs, long server_pid)
{
	char *err = NULL, buf[2048];
	int fd = sockio_connect_unix(path, sockio_now_ms() + 5000, &err);
	double t0, c0, s0, t;
	unsigned long n = 0;

	if (fd < 0) {
		fprintf(stderr, "connect: %s\n", err);
		return 2;
	}
	for (size_t i = 0; i < nkeys; i++) /* warm-up: every key once */
		if (one_socket(fd, keys[i], buf, sizeof(buf)) != 0) {
			fprintf(stderr, "wrong answer for %s\n", keys[i]);
			return 1;
		}
	t0 = now_s();
	c0 = self_cpu();
	s0 = proc_cpu(server_pid);
	while ((t = now_s()) - t0 < secs) {
		if (one_socket(fd, keys[n % nkeys], buf, sizeof(buf)) != 0) {
			fprintf(stderr, "wrong answer for %s\n", keys[n % nkeys]);
			return 1;
		}
		n++;
	}
	report("socketmap", n, t - t0, self_cpu() - c0 + proc_cpu(server_pid) - s0);
	close(fd);
	return 0;
}

static int
run_hash(const char *path, double secs)
{
	DB *db = NULL;
	double t0, c0, t;
	unsigned long n = 0;
	int fd, rc;
	struct stat st;

	if ((rc = db_create(&db, NULL, 0)) != 0 ||
	    (rc = db->open(db, NULL, path, NULL, DB_HASH, DB_RDONLY, 0)) != 0) {
		fprintf(stderr, "%s: %s\n", path, db_strerror(rc));
		return 2;
	}
	db->fd(db, &fd);
	for (size_t i = 0; i < nkeys; i++)
		for (char *p = keys[i]; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	t0 = now_s();
	c0 = self_cpu();
	while ((t = now_s()) - t0 < secs) {
		const char *k = keys[n % nkeys];
		DBT key, val;

		memset(&key, 0, sizeof(key));
		memset(&val, 0, sizeof(val));
		key.data = (void *)k;
		key.size = (u_int32_t)strlen(k);
		if (fstat(fd, &st) != 0 || flock(fd, LOCK_SH) != 0)
			return 2;
		rc = db->get(db, NULL, &key, &val, 0);
		flock(fd, LOCK_UN);
		if (rc != 0) {
			fprintf(stderr, "hash: %s not found\n", k);
			return 1;
		}
		n++;
	}
	report("hash", n, t - t0, self_cpu() - c0);
	db->close(db, 0);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 5 && strcmp(argv[1], "socket") == 0) {
		load_keys(argv[3]);
		return run_socket(argv[2], atof(argv[4]), argc > 5 ? atol(argv[5]) : 0);
	}
	if (argc == 5 && strcmp(argv[1], "hash") == 0) {
		load_keys(argv[3]);
		return run_hash(argv[2], atof(argv[4]));
	}
	fprintf(stderr, "usage: smbench socket PATH KEYFILE SECONDS [SERVER_PID]\n"
	                "       smbench hash DBFILE KEYFILE SECONDS\n");
	return 2;
}
