/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * authd_conf.c: loading, validating and swapping postino-authd's
 * configuration.
 *
 * A reload builds a complete new conf and installs it only when every file
 * parsed and every value checked out, so a typo in the file never leaves the
 * daemon half-configured: the old conf keeps serving and the error is
 * logged.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "authd_conf.h"
#include "ldap_conn.h"
#include "ldap_template.h"
#include "log.h"
#include "xalloc.h"

static pthread_mutex_t conf_lock = PTHREAD_MUTEX_INITIALIZER;
static struct authd_conf *conf_current;
static atomic_uint conf_generation;

void
authd_conf_tables(struct authd_conf *c, struct cfg_table tabs[AUTHD_CONF_NTABS])
{
	tabs[0] = ldap_settings_table(&c->ldap);
	tabs[1] = common_settings_table(&c->common);
	tabs[2] = authd_settings_table(&c->authd);
}

static struct authd_conf *
conf_new(void)
{
	struct authd_conf *c = xcalloc(1, sizeof(*c));
	struct cfg_table tabs[AUTHD_CONF_NTABS];

	authd_conf_tables(c, tabs);
	cfg_defaults(tabs, AUTHD_CONF_NTABS);
	atomic_init(&c->refs, 1);
	c->generation = atomic_fetch_add(&conf_generation, 1) + 1;
	return c;
}

static void
conf_free(struct authd_conf *c)
{
	struct cfg_table tabs[AUTHD_CONF_NTABS];

	authd_conf_tables(c, tabs);
	cfg_release(tabs, AUTHD_CONF_NTABS);
	if (c->uris != NULL)
		ldap_uri_list_free(&c->uris);
	xfree(&c);
}

struct authd_conf *
authd_conf_defaults(void)
{
	return conf_new();
}

/* conf_derive - check the loaded values and compute what follows from them */
static enum pst_result
conf_derive(struct authd_conf *c, char **err_r)
{
	const struct ldap_settings *l = &c->ldap;

	if (ldap_settings_check(&c->ldap, err_r) != PST_OK)
		return PST_PERMFAIL;
	c->log_level = log_level_parse(c->common.log_level != NULL ? c->common.log_level : "info");
	if (c->log_level < 0) {
		*err_r = xasprintf("log_level %s: use debug, info, warn or error",
		                   c->common.log_level);
		return PST_PERMFAIL;
	}
	if (c->common.mux_socket == NULL || c->common.mux_socket[0] != '/') {
		*err_r = xasprintf("mux_socket must be an absolute path");
		return PST_PERMFAIL;
	}
	c->uris = ldap_uri_list(l->servers != NULL ? l->servers : "", &c->nuris);
	if (c->nuris == 0) {
		*err_r = xasprintf("ldap_servers lists no URI");
		return PST_PERMFAIL;
	}
	if (l->filter == NULL || *l->filter == '\0') {
		*err_r = xasprintf("ldap_filter is empty");
		return PST_PERMFAIL;
	}
	if (l->auth_method == LS_METHOD_FASTBIND && strchr(l->filter, '(') != NULL) {
		*err_r = xasprintf("ldap_auth_method fastbind takes a DN template in ldap_filter "
		                   "(e.g. uid=%%u,ou=people,dc=example,dc=org), not a filter");
		return PST_PERMFAIL;
	}
	if (l->use_sasl && l->auth_method == LS_METHOD_FASTBIND) {
		/*
		 * saslauthd turns fastbind with ldap_use_sasl into SASL binds as
		 * the user; postino binds users with simple binds only, and
		 * ldap_use_sasl selects SASL EXTERNAL for the service identity.
		 */
		*err_r = xasprintf("ldap_use_sasl with fastbind (SASL user binds) is not "
		                   "supported; use simple binds over ldaps:// or StartTLS");
		return PST_PERMFAIL;
	}
	c->dn_key_service = ldap_template_uses(l->filter, 's') ||
	                    (l->search_base != NULL && ldap_template_uses(l->search_base, 's'));
	c->group_check = (l->group_dn != NULL && *l->group_dn != '\0') ||
	                 (l->group_filter != NULL && *l->group_filter != '\0');
	if (l->group_match_method == LS_GROUP_FILTER &&
	    (l->group_filter == NULL || *l->group_filter == '\0')) {
		*err_r = xasprintf("ldap_group_match_method filter needs ldap_group_filter");
		return PST_PERMFAIL;
	}
	return PST_OK;
}

