/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_log.c: log_quote escaping and truncation, level parsing, and that a
 * message reaches stderr as exactly one line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "t.h"

static void
test_quote(void)
{
	static const struct {
		const char *in;
		size_t len;
		size_t dstsz;
		const char *want;
	} cases[] = {
	        {"alice", 5, 64, "alice"},
	        {"a\"b\\c", 5, 64, "a\\x22b\\x5cc"},
	        {"a\nb", 3, 64, "a\\x0ab"},
	        {"a\0b", 3, 64, "a\\x00b"},
	        {"\xc3\xa9", 2, 64, "\\xc3\\xa9"},
	        {"abcdefghij", 10, 8, "abcd..."},
	        {"abcdefg", 7, 8, "abcdefg"},
	        {"abcdefgh", 8, 8, "abcd..."},
	        {"\n\n\n", 3, 10, "\\x0a..."},
	        {"", 0, 4, ""},
	        {"abc", 3, 1, ""},
	};
	char out[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		log_quote(out, cases[i].dstsz, cases[i].in, cases[i].len);
		T_STREQ(out, cases[i].want, cases[i].in);
		T_CHECK(strlen(out) < cases[i].dstsz, "fits case %zu", i);
	}
}

static void
test_levels(void)
{
	T_CHECK(log_level_parse("debug") == LOG_LVL_DEBUG, "debug");
	T_CHECK(log_level_parse("INFO") == LOG_LVL_INFO, "INFO");
	T_CHECK(log_level_parse("warn") == LOG_LVL_WARN, "warn");
	T_CHECK(log_level_parse("warning") == LOG_LVL_WARN, "warning");
	T_CHECK(log_level_parse("error") == LOG_LVL_ERROR, "error");
	T_CHECK(log_level_parse("loud") == -1, "unknown");
	T_CHECK(log_level_parse(NULL) == -1, "NULL");
	log_set_level(LOG_LVL_WARN);
	T_CHECK(!log_enabled(LOG_LVL_INFO) && log_enabled(LOG_LVL_ERROR), "log_enabled");
}

static void
test_one_line(void)
{
	char path[] = "/tmp/test_log.XXXXXX", got[512];
	int fd = mkstemp(path), saved = dup(2);
	FILE *fp;
	size_t n;

	dup2(fd, 2);
	log_open("/usr/sbin/testprog", LOG_TO_STDERR, LOG_LVL_INFO);
	log_info("user=%s two\nlines", "bob");
	log_debug("not shown");
	dup2(saved, 2);
	close(saved);
	close(fd);
	fp = fopen(path, "r");
	n = fread(got, 1, sizeof(got) - 1, fp);
	got[n] = '\0';
	fclose(fp);
	unlink(path);
	T_CHECK(strncmp(got, "testprog[", 9) == 0, "ident without directory: %s", got);
	T_CHECK(strstr(got, ": info: user=bob two?lines\n") != NULL, "message: %s", got);
	T_CHECK(strchr(got, '\n') == got + n - 1, "exactly one line");
}

int
main(void)
{
	test_quote();
	test_levels();
	test_one_line();
	return t_done("log");
}
