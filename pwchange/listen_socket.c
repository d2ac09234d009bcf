/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * listen_socket.c: binding the HTTPS port and dropping root afterwards.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "listen_socket.h"
#include "xalloc.h"

enum pst_result
listen_socket_open(const char *addr, long port, int *fd_r, char **err_r)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	struct sockaddr *sa;
	socklen_t salen;
	int fd, one = 1;

	memset(&sin, 0, sizeof(sin));
	memset(&sin6, 0, sizeof(sin6));
	if (inet_pton(AF_INET, addr, &sin.sin_addr) == 1) {
		sin.sin_family = AF_INET;
		sin.sin_port = htons((unsigned short)port);
		sa = (struct sockaddr *)&sin;
		salen = sizeof(sin);
	} else if (inet_pton(AF_INET6, addr, &sin6.sin6_addr) == 1) {
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons((unsigned short)port);
		sa = (struct sockaddr *)&sin6;
		salen = sizeof(sin6);
	} else {
		*err_r = xasprintf("pwchange_listen: \"%s\" is not an IPv4 or IPv6 address", addr);
		return PST_PERMFAIL;
	}
	fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*err_r = xasprintf("socket: %s", strerror(errno));
		return PST_PERMFAIL;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (sa->sa_family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, sa, salen) < 0 || listen(fd, 64) < 0) {
		*err_r = xasprintf("cannot listen on %s port %ld: %s", addr, port, strerror(errno));
		close(fd);
		return PST_PERMFAIL;
	}
	*fd_r = fd;
	return PST_OK;
}

enum pst_result
privdrop_to(const char *user, char **err_r)
{
	struct passwd *pw;

	if (geteuid() != 0)
		return PST_OK;
	if (user == NULL || *user == '\0') {
		*err_r = xstrdup("running as root and pwchange_user is empty: refusing to serve as "
		                 "root");
		return PST_PERMFAIL;
	}
	pw = getpwnam(user);
	if (pw == NULL) {
		*err_r = xasprintf("pwchange_user: no such user \"%s\"", user);
		return PST_PERMFAIL;
	}
	if (pw->pw_uid == 0) {
		*err_r = xasprintf("pwchange_user: \"%s\" is root", user);
		return PST_PERMFAIL;
	}
	if (setgroups(1, &pw->pw_gid) < 0 || setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) < 0 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) < 0) {
		*err_r = xasprintf("cannot switch to user %s: %s", user, strerror(errno));
		return PST_PERMFAIL;
	}
	/* Verify there is no way back. */
	if (setuid(0) == 0 || geteuid() == 0 || getegid() == 0) {
		*err_r = xstrdup("privileges were not dropped");
		return PST_PERMFAIL;
	}
	return PST_OK;
}
