/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sasl_plain_client.c: drive libsasl2 itself as a server that checks
 * passwords through a saslauthd socket (pwcheck_method: saslauthd), the way
 * Postfix and Cyrus do, and print what libsasl2 concluded.
 *
 *   sasl_plain_client -f SOCKET [-m checkpass|plain] [-s SERVICE] [-R USER_REALM] -u USER
 *
 * The password is read from the first line of standard input, never from
 * the command line. Output is one line with the SASL result name
 * (SASL_OK, SASL_BADAUTH, SASL_FAIL, ...); the exit status is 0 for
 * SASL_OK, 1 for SASL_BADAUTH, 2 for SASL_FAIL, 3 for anything else and
 * 4 for usage errors.
 */
#include <sasl/sasl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *sock_path;

/* getopt - libsasl2's configuration, served from memory instead of a file */
static int
getopt_cb(void *context, const char *plugin_name, const char *option, const char **result,
          unsigned *len)
{
	(void)context;
	(void)plugin_name;
	if (strcmp(option, "pwcheck_method") == 0)
		*result = "saslauthd";
	else if (strcmp(option, "saslauthd_path") == 0)
		*result = sock_path;
	else if (strcmp(option, "mech_list") == 0)
		*result = "PLAIN";
	else
		return SASL_FAIL;
	if (len != NULL)
		*len = (unsigned)strlen(*result);
	return SASL_OK;
}

static const char *
result_name(int r)
{
	switch (r) {
	case SASL_OK:
		return "SASL_OK";
	case SASL_BADAUTH:
		return "SASL_BADAUTH";
	case SASL_FAIL:
		return "SASL_FAIL";
	case SASL_NOUSER:
		return "SASL_NOUSER";
	case SASL_NOMECH:
		return "SASL_NOMECH";
	case SASL_BADPARAM:
		return "SASL_BADPARAM";
	case SASL_DISABLED:
		return "SASL_DISABLED";
	case SASL_UNAVAIL:
		return "SASL_UNAVAIL";
	default:
		return "SASL_OTHER";
	}
}

static int
exit_code(int r)
{
	return r == SASL_OK ? 0 : r == SASL_BADAUTH ? 1 : r == SASL_FAIL ? 2 : 3;
}

static void
usage(void)
{
	fprintf(stderr, "usage: sasl_plain_client -f SOCKET [-m checkpass|plain] [-s SERVICE] "
	                "[-R USER_REALM] -u USER < password\n");
	exit(4);
}

int
main(int argc, char **argv)
{
	sasl_callback_t cbs[] = {
	        /* The callback table stores every callback as int (*)(void). */
	        {SASL_CB_GETOPT, (int (*)(void))(void (*)(void))getopt_cb, NULL},
	        {SASL_CB_LIST_END, NULL, NULL},
	};
	const char *mode = "checkpass", *service = "smtp", *user_realm = NULL, *user = NULL;
	char pw[1024], msg[2400];
	sasl_conn_t *conn = NULL;
	size_t plen, ulen;
	int c, r;

	while ((c = getopt(argc, argv, "f:m:s:R:u:")) != -1) {
		switch (c) {
		case 'f':
			sock_path = optarg;
			break;
		case 'm':
			mode = optarg;
			break;
		case 's':
			service = optarg;
			break;
		case 'R':
			user_realm = optarg;
			break;
		case 'u':
			user = optarg;
			break;
		default:
			usage();
		}
	}
	if (sock_path == NULL || user == NULL)
		usage();
	if (fgets(pw, sizeof(pw), stdin) == NULL)
		pw[0] = '\0';
	pw[strcspn(pw, "\r\n")] = '\0';
	plen = strlen(pw);
	ulen = strlen(user);

	r = sasl_server_init(cbs, "postino-test");
	if (r != SASL_OK) {
		printf("init %s\n", result_name(r));
		return 3;
	}
	r = sasl_server_new(service, "localhost", user_realm, NULL, NULL, NULL, 0, &conn);
	if (r != SASL_OK) {
		printf("new %s\n", result_name(r));
		return 3;
	}
	if (strcmp(mode, "plain") == 0) {
		const char *out = NULL;
		unsigned outlen = 0;

		/* PLAIN: authzid NUL authcid NUL password, with an empty authzid. */
		if (ulen + plen + 2 > sizeof(msg))
			usage();
		msg[0] = '\0';
		memcpy(msg + 1, user, ulen);
		msg[1 + ulen] = '\0';
		memcpy(msg + 2 + ulen, pw, plen);
		r = sasl_server_start(conn, "PLAIN", msg, (unsigned)(ulen + plen + 2), &out,
		                      &outlen);
		memset(msg, 0, sizeof(msg));
	} else {
		r = sasl_checkpass(conn, user, (unsigned)ulen, pw, (unsigned)plen);
	}
	memset(pw, 0, sizeof(pw));
	printf("%s\n", result_name(r));
	sasl_dispose(&conn);
	sasl_server_done();
	return exit_code(r);
}
