/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * config_file.c: the "key: value" file parser (saslauthd.conf format).
 *
 * Differences from saslauthd's parser, each for a reason: trailing blanks
 * and CR are stripped (an invisible trailing space in a password or a DN
 * is never intended); unknown keys are warned about instead of ignored or
 * fatal; bad values are errors naming file:line. Keys that belong to
 * another postino program (a prefix in cfg_foreign_prefixes that none of
 * the loaded tables uses) are skipped silently, since every program reads
 * the same file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config_int.h"
#include "log.h"
#include "secret.h"
#include "xalloc.h"

/* saslauthd reads lines with a 4096-byte fgets buffer. */
#define CFG_LINE_MAX 4096
/* A config file is a few kilobytes; anything huge is a mistake. */
#define CFG_FILE_MAX (1024 * 1024)
#define CFG_KEY_MAX  128

static const char *const cfg_foreign_prefixes[] = {"authd_",  "pwchange_",  "ctl_",
                                                   "plugin_", "socketmap_", NULL};

/* cfg_is_foreign - 1 if key has another program's prefix (one no table here uses) */
static int
cfg_is_foreign(const struct cfg_table *tabs, size_t ntabs, const char *key)
{
	size_t t, i, k, plen;

	for (k = 0; cfg_foreign_prefixes[k] != NULL; k++) {
		plen = strlen(cfg_foreign_prefixes[k]);
		if (strncasecmp(key, cfg_foreign_prefixes[k], plen) != 0)
			continue;
		for (t = 0; t < ntabs; t++)
			for (i = 0; i < tabs[t].ndefs; i++)
				if (strncasecmp(tabs[t].defs[i].name, cfg_foreign_prefixes[k],
				                plen) == 0)
					return 0; /* our own prefix: a typo, warn */
		return 1;
	}
	return 0;
}

static int
cfg_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int
cfg_is_keychar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/*
 * cfg_line - handle one line (without its newline). Returns PST_OK or
 * PST_PERMFAIL with *err_r set to a message without the file:line prefix.
 */
static enum pst_result
cfg_line(const struct cfg_table *tabs, size_t ntabs, const char *name, unsigned lineno,
         const char *p, size_t len, char **err_r)
{
	char key[CFG_KEY_MAX + 1], *value;
	size_t i = 0, k, vstart, vend;
	enum pst_result r;
	char q[80];

	if (memchr(p, '\0', len) != NULL) {
		*err_r = xstrdup("NUL byte in line");
		return PST_PERMFAIL;
	}
	while (i < len && cfg_is_blank(p[i]))
		i++;
	if (i == len || p[i] == '#')
		return PST_OK;
	k = i;
	while (i < len && cfg_is_keychar(p[i]))
		i++;
	if (i == k || i - k > CFG_KEY_MAX) {
		*err_r = xasprintf("expected \"key: value\", got \"%s\"",
		                   log_quote(q, sizeof(q), p + k, len - k));
		return PST_PERMFAIL;
	}
	memcpy(key, p + k, i - k);
	key[i - k] = '\0';
	while (i < len && cfg_is_blank(p[i]))
		i++;
	if (i == len || p[i] != ':') {
		*err_r = xasprintf("expected \":\" after \"%s\"", key);
		return PST_PERMFAIL;
	}
	i++;
	vstart = i;
	while (vstart < len && cfg_is_blank(p[vstart]))
		vstart++;
	vend = len;
	while (vend > vstart && cfg_is_blank(p[vend - 1]))
		vend--;
	if (cfg_find(tabs, ntabs, key, NULL) == NULL) {
		if (!cfg_is_foreign(tabs, ntabs, key))
			log_warn("%s:%u: unknown key \"%s\" ignored", name, lineno, key);
		return PST_OK;
	}
	/* saslauthd refuses the whole file for an empty value; so do we. */
	if (vend == vstart) {
		*err_r = xasprintf("%s: missing value", key);
		return PST_PERMFAIL;
	}
	value = xmemdup0(p + vstart, vend - vstart);
	r = cfg_set(tabs, ntabs, key, value, err_r);
	secret_wipe(value, vend - vstart);
	free(value);
	return r;
}

enum pst_result
cfg_load_buffer(const struct cfg_table *tabs, size_t ntabs, const char *name, const char *data,
                size_t len, char **err_r)
{
	size_t pos = 0;
	unsigned lineno = 0;

	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - (data + pos)) : len - pos;
		char *err = NULL;

		lineno++;
		if (llen > CFG_LINE_MAX) {
			*err_r = xasprintf("%s:%u: line longer than %d bytes", name, lineno,
			                   CFG_LINE_MAX);
			return PST_PERMFAIL;
		}
		if (cfg_line(tabs, ntabs, name, lineno, data + pos, llen, &err) != PST_OK) {
			*err_r = xasprintf("%s:%u: %s", name, lineno, err);
			free(err);
			return PST_PERMFAIL;
		}
		pos += llen + (nl ? 1 : 0);
	}
	return PST_OK;
}

enum pst_result
cfg_load_file(const struct cfg_table *tabs, size_t ntabs, const char *path, int missing_ok,
              char **err_r)
{
	struct stat st;
	enum pst_result r;
	size_t len = 0;
	char *data;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT && missing_ok)
			return PST_OK;
		*err_r = xasprintf("%s: %s", path, strerror(errno));
		return PST_PERMFAIL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > CFG_FILE_MAX) {
		*err_r =
		        xasprintf("%s: not a regular file of at most %d bytes", path, CFG_FILE_MAX);
		close(fd);
		return PST_PERMFAIL;
	}
	data = xmalloc((size_t)st.st_size + 1);
	while (len < (size_t)st.st_size) {
		ssize_t n = read(fd, data + len, (size_t)st.st_size - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err_r = xasprintf("%s: %s", path, strerror(errno));
			close(fd);
			secret_wipe(data, len);
			free(data);
			return PST_PERMFAIL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	r = cfg_load_buffer(tabs, ntabs, path, data, len, err_r);
	/* The file may hold ldap_password. */
	secret_wipe(data, len);
	free(data);
	return r;
}
