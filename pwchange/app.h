/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * app.h: everything a request handler needs, set up once by main() and
 * read-only afterwards (the rate-limit tables lock themselves).
 */
#ifndef POSTINO_PWCHANGE_APP_H
#define POSTINO_PWCHANGE_APP_H

#include "common_settings.h"
#include "lang.h"
#include "ldap_settings.h"
#include "pw_change.h"
#include "pw_policy.h"
#include "pwchange_settings.h"

struct rate_limit;
struct secret;
struct dir_policy;
struct proxy_list;

struct pwchange_app {
	const struct pwchange_settings *ps;
	const struct ldap_settings *ls;
	const struct common_settings *cs;
	struct pw_policy policy;
	char **rules[LANG_COUNT]; /* the policy as sentences, for the page */
	struct rate_limit *rl_ip, *rl_user;
	struct pw_change_cfg change;
	const struct secret *csrf_key;       /* MAC key of the form tokens (csrf.h) */
	const struct dir_policy *dir_policy; /* the directory's rules, or NULL if unknown */
	struct proxy_list *proxies;          /* trusted reverse proxies (X-Forwarded-For) */
};

#endif
