/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_auth.c: "auth test", one login check through postino-authd's
 * saslauthd socket, as a mail server would make it.
 *
 * Its exit status is testsaslauthd's contract rather than postinoctl's
 * usual one (0 OK, 1 NO, 2 unavailable), so monitoring scripts written for
 * one work with the other.
 */
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "cli_cmds.h"
#include "cli_output.h"
#include "cli_password.h"
#include "mux_client.h"
#include "mux_proto.h"
#include "secret.h"
#include "xalloc.h"

enum { AUTH_EXIT_OK = 0, AUTH_EXIT_NO = 1, AUTH_EXIT_UNAVAILABLE = 2 };

static int
field_ok(const char *what, const char *v)
{
	if (strlen(v) > MUX_FIELD_MAX) {
		cli_err("auth test: %s longer than %d bytes", what, MUX_FIELD_MAX);
		return 0;
	}
	return 1;
}

int
cli_auth_test(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *uid = p->pos[0];
	const char *service = cli_opt(p, "service") != NULL ? cli_opt(p, "service") : "imap";
	const char *realm = cli_opt(p, "realm") != NULL ? cli_opt(p, "realm") : "";
	const char *sock =
	        cli_opt(p, "socket") != NULL ? cli_opt(p, "socket") : ctx->common.mux_socket;
	struct secret *pw = NULL;
	struct out_rec *rec;
	char *reply = NULL;
	enum pst_result r;
	int code;

	if (!field_ok("UID", uid) || !field_ok("service", service) || !field_ok("realm", realm))
		return CLI_EXIT_USAGE;
	if (sock == NULL || sock[0] == '\0') {
		cli_err("auth test: no socket; set mux_socket or use --socket");
		return CLI_EXIT_USAGE;
	}
	code = cli_pw_obtain(cli_opt(p, "password-stdin") != NULL, 0, "Password", &pw);
	if (code != CLI_EXIT_OK)
		return code == CLI_EXIT_REFUSED ? AUTH_EXIT_NO : code;
	if (pw->len > MUX_FIELD_MAX) {
		secret_free(&pw);
		cli_err("auth test: password longer than %d bytes", MUX_FIELD_MAX);
		return CLI_EXIT_USAGE;
	}
	r = mux_client_auth(sock, uid, pw, service, realm, NULL,
	                    (int)(ctx->ctl.socket_timeout > 0 ? ctx->ctl.socket_timeout : 5) * 1000,
	                    &reply);
	secret_free(&pw);
	rec = out_rec_new();
	out_str(rec, "uid", uid);
	out_str(rec, "service", service);
	out_str(rec, "realm", realm);
	switch (r) {
	case PST_OK:
		code = AUTH_EXIT_OK;
		out_str(rec, "result", "OK");
		break;
	case PST_PERMFAIL:
		code = AUTH_EXIT_NO;
		out_str(rec, "result", "NO");
		break;
	case PST_TEMPFAIL:
		code = AUTH_EXIT_UNAVAILABLE;
		out_str(rec, "result", "UNAVAILABLE");
		break;
	}
	out_str(rec, "reply", reply);
	if (ctx->g.json) {
		out_print_rec(ctx->out, rec, 1);
	} else if (r == PST_TEMPFAIL) {
		fprintf(ctx->out, "UNAVAILABLE: %s\n", reply != NULL ? reply : sock);
	} else {
		struct buf b = BUF_INIT;

		out_text_clean(&b, reply != NULL ? reply : (r == PST_OK ? "OK" : "NO"),
		               reply != NULL ? strlen(reply) : 2);
		fprintf(ctx->out, "%s\n", b.data);
		buf_free(&b);
	}
	out_rec_free(&rec);
	xfree(&reply);
	return code;
}
