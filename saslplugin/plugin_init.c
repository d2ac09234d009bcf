/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * plugin_init.c: libpostino.so's entry points and its per-process context.
 *
 * libsasl2 dlopen()s every library in its plugin directory and looks up
 * "sasl_canonuser_init" and "sasl_auxprop_plug_init" in each (the
 * documented name "sasl_auxprop_init" is not what the loader asks for).
 * The build hides every other symbol. Because every SASL program on the
 * host loads this library, init never fails: unconfigured, the plugin is
 * inert; misconfigured, it logs once and fails closed where it matters.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cert_ident.h"
#include "cert_rules.h"
#include "log.h"
#include "plugin.h"
#include "plugin_cache.h"
#include "plugin_ldap.h"
#include "version.h"
#include "xalloc.h"

#define PLUGIN_API __attribute__((visibility("default")))

/* The one context; libsasl2 initialises plugins from one thread, before use. */
static struct plugin_ctx plugin_the_ctx;
/* libsasl2's global utils, for lib/'s log lines, which have no connection. */
static const sasl_utils_t *plugin_glob_utils;

static void
canon_free(void *glob, const sasl_utils_t *utils)
{
	(void)utils;
	plugin_ctx_release(glob);
}

static void
auxprop_free(void *glob, const sasl_utils_t *utils)
{
	(void)utils;
	plugin_ctx_release(glob);
}

static sasl_canonuser_plug_t plugin_canonuser = {
        .features = 0,
        .glob_context = NULL,
        .name = PLUGIN_NAME,
        .canon_user_free = canon_free,
        .canon_user_server = canon_user_server,
        /* libsasl2 calls the client side without checking it exists. */
        .canon_user_client = canon_user_client,
};

static sasl_auxprop_plug_t plugin_auxprop = {
        .features = 0,
        .glob_context = NULL,
        .auxprop_free = auxprop_free,
        .auxprop_lookup = auxprop_scram_lookup,
        .name = PLUGIN_NAME,
        .auxprop_store = auxprop_scram_store,
};

__attribute__((format(printf, 3, 0))) static void
plugin_vlog(const sasl_utils_t *utils, int level, const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (utils != NULL && utils->log != NULL)
		utils->log(utils->conn, level, "postino: %s", msg);
}

void
plugin_log(const sasl_utils_t *utils, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	plugin_vlog(utils, level, fmt, ap);
	va_end(ap);
}

void
plugin_seterror(const sasl_utils_t *utils, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* seterror also hands the message to the host's logger. */
	if (utils != NULL && utils->seterror != NULL)
		utils->seterror(utils->conn, 0, "postino: %s", msg);
}

/* lib_log - log_sink_fn: lib/'s diagnostics go to the host's SASL logger */
static void
lib_log(enum log_level lvl, const char *msg)
{
	static const int level[] = {SASL_LOG_DEBUG, SASL_LOG_NOTE, SASL_LOG_WARN,
	                            SASL_LOG_ERR,   SASL_LOG_ERR,  SASL_LOG_ERR};

	plugin_log(plugin_glob_utils, level[lvl <= LOG_LVL_PANIC ? lvl : LOG_LVL_ERROR], "%s", msg);
}

/* sasl_option - plugin_getopt_fn over libsasl2's getopt (app callbacks, then the .conf file) */
static const char *
sasl_option(void *arg, const char *name)
{
	const sasl_utils_t *utils = arg;
	const char *v = NULL;
	unsigned len = 0;

	if (utils->getopt == NULL ||
	    utils->getopt(utils->getopt_context, PLUGIN_NAME, name, &v, &len) != SASL_OK)
		return NULL;
	return v;
}

/* ctx_setup - everything the settings call for; *err_r on a configuration error */
static enum pst_result
ctx_setup(struct plugin_ctx *ctx, char **err_r)
{
	ctx->subject_rules =
	        cert_rules_new(ctx->set.cert_rule, PLUGIN_MAX_RULES, "postino_cert_rule", err_r);
	if (ctx->subject_rules == NULL)
		return PST_PERMFAIL;
	ctx->cn_rules = cert_rules_new(ctx->set.cert_cn_rule, PLUGIN_MAX_RULES,
	                               "postino_cert_cn_rule", err_r);
	if (ctx->cn_rules == NULL)
		return PST_PERMFAIL;
	if (ctx->set.cert_issuers != NULL) {
		ctx->issuers = cert_issuers_parse(ctx->set.cert_issuers, err_r);
		if (ctx->issuers == NULL)
			return PST_PERMFAIL;
	}
	if (ctx->set.ldap_uri != NULL && *ctx->set.ldap_uri != '\0') {
		ctx->have_ldap = 1;
		if (plugin_settings_ldap(&ctx->set, &ctx->ls, err_r) != PST_OK)
			return PST_PERMFAIL;
		ctx->ldap = plugin_ldap_new(&ctx->ls);
		ctx->cache = plugin_cache_new(ctx->set.cache_ttl, (size_t)ctx->set.cache_size);
	}
	return PST_OK;
}

