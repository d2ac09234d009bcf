/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * listen_unix.c: the UNIX socket for a reverse proxy on the same host, and
 * the check that plain HTTP is served only where no network can reach it.
 *
 * The socket's mode is the access control: a local user who can connect
 * can write X-Forwarded-For as well as the proxy can (if "unix" is a
 * trusted proxy), so the mode should admit the proxy's group only.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "listen_socket.h"
#include "xalloc.h"

int
listen_is_unix(const char *addr)
{
	return addr != NULL && strncmp(addr, "unix:", 5) == 0;
}

int
listen_is_loopback(const char *addr)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (inet_pton(AF_INET, addr, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	return inet_pton(AF_INET6, addr, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}

enum pst_result
listen_unix_open(const char *addr, long mode, const char *owner, int *fd_r, char **err_r)
{
	const char *path = addr + 5;
	struct sockaddr_un sun;
	struct stat st;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (*path != '/' || strlen(path) >= sizeof(sun.sun_path)) {
		*err_r = xasprintf("pwchange_listen: \"%s\" is not unix:/absolute/path (at most "
		                   "%zu bytes)",
		                   addr, sizeof(sun.sun_path) - 1);
		return PST_PERMFAIL;
	}
	memcpy(sun.sun_path, path, strlen(path));
	/* A socket left by an earlier run is replaced; any other file is not touched. */
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			*err_r = xasprintf("%s exists and is not a socket", path);
			return PST_PERMFAIL;
		}
		(void)unlink(path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*err_r = xasprintf("socket: %s", strerror(errno));
		return PST_PERMFAIL;
	}
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 || chmod(path, (mode_t)mode) < 0 ||
	    listen(fd, 64) < 0) {
		*err_r = xasprintf("cannot listen on %s: %s", path, strerror(errno));
		close(fd);
		return PST_PERMFAIL;
	}
	if (geteuid() == 0 && owner != NULL && *owner != '\0') {
		struct passwd *pw = getpwnam(owner);

		/* Owned by the service user, so that it can remove the socket at exit. */
		if (pw != NULL && chown(path, pw->pw_uid, pw->pw_gid) < 0) {
			*err_r = xasprintf("chown %s: %s", path, strerror(errno));
			close(fd);
			return PST_PERMFAIL;
		}
	}
	*fd_r = fd;
	return PST_OK;
}
