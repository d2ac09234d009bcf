/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_password.c: reading and making passwords for postinoctl.
 *
 * The prompt talks to /dev/tty, not stdout, so "postinoctl ... --json | jq"
 * still prompts properly. Echo is restored even when the user interrupts
 * the prompt with ^C, or the terminal would be left silent.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "cli.h"
#include "cli_password.h"
#include "log.h"
#include "secret.h"
#include "xalloc.h"

static struct termios saved_tio;
static volatile sig_atomic_t tty_fd = -1;

static void
restore_on_signal(int sig)
{
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSAFLUSH, &saved_tio);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* read_line_noecho - one line from fd into buf (NUL-terminated); -1 on error or overflow */
static ssize_t
read_line_noecho(int fd, char *buf, size_t size)
{
	size_t n = 0;

	for (;;) {
		char c;
		ssize_t r = read(fd, &c, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return n > 0 ? (ssize_t)n : -1;
		if (c == '\n' || c == '\r')
			break;
		if (n + 1 >= size) {
			/* Drain the rest of the line so it does not reach the shell. */
			while (read(fd, &c, 1) == 1 && c != '\n')
				;
			return -1;
		}
		buf[n++] = c;
	}
	buf[n] = '\0';
	return (ssize_t)n;
}

static struct secret *
prompt_once(int fd, const char *prompt, char **err_r)
{
	char buf[CLI_PW_MAX + 1];
	struct sigaction sa, old_int, old_term, old_quit;
	struct termios tio;
	struct secret *s = NULL;
	ssize_t n;

	if (tcgetattr(fd, &saved_tio) != 0) {
		*err_r = xasprintf("cannot use the terminal: %s", strerror(errno));
		return NULL;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = restore_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGQUIT, &sa, &old_quit);
	tty_fd = fd;
	tio = saved_tio;
	tio.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	tio.c_lflag |= ICANON;
	/*
	 * Echo goes off before the prompt appears: TCSAFLUSH discards typed-ahead
	 * input, so a password typed in answer to the prompt must come after it.
	 */
	if (tcsetattr(fd, TCSAFLUSH, &tio) != 0 || write(fd, prompt, strlen(prompt)) < 0) {
		*err_r = xasprintf("cannot use the terminal: %s", strerror(errno));
	} else {
		n = read_line_noecho(fd, buf, sizeof(buf));
		if (n < 0)
			*err_r = xasprintf(
			        "no password read (longer than %d bytes, or end of input)",
			        CLI_PW_MAX);
		else
			s = secret_new(buf, (size_t)n);
		secret_wipe(buf, sizeof(buf));
	}
	tcsetattr(fd, TCSAFLUSH, &saved_tio);
	tty_fd = -1;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (write(fd, "\n", 1) < 0) {
		/* The newline is cosmetic; the password was read. */
	}
	return s;
}

struct secret *
cli_pw_prompt(const char *prompt, int confirm, char **err_r)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	struct secret *a, *b;
	char *again;

	if (fd < 0) {
		*err_r = xasprintf("no terminal to prompt on (%s); use --password-stdin",
		                   strerror(errno));
		return NULL;
	}
	a = prompt_once(fd, prompt, err_r);
	if (a == NULL || !confirm) {
		close(fd);
		return a;
	}
	again = xasprintf("Again, to confirm: ");
	b = prompt_once(fd, again, err_r);
	xfree(&again);
	close(fd);
	if (b == NULL) {
		secret_free(&a);
		return NULL;
	}
	if (!secret_equal(a->data, a->len, b->data, b->len)) {
		*err_r = xstrdup("the two passwords differ; nothing was changed");
		secret_free(&a);
	}
	secret_free(&b);
	return a;
}

struct secret *
cli_pw_stdin(char **err_r)
{
	return secret_read_fd(STDIN_FILENO, CLI_PW_MAX, err_r);
}

int
cli_pw_obtain(int from_stdin, int confirm, const char *what, struct secret **pw_r)
{
	struct secret *pw;
	char *err = NULL;

	*pw_r = NULL;
	if (from_stdin) {
		pw = cli_pw_stdin(&err);
	} else if (isatty(STDIN_FILENO)) {
		char *prompt = xasprintf("%s: ", what);

		pw = cli_pw_prompt(prompt, confirm, &err);
		xfree(&prompt);
	} else {
		cli_err("no password: stdin is not a terminal; use --password-stdin");
		return CLI_EXIT_USAGE;
	}
	if (pw == NULL) {
		cli_err("%s", err != NULL ? err : "no password read");
		xfree(&err);
		return CLI_EXIT_USAGE;
	}
	/* An empty simple bind is an anonymous bind: such a password could never be checked. */
	if (pw->len == 0) {
		secret_free(&pw);
		cli_err("empty password refused");
		return CLI_EXIT_REFUSED;
	}
	if (memchr(pw->data, '\0', pw->len) != NULL) {
		secret_free(&pw);
		cli_err("password contains a NUL byte; refused");
		return CLI_EXIT_REFUSED;
	}
	*pw_r = pw;
	return CLI_EXIT_OK;
}

struct secret *
cli_pw_random(size_t len)
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
	const size_t na = sizeof(alphabet) - 1;
	/* Bytes at or above this bound would make some characters likelier than others. */
	const unsigned limit = 256 - 256 % na;
	char *out = xmalloc(len + 1);
	struct secret *s;

	for (;;) {
		int lower = 0, upper = 0, digit = 0;
		size_t n = 0;

		while (n < len) {
			unsigned char rnd[64];

			if (RAND_bytes(rnd, sizeof(rnd)) != 1)
				log_panic("cli_pw_random: RAND_bytes failed");
			for (size_t i = 0; i < sizeof(rnd) && n < len; i++)
				if (rnd[i] < limit)
					out[n++] = alphabet[rnd[i] % na];
			secret_wipe(rnd, sizeof(rnd));
		}
		for (size_t i = 0; i < len; i++) {
			lower += out[i] >= 'a' && out[i] <= 'z';
			upper += out[i] >= 'A' && out[i] <= 'Z';
			digit += out[i] >= '0' && out[i] <= '9';
		}
		if (lower && upper && digit)
			break;
	}
	s = secret_new(out, len);
	secret_wipe(out, len);
	xfree(&out);
	return s;
}