/* ctx_load - read the settings and set up what they call for */
static void
ctx_load(struct plugin_ctx *ctx, const sasl_utils_t *utils)
{
	char *err = NULL;

	ctx->state = PLUGIN_OFF;
	if (plugin_settings_load(&ctx->set, sasl_option, (void *)utils, &err) != PST_OK) {
		ctx->state = PLUGIN_BROKEN;
	} else if (plugin_settings_configured(&ctx->set)) {
		ctx->state = ctx_setup(ctx, &err) == PST_OK ? PLUGIN_ON : PLUGIN_BROKEN;
		if (ctx->state == PLUGIN_ON)
			plugin_log(utils, SASL_LOG_NOTE, "version %s configured", POSTINO_VERSION);
	}
	if (ctx->state == PLUGIN_BROKEN)
		plugin_log(utils, SASL_LOG_ERR,
		           "configuration error: %s; certificate logins and SCRAM secrets are "
		           "refused",
		           err ? err : "unknown");
	xfree(&err);
}

struct plugin_ctx *
plugin_ctx_acquire(const sasl_utils_t *utils)
{
	struct plugin_ctx *ctx = &plugin_the_ctx;

	if (ctx->refs++ > 0) {
		/*
		 * sasl_client_init() also initialises canonuser plugins, and
		 * before sasl_server_init() has read <app>.conf the options are
		 * not there yet. So an init that found nothing looks again.
		 */
		if (ctx->state == PLUGIN_OFF) {
			plugin_settings_release(&ctx->set);
			ctx_load(ctx, utils);
		}
		return ctx;
	}
	/*
	 * lib/ would log to stderr, which in a mail daemon may be a client's
	 * socket, or to syslog under a changed openlog() ident: neither.
	 */
	plugin_glob_utils = utils;
	log_set_sink(lib_log);
	log_set_level(LOG_LVL_WARN);
	pthread_mutex_init(&ctx->lock, NULL);
	ctx_load(ctx, utils);
	return ctx;
}

void
plugin_ctx_release(struct plugin_ctx *ctx)
{
	if (ctx == NULL || ctx->refs <= 0 || --ctx->refs > 0)
		return;
	plugin_ldap_free(&ctx->ldap);
	plugin_cache_free(&ctx->cache);
	cert_rules_free(&ctx->subject_rules);
	cert_rules_free(&ctx->cn_rules);
	cert_issuers_free(&ctx->issuers);
	if (ctx->have_ldap) {
		struct cfg_table lt = ldap_settings_table(&ctx->ls);

		cfg_release(&lt, 1);
	}
	plugin_settings_release(&ctx->set);
	pthread_mutex_destroy(&ctx->lock);
	memset(ctx, 0, sizeof(*ctx));
	log_set_sink(NULL);
	log_set_level(LOG_LVL_PANIC);
	plugin_glob_utils = NULL;
}

PLUGIN_API int
sasl_canonuser_init(const sasl_utils_t *utils, int max_version, int *out_version,
                    sasl_canonuser_plug_t **plug, const char *plugname)
{
	(void)plugname;
	if (utils == NULL || out_version == NULL || plug == NULL)
		return SASL_BADPARAM;
	if (max_version < SASL_CANONUSER_PLUG_VERSION)
		return SASL_BADVERS;
	plugin_canonuser.glob_context = plugin_ctx_acquire(utils);
	*out_version = SASL_CANONUSER_PLUG_VERSION;
	*plug = &plugin_canonuser;
	return SASL_OK;
}

PLUGIN_API int
sasl_auxprop_plug_init(const sasl_utils_t *utils, int max_version, int *out_version,
                       sasl_auxprop_plug_t **plug, const char *plugname)
{
	(void)plugname;
	if (utils == NULL || out_version == NULL || plug == NULL)
		return SASL_BADPARAM;
	if (max_version < SASL_AUXPROP_PLUG_VERSION)
		return SASL_BADVERS;
	plugin_auxprop.glob_context = plugin_ctx_acquire(utils);
	*out_version = SASL_AUXPROP_PLUG_VERSION;
	*plug = &plugin_auxprop;
	return SASL_OK;
}
