/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * plugin_csn.c: contextCSN reads and the consumer-lag comparison
 * (plugin_csn.h). Values come from the directory: lib/ldap_csn treats
 * malformed ones as covering nothing, and overlong ones are skipped.
 */
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include "ldap_conn.h"
#include "plugin_csn.h"
#include "xalloc.h"

#define BASE_MAX 8 /* RDNs walked up from the search base to the suffix */

/* values_of - copy e's contextCSN values into out */
static void
values_of(LDAP *ld, LDAPMessage *e, struct plugin_csns *out)
{
	struct berval **v = ldap_get_values_len(ld, e, "contextCSN");
	size_t k;

	for (k = 0; v != NULL && v[k] != NULL && out->n < PLUGIN_CSN_SIDS; k++)
		if (v[k]->bv_len < LDAP_CSN_MAX)
			snprintf(out->v[out->n++], LDAP_CSN_MAX, "%.*s", (int)v[k]->bv_len,
			         v[k]->bv_val);
	ldap_value_free_len(v);
}

enum pst_result
plugin_csn_read(LDAP *ld, char **base_io, long timeout_s, struct plugin_csns *out, int *ldrc_r)
{
	char *attrs[] = {"contextCSN", NULL};
	struct timeval tv = {timeout_s, 0};
	const char *base = *base_io;
	int depth;

	out->n = 0;
	*ldrc_r = LDAP_SUCCESS;
	for (depth = 0; base != NULL && *base != '\0' && depth < BASE_MAX; depth++) {
		LDAPMessage *msg = NULL, *e;
		int rc = ldap_search_ext_s(ld, base, LDAP_SCOPE_BASE, "(objectClass=*)", attrs, 0,
		                           NULL, NULL, &tv, 1, &msg);

		*ldrc_r = rc;
		if (pst_ldap_result(rc) == PST_TEMPFAIL) {
			ldap_msgfree(msg);
			return PST_TEMPFAIL;
		}
		e = rc == LDAP_SUCCESS ? ldap_first_entry(ld, msg) : NULL;
		if (e != NULL)
			values_of(ld, e, out);
		ldap_msgfree(msg);
		if (out->n > 0) {
			if (base != *base_io) {
				char *found = xstrdup(base);

				xfree(base_io);
				*base_io = found;
			}
			return PST_OK;
		}
		/* Not the suffix: its parent. */
		base = strchr(base, ',');
		base = base != NULL ? base + 1 : NULL;
	}
	return PST_OK;
}

int
plugin_csn_lags(const struct plugin_csns *consumer, const struct plugin_csns *provider)
{
	const char *ctx[PLUGIN_CSN_SIDS];
	char sid[8];
	int i;

	for (i = 0; i < consumer->n; i++)
		ctx[i] = consumer->v[i];
	for (i = 0; i < provider->n; i++) {
		ldap_csn_sid(provider->v[i], sid);
		/* serverID 0 is a server's own bookkeeping; malformed: nothing to wait for */
		if (sid[0] == '\0' || strcmp(sid, "000") == 0 || strcmp(sid, LDAP_CSN_ANY) == 0)
			continue;
		if (!ldap_csn_covered(ctx, consumer->n, provider->v[i]))
			return 1;
	}
	return 0;
}
