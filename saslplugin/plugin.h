/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * plugin.h: the state libpostino.so shares between its two plugins, and
 * the plugin functions libsasl2 calls.
 *
 * There is one context per process. libsasl2 may initialise the canonuser
 * plugin twice (server and client init) and the auxprop plugin once, and
 * calls a free function for each; the context counts them and is released
 * with the last one. Settings are read at the first init, from the host
 * application's SASL options, because that is when host programs still
 * run with the privileges that can read the bind password file.
 */
#ifndef POSTINO_PLUGIN_H
#define POSTINO_PLUGIN_H

#include <pthread.h>
#include <sasl/sasl.h>
#include <sasl/saslplug.h>

#include "ldap_settings.h"
#include "plugin_settings.h"

#define PLUGIN_NAME "postino"

enum plugin_state {
	PLUGIN_OFF = 0, /* no postino_ options: behave like libsasl2's defaults */
	PLUGIN_ON,      /* configured and ready */
	PLUGIN_BROKEN,  /* configured wrongly: certificate logins and secrets fail closed */
};

struct cert_rules;
struct plugin_cache;
struct plugin_ldap;

struct plugin_ctx {
	int refs;
	enum plugin_state state;
	struct plugin_settings set;
	int have_ldap;           /* postino_ldap_uri set */
	struct ldap_settings ls; /* valid when have_ldap */
	struct cert_rules *subject_rules;
	struct cert_rules *cn_rules;
	char **issuers;       /* normalized trusted issuers, NULL-terminated, or NULL */
	pthread_mutex_t lock; /* guards ldap and cache */
	struct plugin_ldap *ldap;
	struct plugin_cache *cache;
};

/* plugin_ctx_acquire - the process's context, set up on the first call */
struct plugin_ctx *plugin_ctx_acquire(const sasl_utils_t *utils);
/* plugin_ctx_release - drop one reference; the last one frees everything */
void plugin_ctx_release(struct plugin_ctx *ctx);

/* plugin_log - one line through the host's SASL logger, prefixed "postino: " */
void plugin_log(const sasl_utils_t *utils, int level, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* plugin_seterror - set the connection's error text (what the host shows) and log it */
void plugin_seterror(const sasl_utils_t *utils, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* canon_user.c */
int canon_user_server(void *glob, sasl_server_params_t *sparams, const char *user, unsigned ulen,
                      unsigned flags, char *out, unsigned out_max, unsigned *out_len);
int canon_user_client(void *glob, sasl_client_params_t *cparams, const char *user, unsigned ulen,
                      unsigned flags, char *out, unsigned out_max, unsigned *out_len);

/* auxprop_scram.c */
int auxprop_scram_lookup(void *glob, sasl_server_params_t *sparams, unsigned flags,
                         const char *user, unsigned ulen);
int auxprop_scram_store(void *glob, sasl_server_params_t *sparams, struct propctx *prctx,
                        const char *user, unsigned ulen);

#endif
