/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sasl_tool.h: what the libsasl2 test tools (sasl_try, sasl_scram_client)
 * share: option and path callbacks, a log callback, reading a password
 * without argv, and an in-process client/server exchange.
 *
 * Header-only because every file in tests/tools/ is its own program.
 * libsasl2 reads its configuration once per process, so each tool run is
 * one scenario: the plugin path, the config directory and the global
 * options are fixed at sasl_server_init()/sasl_client_init().
 */
#ifndef POSTINO_SASL_TOOL_H
#define POSTINO_SASL_TOOL_H

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <sasl/sasl.h>
#include <sasl/saslplug.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "secret.h"
#include "xalloc.h"

#define TOOL_UNUSED __attribute__((unused))
/* sasl_callback_t.proc is int (*)(void); void (*)(void) converts to and from any function. */
#define TOOL_CB(fn)      ((int (*)(void))(void (*)(void))(fn))
#define TOOL_MAX_OPTS    64
#define TOOL_SYS_PLUGINS "/usr/lib/x86_64-linux-gnu/sasl2"

/* A list of "key=value" options answered by a SASL_CB_GETOPT callback. */
struct tool_opts {
	int n;
	char *key[TOOL_MAX_OPTS];
	char *val[TOOL_MAX_OPTS];
};

static int tool_verbose;
static char tool_plugin_path[PATH_MAX * 2];
static char *tool_conf_dir;

/* tool_opts_add - add "key=value"; returns 0, or -1 when malformed or full */
static TOOL_UNUSED int
tool_opts_add(struct tool_opts *o, const char *kv)
{
	const char *eq = strchr(kv, '=');

	if (eq == NULL || eq == kv || o->n >= TOOL_MAX_OPTS)
		return -1;
	o->key[o->n] = xstrndup(kv, (size_t)(eq - kv));
	o->val[o->n] = xstrdup(eq + 1);
	o->n++;
	return 0;
}

/* tool_opts_find - the value of key, or NULL */
static TOOL_UNUSED const char *
tool_opts_find(const struct tool_opts *o, const char *key)
{
	int i;

	for (i = o->n - 1; i >= 0; i--)
		if (strcmp(o->key[i], key) == 0)
			return o->val[i];
	return NULL;
}

static TOOL_UNUSED void
tool_opts_free(struct tool_opts *o)
{
	int i;

	for (i = 0; i < o->n; i++) {
		xfree(&o->key[i]);
		xfree(&o->val[i]);
	}
	o->n = 0;
}

static TOOL_UNUSED int
tool_getopt(void *context, const char *plugin, const char *option, const char **result,
            unsigned *len)
{
	const char *v = tool_opts_find(context, option);

	(void)plugin;
	if (v == NULL)
		return SASL_FAIL;
	*result = v;
	if (len != NULL)
		*len = (unsigned)strlen(v);
	return SASL_OK;
}

static TOOL_UNUSED int
tool_getpath(void *context, const char **path)
{
	(void)context;
	*path = tool_plugin_path;
	return SASL_OK;
}

static TOOL_UNUSED int
tool_getconfpath(void *context, char **path)
{
	(void)context;
	/* libsasl2 does not free this; "/nonexistent" means "no file". */
	*path = tool_conf_dir != NULL ? tool_conf_dir : (char *)"/nonexistent";
	return SASL_OK;
}

static TOOL_UNUSED int
tool_log(void *context, int level, const char *message)
{
	(void)context;
	if (tool_verbose || level <= SASL_LOG_ERR)
		fprintf(stderr, "sasl[%d]: %s\n", level, message);
	return SASL_OK;
}

/*
 * tool_default_plugin_path - the build's sasl2 directory next to the tool
 * (build/tests/tools/X -> build/sasl2), then the system's plugins.
 */
static TOOL_UNUSED void
tool_default_plugin_path(const char *argv0)
{
	char self[PATH_MAX], dir[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0) {
		snprintf(self, sizeof(self), "%s", argv0);
		n = (ssize_t)strlen(self);
	}
	self[n] = '\0';
	snprintf(dir, sizeof(dir), "%s", dirname(self));
	snprintf(tool_plugin_path, sizeof(tool_plugin_path), "%s/../../sasl2:%s", dir,
	         TOOL_SYS_PLUGINS);
}

