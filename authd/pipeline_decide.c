/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pipeline_decide.c: the pipeline's decisions, free of I/O.
 */
#include <string.h>

#include "pipeline_decide.h"

int
pipeline_login_plausible(const char *login)
{
	size_t i, n = strlen(login);

	if (n == 0 || login[0] == ' ' || login[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)login[i] < 0x20 || login[i] == 0x7f)
			return 0;
	return 1;
}

/* has_control - 1 if s holds a control byte (no service or realm has one) */
static int
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

const char *
pipeline_screen(const char *refused, const char *login, size_t pwlen, const char *service,
                const char *realm)
{
	if (refused != NULL)
		return refused;
	if (login[0] == '\0')
		return "empty login";
	if (pwlen == 0)
		return "empty password";
	if (!pipeline_login_plausible(login))
		return "control character or surrounding blank in login";
	if (has_control(service) || has_control(realm))
		return "control character in service or realm";
	return NULL;
}

enum pst_result
pipeline_hit_result(enum auth_cache_hit hit, const char **reason_r)
{
	*reason_r = hit == AC_POSITIVE ? NULL : "refused recently (cached)";
	return hit == AC_POSITIVE ? PST_OK : PST_PERMFAIL;
}

long
pipeline_cache_ttl(enum pst_result r, long ttl, long negative_ttl)
{
	switch (r) {
	case PST_OK:
		return ttl > 0 ? ttl : 0;
	case PST_PERMFAIL:
		return negative_ttl > 0 ? negative_ttl : 0;
	case PST_TEMPFAIL:
		break;
	}
	return 0;
}

enum penalty_action
pipeline_penalty_action(int64_t delay_ms, size_t delayed, long max_connections)
{
	if (delay_ms <= 0)
		return PA_NOW;
	if (delayed >= (size_t)(max_connections / 2))
		return PA_REFUSE_ALL;
	return PA_DELAY;
}
