/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * instance.c: loading and checking one set of settings, and everything
 * built from it. Nothing here is fatal: start-up dies on an error, a
 * reload keeps the running instance.
 */
#include <string.h>

#include "instance.h"
#include "listen_socket.h"
#include "log.h"
#include "proxy_trust.h"
#include "pw_policy.h"
#include "rate_limit.h"
#include "csrf.h"
#include "secret.h"
#include "tls_files.h"
#include "xalloc.h"

struct pwchange_instance *
instance_new(void)
{
	struct pwchange_instance *in = xcalloc(1, sizeof(*in));

	in->tabs[0] = ldap_settings_table(&in->ls);
	in->tabs[1] = common_settings_table(&in->cs);
	in->tabs[2] = pwchange_settings_table(&in->ps);
	cfg_defaults(in->tabs, 3);
	return in;
}

/* check - the settings that only make sense together */
static enum pst_result
check(const struct pwchange_settings *ps, char **err_r)
{
	if (ps->tls && (ps->cert == NULL || ps->key == NULL))
		*err_r = xstrdup("pwchange_cert and pwchange_key must be set (or pwchange_tls: no "
		                 "behind a reverse proxy)");
	else if (!ps->tls && !listen_is_unix(ps->listen) && !listen_is_loopback(ps->listen))
		*err_r = xasprintf("pwchange_tls: no serves plain HTTP, so pwchange_listen must be "
		                   "a loopback address or unix:/path, not %s",
		                   ps->listen);
	else if (ps->spare_conns >= ps->max_connections)
		*err_r = xasprintf("pwchange_spare_connections (%ld) must be below "
		                   "pwchange_max_connections (%ld)",
		                   ps->spare_conns, ps->max_connections);
	else if (ps->threads > ps->max_connections)
		*err_r = xasprintf("pwchange_threads (%ld) must not be above "
		                   "pwchange_max_connections (%ld)",
		                   ps->threads, ps->max_connections);
	else if (ps->min_length > ps->max_length)
		*err_r = xasprintf("pwchange_min_length (%ld) is above pwchange_max_length (%ld)",
		                   ps->min_length, ps->max_length);
	else if (ps->expired_dn != NULL && ps->expired_pw_file == NULL)
		*err_r = xstrdup("pwchange_expired_dn needs pwchange_expired_password_file");
	else
		return PST_OK;
	return PST_PERMFAIL;
}

/* prefix - put "what: " before *err_r; returns PST_PERMFAIL */
static enum pst_result
prefix(const char *what, char **err_r)
{
	char *e = xasprintf("%s: %s", what, *err_r != NULL ? *err_r : "failed");

	xfree(err_r);
	*err_r = e;
	return PST_PERMFAIL;
}

enum pst_result
instance_load(struct pwchange_instance *in, const char *conf, char **err_r)
{
	struct pwchange_settings *ps = &in->ps;
	struct pwchange_app *app = &in->app;
	char *err = NULL;

	if (cfg_load_file(in->tabs, 3, conf, 0, err_r) != PST_OK ||
	    ldap_settings_check(&in->ls, err_r) != PST_OK || check(ps, err_r) != PST_OK)
		return prefix("configuration", err_r);
	/* Every change goes to a provider: a read-only replica would refuse it. */
	ldap_settings_use_writers(&in->ls);
	if (ps->tls && (tls_read_cert(ps->cert, &in->cert, err_r) != PST_OK ||
	                tls_read_key(ps->key, &in->key, err_r) != PST_OK))
		return prefix("TLS", err_r);
	if (proxy_list_parse(ps->proxies, &app->proxies, err_r) != PST_OK)
		return prefix("pwchange_trusted_proxies", err_r);
	app->ps = ps;
	app->ls = &in->ls;
	app->cs = &in->cs;
	app->policy.min_length = ps->min_length;
	app->policy.max_length = ps->max_length;
	app->policy.min_classes = ps->min_classes;
	if (ps->denylist != NULL &&
	    pw_policy_load_denylist(&app->policy, ps->denylist, err_r) != PST_OK)
		return prefix("pwchange_denylist", err_r);
	for (int l = 0; l < LANG_COUNT; l++)
		app->rules[l] = pw_policy_rules(&app->policy, (enum lang)l);
	if (ps->dir_policy != NULL) {
		/* Shown only: the directory enforces its rules whether or not they are read. */
		if (dir_policy_read(&in->ls, ps->dir_policy, &in->dirp, &err) == PST_OK) {
			for (int l = 0; l < LANG_COUNT; l++)
				dir_policy_rules_add(&in->dirp, (enum lang)l, &app->rules[l]);
			app->dir_policy = &in->dirp;
		} else {
			log_warn("pwchange_directory_policy: %s; its rules are not shown", err);
			xfree(&err);
		}
	}
	app->change.ldap = &in->ls;
	app->change.filter = ps->filter ? ps->filter : in->ls.filter ? in->ls.filter : "(uid=%u)";
	if (ps->expired_dn != NULL) {
		in->expired_pw = secret_read_file(ps->expired_pw_file, err_r);
		if (in->expired_pw == NULL)
			return prefix("pwchange_expired_password_file", err_r);
		app->change.expired_dn = ps->expired_dn;
		app->change.expired_pw = in->expired_pw;
	}
	if (ps->csrf_key_file != NULL) {
		if (csrf_key_load(ps->csrf_key_file, &in->csrf_key, err_r) != PST_OK)
			return prefix("pwchange_csrf_key_file", err_r);
	} else if ((in->csrf_key = csrf_key_new()) == NULL) {
		*err_r = xstrdup("cannot make a CSRF key: the random number generator failed");
		return PST_TEMPFAIL;
	}
	app->csrf_key = in->csrf_key;
	app->rl_ip = rate_limit_new((size_t)ps->rate_slots, ps->rate_ip_max, ps->rate_window);
	app->rl_user = rate_limit_new((size_t)ps->rate_slots, ps->rate_user_max, ps->rate_window);
	return PST_OK;
}

static int
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

int
instance_same_sockets(const struct pwchange_instance *a, const struct pwchange_instance *b)
{
	return same_str(a->ps.listen, b->ps.listen) && a->ps.port == b->ps.port &&
	       a->ps.tls == b->ps.tls && same_str(a->ps.user, b->ps.user) &&
	       same_str(a->ps.audit_file, b->ps.audit_file) && a->ps.sock_mode == b->ps.sock_mode;
}

void
instance_free(struct pwchange_instance **inp)
{
	struct pwchange_instance *in = *inp;

	if (in == NULL)
		return;
	proxy_list_free(&in->app.proxies);
	rate_limit_free(&in->app.rl_ip);
	rate_limit_free(&in->app.rl_user);
	for (int l = 0; l < LANG_COUNT; l++)
		pw_policy_rules_free(&in->app.rules[l]);
	pw_policy_release(&in->app.policy);
	secret_free(&in->expired_pw);
	secret_free(&in->csrf_key);
	secret_free(&in->key);
	xfree(&in->cert);
	cfg_release(in->tabs, 3);
	xfree(inp);
}
