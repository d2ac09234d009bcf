/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ctl_proto.h: parsing one control-socket command line (see
 * lib/ctl_client.h): "stats", "flush", "flush <user>", "reload".
 */
#ifndef AUTHD_CTL_PROTO_H
#define AUTHD_CTL_PROTO_H

#include <stddef.h>

/* Longest command line accepted, the newline included. */
#define CTL_LINE_MAX 512

enum ctl_cmd {
	CTL_BAD = 0, /* *err_r says why */
	CTL_STATS,
	CTL_FLUSH_ALL,
	CTL_FLUSH_USER, /* the user is in arg */
	CTL_RELOAD,
};

/*
 * ctl_parse - parse line[0..len) (a trailing "\n" or "\r\n" is allowed;
 * nothing may follow it). For CTL_FLUSH_USER, arg (size argsz) receives
 * the user name. Names with control bytes, blanks or NULs are refused.
 */
enum ctl_cmd ctl_parse(const char *line, size_t len, char *arg, size_t argsz, const char **err_r);

#endif
