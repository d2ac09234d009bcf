/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_password.h: where postinoctl gets passwords from: a terminal prompt
 * without echo, standard input (--password-stdin), or the random generator.
 * Never argv, never the environment.
 */
#ifndef POSTINO_CLI_PASSWORD_H
#define POSTINO_CLI_PASSWORD_H

#include <stddef.h>

#include "result.h"

struct secret;

/* Longest password postinoctl reads; far beyond any real one, and it bounds the read. */
#define CLI_PW_MAX 1024

/*
 * cli_pw_prompt - ask on the controlling terminal with echo off; with
 * confirm, ask twice and refuse a mismatch. NULL with *err_r on failure.
 */
struct secret *cli_pw_prompt(const char *prompt, int confirm, char **err_r);

/* cli_pw_stdin - the first line of standard input; NULL with *err_r on failure */
struct secret *cli_pw_stdin(char **err_r);

/*
 * cli_pw_obtain - the password for a command: from stdin when from_stdin,
 * else from a prompt (confirmed when confirm) if stdin is a terminal.
 * Empty passwords are refused. Returns a cli_exit code; *pw_r is set on 0.
 */
int cli_pw_obtain(int from_stdin, int confirm, const char *what, struct secret **pw_r);

/*
 * cli_pw_random - a password of len characters from letters and digits
 * that cannot be confused when read aloud or copied (no 0/O, 1/l/I), with at
 * least one lower-case letter, one upper-case letter and one digit.
 */
struct secret *cli_pw_random(size_t len);

#endif