/* tool_read_password - the first line of path, or of stdin when path is NULL */
static TOOL_UNUSED struct secret *
tool_read_password(const char *path)
{
	struct secret *s;
	char *err = NULL;

	if (path != NULL)
		s = secret_read_file(path, &err);
	else
		s = secret_read_fd(STDIN_FILENO, 1024, &err);
	if (s == NULL) {
		fprintf(stderr, "cannot read the password: %s\n", err ? err : "?");
		xfree(&err);
	}
	return s;
}

/* Client-side answers for an in-process exchange. */
struct tool_client {
	const char *authid;
	const char *authzid;
	const struct secret *password;
	sasl_secret_t *sasl_pw; /* built on demand, wiped on free */
};

static TOOL_UNUSED int
tool_client_simple(void *context, int id, const char **result, unsigned *len)
{
	struct tool_client *c = context;

	if (id == SASL_CB_AUTHNAME)
		*result = c->authid;
	else if (id == SASL_CB_USER)
		*result = c->authzid != NULL ? c->authzid : "";
	else
		return SASL_BADPARAM;
	if (len != NULL)
		*len = (unsigned)strlen(*result);
	return SASL_OK;
}

static TOOL_UNUSED int
tool_client_pass(sasl_conn_t *conn, void *context, int id, sasl_secret_t **psecret)
{
	struct tool_client *c = context;
	size_t n;

	(void)conn;
	if (id != SASL_CB_PASS || c->password == NULL)
		return SASL_BADPARAM;
	if (c->sasl_pw == NULL) {
		n = c->password->len;
		c->sasl_pw = xmalloc(sizeof(sasl_secret_t) + n + 1);
		c->sasl_pw->len = (unsigned long)n;
		memcpy(c->sasl_pw->data, c->password->data, n);
		c->sasl_pw->data[n] = '\0';
	}
	*psecret = c->sasl_pw;
	return SASL_OK;
}

static TOOL_UNUSED void
tool_client_free(struct tool_client *c)
{
	if (c->sasl_pw != NULL) {
		secret_wipe(c->sasl_pw->data, c->sasl_pw->len);
		xfree(&c->sasl_pw);
	}
}

/*
 * tool_exchange - run mech between an in-process client and server until
 * the server finishes; then let the client check the server's last
 * message (SCRAM's server signature). Returns the server's result, or the
 * client's when the client gave up first (*client_failed_r set).
 */
static TOOL_UNUSED int
tool_exchange(sasl_conn_t *srv, sasl_conn_t *cli, const char *mech, int *client_failed_r)
{
	const char *cout = NULL, *sout = NULL, *chosen = NULL;
	unsigned coutlen = 0, soutlen = 0;
	sasl_interact_t *interact = NULL;
	int rc, rs, steps = 0;

	*client_failed_r = 0;
	rc = sasl_client_start(cli, mech, &interact, &cout, &coutlen, &chosen);
	if (rc != SASL_OK && rc != SASL_CONTINUE) {
		*client_failed_r = 1;
		return rc;
	}
	rs = sasl_server_start(srv, chosen, cout, coutlen, &sout, &soutlen);
	/* Bounded: no mechanism here needs more than a few round trips. */
	while (rs == SASL_CONTINUE && steps++ < 10) {
		rc = sasl_client_step(cli, sout, soutlen, &interact, &cout, &coutlen);
		if (rc != SASL_OK && rc != SASL_CONTINUE) {
			*client_failed_r = 1;
			return rc;
		}
		rs = sasl_server_step(srv, cout, coutlen, &sout, &soutlen);
	}
	/* A server that finishes with data (success with additional data) is checked too. */
	if (rs == SASL_OK && rc == SASL_CONTINUE && sout != NULL && soutlen > 0) {
		rc = sasl_client_step(cli, sout, soutlen, &interact, &cout, &coutlen);
		if (rc != SASL_OK) {
			*client_failed_r = 1;
			return rc;
		}
	}
	return rs;
}

/* tool_prop - a string property of conn, or "" */
static TOOL_UNUSED const char *
tool_prop(sasl_conn_t *conn, int prop)
{
	const void *v = NULL;

	if (sasl_getprop(conn, prop, &v) != SASL_OK || v == NULL)
		return "";
	return v;
}

#endif
