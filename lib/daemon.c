/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * daemon.c: sockets, detaching, pid file and privilege drop.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon.h"
#include "xalloc.h"

static int ready_fd = -1;

/* socket_in_use - 1 if something accepts connections at path */
static int
socket_in_use(const char *path)
{
	struct sockaddr_un sa;
	int fd, live;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	live = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return live;
}

int
daemon_listen_unix(const char *path, long mode, const char *group, char **err_r)
{
	struct sockaddr_un sa;
	struct stat st;
	char *dircopy = xstrdup(path), *dir;
	gid_t gid;
	mode_t old_umask;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		*err_r = xasprintf("%s: socket path too long", path);
		xfree(&dircopy);
		return -1;
	}
	dir = dirname(dircopy);
	if (stat(dir, &st) != 0) {
		if (mkdir(dir, 0755) != 0 || stat(dir, &st) != 0) {
			*err_r = xasprintf("%s: cannot create directory: %s", dir, strerror(errno));
			xfree(&dircopy);
			return -1;
		}
	}
	xfree(&dircopy);
	gid = st.st_gid;
	if (group != NULL && *group != '\0') {
		struct group *gr = getgrnam(group);

		/* Only root can give the socket a group; others keep the directory's. */
		if (gr == NULL && geteuid() == 0) {
			*err_r = xasprintf("%s: no such group %s", path, group);
			return -1;
		}
		if (gr != NULL)
			gid = gr->gr_gid;
	}
	if (socket_in_use(path)) {
		*err_r = xasprintf("%s: another daemon is answering on this socket", path);
		return -1;
	}
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*err_r = xasprintf("socket: %s", strerror(errno));
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path));
	/* Created owner-only; opened up to the configured mode once the group is right. */
	old_umask = umask(0177);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		umask(old_umask);
		*err_r = xasprintf("%s: bind: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	umask(old_umask);
	if ((geteuid() == 0 && chown(path, (uid_t)-1, gid) != 0) ||
	    chmod(path, (mode_t)mode) != 0) {
		*err_r = xasprintf("%s: cannot set owner or mode: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	/* The kernel caps the backlog at somaxconn; bursts wait there, not in errors. */
	if (listen(fd, SOMAXCONN) != 0) {
		*err_r = xasprintf("%s: listen: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	return fd;
}

void
daemon_detach(void)
{
	int pfd[2], devnull;
	pid_t pid;

	if (pipe(pfd) != 0) {
		perror("pipe");
		exit(1);
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid > 0) {
		char c;
		ssize_t n;

		close(pfd[1]);
		do
			n = read(pfd[0], &c, 1);
		while (n < 0 && errno == EINTR);
		_exit(n == 1 ? 0 : 1);
	}
	close(pfd[0]);
	ready_fd = pfd[1];
	fcntl(ready_fd, F_SETFD, FD_CLOEXEC);
	setsid();
	devnull = open("/dev/null", O_RDWR);
	if (devnull >= 0) {
		dup2(devnull, STDIN_FILENO);
		dup2(devnull, STDOUT_FILENO);
		/*
		 * stderr stays until start-up is over, so fatal errors still
		 * reach the terminal; daemon_ready() closes it.
		 */
		if (devnull > STDERR_FILENO)
			close(devnull);
	}
}

void
daemon_ready(void)
{
	int devnull;

	if (ready_fd < 0)
		return;
	devnull = open("/dev/null", O_RDWR);
	if (devnull >= 0) {
		dup2(devnull, STDERR_FILENO);
		if (devnull > STDERR_FILENO)
			close(devnull);
	}
	if (write(ready_fd, "1", 1) != 1) {
		/* The parent is gone; nothing to tell. */
	}
	close(ready_fd);
	ready_fd = -1;
}

enum pst_result
daemon_write_pidfile(const char *path, char **err_r)
{
	FILE *fp;
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 || (fp = fdopen(fd, "w")) == NULL) {
		*err_r = xasprintf("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return PST_PERMFAIL;
	}
	fprintf(fp, "%ld\n", (long)getpid());
	if (fclose(fp) != 0) {
		*err_r = xasprintf("%s: %s", path, strerror(errno));
		return PST_PERMFAIL;
	}
	return PST_OK;
}

enum pst_result
daemon_drop_privileges(const char *user, char **err_r)
{
	struct passwd *pw;

	if (geteuid() != 0 || user == NULL || *user == '\0')
		return PST_OK;
	pw = getpwnam(user);
	if (pw == NULL) {
		*err_r = xasprintf("%s: no such user", user);
		return PST_PERMFAIL;
	}
	if (pw->pw_uid == 0)
		return PST_OK;
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
	    setuid(pw->pw_uid) != 0) {
		*err_r = xasprintf("cannot become %s: %s", user, strerror(errno));
		return PST_PERMFAIL;
	}
	/* Make sure there is no way back. */
	if (setuid(0) == 0) {
		*err_r = xasprintf("could regain root after dropping to %s", user);
		return PST_PERMFAIL;
	}
	return PST_OK;
}

/* lookup_ids - uid and gid of user, and gid of group if set (else the user's) */
static int
lookup_ids(const char *user, const char *group, uid_t *uid, gid_t *gid, char **err_r)
{
	struct passwd *pw = getpwnam(user);

	if (pw == NULL) {
		*err_r = xasprintf("authd_user %s: no such user", user);
		return -1;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	if (group != NULL && *group != '\0') {
		struct group *gr = getgrnam(group);

		if (gr == NULL) {
			*err_r = xasprintf("no such group %s", group);
			return -1;
		}
		*gid = gr->gr_gid;
	}
	return 0;
}

enum pst_result
daemon_make_dir(const char *sock_path, const char *user, const char *group, char **err_r)
{
	char *copy = xstrdup(sock_path), *dir = dirname(copy);
	int grouped = group != NULL && *group != '\0';
	struct stat st;
	uid_t uid;
	gid_t gid;

	if (stat(dir, &st) == 0 || geteuid() != 0 || user == NULL || *user == '\0') {
		xfree(&copy);
		return PST_OK;
	}
	if (lookup_ids(user, group, &uid, &gid, err_r) != 0 || mkdir(dir, 0700) != 0 ||
	    chown(dir, uid, gid) != 0 || chmod(dir, grouped ? 0710 : 0755) != 0) {
		if (*err_r == NULL)
			*err_r = xasprintf("%s: cannot create directory: %s", dir, strerror(errno));
		xfree(&copy);
		return PST_PERMFAIL;
	}
	xfree(&copy);
	return PST_OK;
}
