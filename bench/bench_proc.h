/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_proc.h: CPU time and memory of a server and all its processes.
 *
 * saslauthd serves from a master and forked workers, postino-authd from one
 * process with threads; to compare them fairly every figure is summed over
 * the process tree rooted at the PID we were given. CPU time is utime+stime
 * from /proc/PID/stat (threads are included there); memory is VmRSS and
 * VmHWM from /proc/PID/status and Pss from /proc/PID/smaps_rollup. Summing
 * RSS over forked workers counts their shared pages once per process, which
 * is what "ps" users see; Pss splits shared pages fairly and is reported too.
 *
 * Header-only (static inline) because every .c file in bench/ is its own binary.
 */
#ifndef POSTINO_BENCH_PROC_H
#define POSTINO_BENCH_PROC_H

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "xalloc.h"

struct proc_usage {
	unsigned long long ticks; /* utime+stime of every process in the tree */
	unsigned long rss_kib;    /* sum of VmRSS */
	unsigned long hwm_kib;    /* sum of VmHWM (each process's own peak) */
	unsigned long pss_kib;    /* sum of Pss; 0 unless asked for */
	int nproc;                /* processes in the tree; 0 if the root is gone */
};

/* proc_read_small - read a small /proc file into buf (NUL-terminated); -1 on error */
static inline int
proc_read_small(const char *path, char *buf, size_t sz)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (f == NULL)
		return -1;
	n = fread(buf, 1, sz - 1, f);
	fclose(f);
	buf[n] = '\0';
	return 0;
}

/*
 * proc_stat_fields - ppid and utime+stime of pid. The command name may hold
 * spaces and parentheses, so fields are counted from the last ')'.
 */
static inline int
proc_stat_fields(long pid, long *ppid, unsigned long long *ticks)
{
	char path[64], buf[1024];
	unsigned long long ut = 0, st = 0;
	const char *p;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (proc_read_small(path, buf, sizeof(buf)) < 0)
		return -1;
	p = strrchr(buf, ')');
	if (p == NULL)
		return -1;
	/* After ")": state ppid pgrp session tty_nr tpgid flags minflt cminflt
	 * majflt cmajflt utime stime: ppid is the 2nd field, utime the 12th. */
	if (sscanf(p + 1, " %*c %ld %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", ppid, &ut,
	           &st) != 3)
		return -1;
	*ticks = ut + st;
	return 0;
}

/* proc_status_kib - the value of "key:" (in kB) in a /proc status-like file */
static inline unsigned long
proc_status_kib(const char *path, const char *key)
{
	char buf[4096];
	const char *p;
	size_t klen = strlen(key);

	if (proc_read_small(path, buf, sizeof(buf)) < 0)
		return 0;
	for (p = buf; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, key, klen) == 0 && p[klen] == ':')
			return strtoul(p + klen + 1, NULL, 10);
	}
	return 0;
}

/*
 * proc_tree_usage - fill *u for root and its descendants. with_pss reads
 * smaps_rollup as well, which costs the kernel a page-table walk, so it is
 * done once at the end of a run, not on every sample.
 */
static inline int
proc_tree_usage(long root, int with_pss, struct proc_usage *u)
{
	struct proc_entry {
		long pid, ppid;
		unsigned long long ticks;
		int intree;
	} *e = NULL;
	size_t n = 0, cap = 0;
	int changed = 1;
	DIR *d;
	struct dirent *de;

	memset(u, 0, sizeof(*u));
	d = opendir("/proc");
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		long pid;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			e = xreallocarray(e, cap, sizeof(*e));
		}
		pid = strtol(de->d_name, NULL, 10);
		if (proc_stat_fields(pid, &e[n].ppid, &e[n].ticks) < 0)
			continue;
		e[n].pid = pid;
		e[n].intree = pid == root;
		n++;
	}
	closedir(d);
	/* Mark descendants until nothing changes; trees here are a few levels deep. */
	while (changed) {
		changed = 0;
		for (size_t i = 0; i < n; i++) {
			if (e[i].intree)
				continue;
			for (size_t j = 0; j < n; j++) {
				if (e[j].intree && e[j].pid == e[i].ppid) {
					e[i].intree = 1;
					changed = 1;
					break;
				}
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		char path[64];

		if (!e[i].intree)
			continue;
		u->nproc++;
		u->ticks += e[i].ticks;
		snprintf(path, sizeof(path), "/proc/%ld/status", e[i].pid);
		u->rss_kib += proc_status_kib(path, "VmRSS");
		u->hwm_kib += proc_status_kib(path, "VmHWM");
		if (with_pss) {
			snprintf(path, sizeof(path), "/proc/%ld/smaps_rollup", e[i].pid);
			u->pss_kib += proc_status_kib(path, "Pss");
		}
	}
	xfree(&e);
	return u->nproc > 0 ? 0 : -1;
}

/* proc_ticks_to_us - clock ticks to microseconds */
static inline double
proc_ticks_to_us(unsigned long long t)
{
	long hz = sysconf(_SC_CLK_TCK);

	return (double)t * 1e6 / (double)(hz > 0 ? hz : 100);
}

#endif
