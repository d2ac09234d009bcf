/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_cache.c: postinoctl's side of postino-authd's control socket: cache
 * flushes (by command, and after every change to an account) and counters.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "cli_cmds.h"
#include "cli_output.h"
#include "cli_validate.h"
#include "ctl_client.h"
#include "xalloc.h"

static const char *
control_path(const struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *s = p != NULL ? cli_opt(p, "socket") : NULL;

	return s != NULL ? s : ctx->common.control_socket;
}

static int
timeout_ms(const struct cli_ctx *ctx)
{
	return (int)(ctx->ctl.socket_timeout > 0 ? ctx->ctl.socket_timeout : 5) * 1000;
}

void
cli_authd_flush(struct cli_ctx *ctx, const char *uid)
{
	char *cmd, *reply = NULL;
	enum pst_result r;

	if (ctx->common.control_socket == NULL || ctx->common.control_socket[0] == '\0')
		return;
	cmd = uid != NULL ? xasprintf("flush %s", uid) : xstrdup("flush");
	r = ctl_request(ctx->common.control_socket, cmd, timeout_ms(ctx), &reply);
	if (r != PST_OK)
		cli_warn("postino-authd did not flush its cache for %s (%s); its cached "
		         "answers expire with their TTL",
		         uid != NULL ? uid : "all accounts",
		         reply != NULL && reply[0] != '\0' ? reply : ctx->common.control_socket);
	xfree(&reply);
	xfree(&cmd);
}

int
cli_cache_flush(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *path = control_path(ctx, p);
	const char *uid = p->npos > 0 ? p->pos[0] : NULL;
	char *cmd, *reply = NULL, *err = NULL;
	struct out_rec *rec;
	enum pst_result r;

	if (uid != NULL && !cli_valid_uid(uid, &err)) {
		int code = cli_fail(ctx, CLI_EXIT_USAGE, "cache flush: %s", err);

		xfree(&err);
		return code;
	}
	cmd = uid != NULL ? xasprintf("flush %s", uid) : xstrdup("flush");
	r = ctl_request(path, cmd, timeout_ms(ctx), &reply);
	xfree(&cmd);
	if (r != PST_OK) {
		int code = cli_fail(ctx, cli_exit_from(r), "cache flush: %s: %s", path,
		                    reply != NULL && reply[0] != '\0' ? reply : "no answer");

		xfree(&reply);
		return code;
	}
	xfree(&reply);
	rec = out_rec_new();
	out_str(rec, "flushed", uid != NULL ? uid : "*");
	out_result(ctx, rec, "flushed postino-authd's cache%s%s", uid != NULL ? " for " : "",
	           uid != NULL ? uid : "");
	out_rec_free(&rec);
	return CLI_EXIT_OK;
}

/* is_number - 1 if s is a plain decimal integer, printed as a JSON number */
static int
is_number(const char *s)
{
	char *end;

	if (*s == '\0' || strlen(s) > 18)
		return 0;
	(void)strtoll(s, &end, 10);
	return *end == '\0';
}

int
cli_stats(struct cli_ctx *ctx, const struct cli_parsed *p)
{
	const char *path = control_path(ctx, p);
	char *reply = NULL, *line, *save = NULL;
	struct out_rec *rec;
	enum pst_result r;

	r = ctl_request(path, "stats", timeout_ms(ctx), &reply);
	if (r != PST_OK) {
		int code = cli_fail(ctx, cli_exit_from(r), "stats: %s: %s", path,
		                    reply != NULL && reply[0] != '\0' ? reply : "no answer");

		xfree(&reply);
		return code;
	}
	rec = out_rec_new();
	for (line = strtok_r(reply, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');

		if (eq == NULL)
			continue;
		*eq = '\0';
		if (is_number(eq + 1))
			out_int(rec, line, strtoll(eq + 1, NULL, 10));
		else
			out_str(rec, line, eq + 1);
	}
	out_print_rec(ctx->out, rec, ctx->g.json);
	out_rec_free(&rec);
	xfree(&reply);
	return CLI_EXIT_OK;
}
