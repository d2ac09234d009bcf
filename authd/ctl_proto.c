/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ctl_proto.c: the control command parser. Strict: one command, single
 * spaces, no trailing bytes, because a lenient parser on a privileged
 * socket is where surprises come from.
 */
#include <string.h>

#include "ctl_proto.h"

enum ctl_cmd
ctl_parse(const char *line, size_t len, char *arg, size_t argsz, const char **err_r)
{
	size_t i, ulen;
	const char *user;

	*err_r = NULL;
	if (argsz > 0)
		arg[0] = '\0';
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len == 0) {
		*err_r = "empty command";
		return CTL_BAD;
	}
	if (len >= CTL_LINE_MAX) {
		*err_r = "command too long";
		return CTL_BAD;
	}
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)line[i];

		if (ch < 0x20 || ch == 0x7f) {
			*err_r = "control character in command";
			return CTL_BAD;
		}
	}
	if (len == 5 && memcmp(line, "stats", 5) == 0)
		return CTL_STATS;
	if (len == 6 && memcmp(line, "reload", 6) == 0)
		return CTL_RELOAD;
	if (len == 5 && memcmp(line, "flush", 5) == 0)
		return CTL_FLUSH_ALL;
	if (len > 6 && memcmp(line, "flush ", 6) == 0) {
		user = line + 6;
		ulen = len - 6;
		if (ulen > 256 || ulen + 1 > argsz) {
			*err_r = "user name too long";
			return CTL_BAD;
		}
		for (i = 0; i < ulen; i++) {
			if (user[i] == ' ' || user[i] == '\t') {
				*err_r = "blank in user name";
				return CTL_BAD;
			}
		}
		memcpy(arg, user, ulen);
		arg[ulen] = '\0';
		return CTL_FLUSH_USER;
	}
	*err_r = "unknown command (stats, flush [user], reload)";
	return CTL_BAD;
}
