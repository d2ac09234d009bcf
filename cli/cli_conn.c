/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_conn.c: choosing the directory URI and the identity postinoctl binds as.
 */
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "cli_conn.h"
#include "cli_ldap.h"
#include "cli_password.h"
#include "ldap_conn.h"
#include "ldap_settings.h"
#include "secret.h"
#include "xalloc.h"

static int
is_ldapi(const char *uri)
{
	return strncasecmp(uri, "ldapi://", 8) == 0;
}

/* open_first - the first URI of the list that answers; sets ctx->ld and ctx->uri_used */
static enum pst_result
open_first(struct cli_ctx *ctx, const char *uris, char **err_r)
{
	int n = 0;
	char **list = ldap_uri_list(uris, &n);
	enum pst_result r = PST_TEMPFAIL;

	*err_r = NULL;
	for (int i = 0; list != NULL && list[i] != NULL; i++) {
		char *err = NULL;

		r = ldap_conn_open(&ctx->ldap, list[i], &ctx->ld, &err);
		if (r == PST_OK) {
			ctx->uri_used = xstrdup(list[i]);
			xfree(err_r);
			break;
		}
		xfree(err_r);
		*err_r = xasprintf("%s: %s", list[i], err != NULL ? err : "cannot connect");
		xfree(&err);
		if (r == PST_PERMFAIL)
			break;
	}
	if (n == 0 && *err_r == NULL)
		*err_r = xasprintf("no usable URI in \"%s\"", uris);
	ldap_uri_list_free(&list);
	return r;
}

/* bind_password - the bind DN's password: -y, ctl_password_file, or a prompt */
static int
bind_password(struct cli_ctx *ctx, const char *dn, struct secret **pw_r)
{
	const char *file = ctx->g.pw_file != NULL ? ctx->g.pw_file : ctx->ctl.password_file;
	char *err = NULL;

	if (file != NULL) {
		*pw_r = secret_read_file(file, &err);
	} else if (isatty(STDIN_FILENO)) {
		char *prompt = xasprintf("Password for %s: ", dn);

		*pw_r = cli_pw_prompt(prompt, 0, &err);
		xfree(&prompt);
	} else {
		return cli_fail(ctx, CLI_EXIT_USAGE,
		                "no password for %s: set ctl_password_file or use -y FILE", dn);
	}
	if (*pw_r == NULL) {
		int code = cli_fail(ctx, CLI_EXIT_USAGE, "bind password: %s",
		                    err != NULL ? err : "unreadable");

		xfree(&err);
		return code;
	}
	return CLI_EXIT_OK;
}

static int
bind_directory(struct cli_ctx *ctx)
{
	const char *dn = ctx->g.bind_dn != NULL ? ctx->g.bind_dn : ctx->ctl.bind_dn;
	struct secret *pw = NULL;
	LDAPControl **ctrls = NULL;
	enum pst_result r;
	int rc = LDAP_OTHER, code;

	if (dn == NULL && !is_ldapi(ctx->uri_used)) {
		return cli_fail(ctx, CLI_EXIT_USAGE,
		                "no bind DN for %s: set ctl_bind_dn or use -D (as root on the "
		                "directory host, ldapi:// needs none)",
		                ctx->uri_used);
	}
	if (dn != NULL && (code = bind_password(ctx, dn, &pw)) != CLI_EXIT_OK)
		return code;
	r = ldap_conn_bind(ctx->ld, dn, pw, ctx->ldap.timeout, &rc, &ctrls);
	secret_free(&pw);
	if (r != PST_OK) {
		char *why = cli_ldap_describe(ctx->ld, rc, NULL, ctrls);

		cli_fail(ctx, cli_exit_from(r), "bind as %s to %s failed: %s",
		         dn != NULL ? dn : "root (SASL EXTERNAL)", ctx->uri_used, why);
		xfree(&why);
	}
	ldap_controls_free(ctrls);
	return cli_exit_from(r);
}

int
cli_conn_open(struct cli_ctx *ctx)
{
	const char *uri = ctx->g.uri != NULL ? ctx->g.uri : ctx->ctl.uri;
	char *err = NULL;
	enum pst_result r = PST_TEMPFAIL;

	if (ctx->people_base == NULL) {
		return cli_fail(ctx, CLI_EXIT_USAGE,
		                "no people base: set ctl_people_base or ldap_search_base in the "
		                "config file");
	}
	/*
	 * Root on the directory host: the local ldapi socket with SASL EXTERNAL
	 * needs no stored password. If it does not answer, this is not the
	 * directory host, and the configured servers are next.
	 */
	if (uri == NULL && geteuid() == 0 && ctx->g.bind_dn == NULL && ctx->ctl.bind_dn == NULL) {
		r = open_first(ctx, "ldapi:///", &err);
		xfree(&err);
	}
	if (r != PST_OK) {
		/* Changes are made at a provider; reads there are the freshest too. */
		if (uri == NULL)
			uri = ldap_settings_writers(&ctx->ldap);
		if (uri == NULL || uri[0] == '\0') {
			return cli_fail(ctx, CLI_EXIT_USAGE,
			                "no directory: set ctl_uri, ldap_write_servers or "
			                "ldap_servers, or use -H URI");
		}
		r = open_first(ctx, uri, &err);
		if (r != PST_OK) {
			int code = cli_fail(
			        ctx, r == PST_PERMFAIL ? CLI_EXIT_USAGE : CLI_EXIT_UNAVAILABLE,
			        "directory unavailable: %s", err != NULL ? err : uri);

			xfree(&err);
			return code;
		}
	}
	return bind_directory(ctx);
}

void
cli_conn_close(struct cli_ctx *ctx)
{
	ldap_conn_close(&ctx->ld);
	xfree(&ctx->uri_used);
}
