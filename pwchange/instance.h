/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * instance.h: one complete set of postino-pwchange's settings and what is
 * built from them (certificate, policy, deny list, proxies, rate tables):
 * everything a server needs. Start-up loads one; SIGHUP loads another and
 * swaps it in only if all of it loaded, so a bad file keeps the old one.
 */
#ifndef POSTINO_PWCHANGE_INSTANCE_H
#define POSTINO_PWCHANGE_INSTANCE_H

#include "app.h"
#include "common_settings.h"
#include "config.h"
#include "dir_policy.h"
#include "ldap_settings.h"
#include "pwchange_settings.h"

struct secret;

struct pwchange_instance {
	struct ldap_settings ls;
	struct common_settings cs;
	struct pwchange_settings ps;
	struct cfg_table tabs[3];
	struct pwchange_app app;
	struct dir_policy dirp;
	struct secret *key; /* PEM private key (HTTPS) */
	struct secret *expired_pw;
	struct secret *csrf_key; /* MAC key of the form tokens (csrf.h) */
	char *cert;              /* PEM certificate chain (HTTPS) */
};

/* instance_new - settings at their defaults, nothing loaded */
struct pwchange_instance *instance_new(void);
/* instance_load - read conf and build everything; *err_r says what is wrong */
enum pst_result instance_load(struct pwchange_instance *in, const char *conf, char **err_r);
/* instance_same_sockets - 1 if b needs no new socket, audit file or user compared with a */
int instance_same_sockets(const struct pwchange_instance *a, const struct pwchange_instance *b);
void instance_free(struct pwchange_instance **inp);

#endif