/*
 * control_beside_mux - with -m and no control_socket of its own, the
 * control socket goes beside the mux socket: "-m /tmp/x" must not need
 * write access to the default directory (saslauthd's -m users run it
 * unprivileged, in a directory of their own).
 */
static void
control_beside_mux(const struct authd_opts *o, struct authd_conf *c)
{
	const char *def = NULL, *slash;
	size_t i;

	if (o->mux_path == NULL)
		return;
	for (i = 0; i < common_settings_ndefs; i++)
		if (strcmp(common_settings_defs[i].name, "control_socket") == 0)
			def = common_settings_defs[i].def;
	if (def == NULL || c->common.control_socket == NULL ||
	    strcmp(c->common.control_socket, def) != 0)
		return;
	slash = strrchr(c->common.mux_socket, '/');
	xfree(&c->common.control_socket);
	c->common.control_socket = xasprintf(
	        "%.*s/postino-control", (int)(slash - c->common.mux_socket), c->common.mux_socket);
}

enum pst_result
authd_conf_load(const struct authd_opts *o, struct authd_conf **out, char **err_r)
{
	struct authd_conf *c = conf_new();
	struct cfg_table tabs[AUTHD_CONF_NTABS];

	*out = NULL;
	authd_conf_tables(c, tabs);
	if (cfg_load_file(tabs, AUTHD_CONF_NTABS, o->conf_path, !o->conf_given, err_r) != PST_OK ||
	    cfg_load_file(tabs, AUTHD_CONF_NTABS, o->sasl_conf, !o->sasl_conf_given, err_r) !=
	            PST_OK ||
	    authd_opts_apply(o, tabs, AUTHD_CONF_NTABS, err_r) != PST_OK ||
	    conf_derive(c, err_r) != PST_OK) {
		conf_free(c);
		return PST_PERMFAIL;
	}
	control_beside_mux(o, c);
	/* -n asks for at least N workers; more are never refused. */
	if (o->threads > c->authd.threads)
		c->authd.threads = o->threads > 1024 ? 1024 : o->threads;
	*out = c;
	return PST_OK;
}

void
authd_conf_install(struct authd_conf *c)
{
	struct authd_conf *old;

	pthread_mutex_lock(&conf_lock);
	old = conf_current;
	conf_current = c;
	pthread_mutex_unlock(&conf_lock);
	if (old != NULL)
		authd_conf_put(&old);
}

struct authd_conf *
authd_conf_get(void)
{
	struct authd_conf *c;

	pthread_mutex_lock(&conf_lock);
	c = conf_current;
	if (c != NULL)
		atomic_fetch_add_explicit(&c->refs, 1, memory_order_relaxed);
	pthread_mutex_unlock(&conf_lock);
	return c;
}

void
authd_conf_put(struct authd_conf **cp)
{
	struct authd_conf *c = *cp;

	*cp = NULL;
	if (c == NULL)
		return;
	if (atomic_fetch_sub_explicit(&c->refs, 1, memory_order_acq_rel) == 1)
		conf_free(c);
}

void
authd_conf_shutdown(void)
{
	struct authd_conf *old;

	pthread_mutex_lock(&conf_lock);
	old = conf_current;
	conf_current = NULL;
	pthread_mutex_unlock(&conf_lock);
	authd_conf_put(&old);
}
