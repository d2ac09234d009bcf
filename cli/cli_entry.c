/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_entry.c: copying entries out of libldap results.
 */
#include <string.h>
#include <strings.h>

#include "cli_entry.h"
#include "secret.h"
#include "xalloc.h"

/* Attribute values larger than this are not account data; they are skipped. */
#define CLI_VALUE_MAX (64 * 1024)

struct cli_entry *
cli_entry_from_msg(LDAP *ld, LDAPMessage *e)
{
	struct cli_entry *ent = xcalloc(1, sizeof(*ent));
	BerElement *ber = NULL;
	char *dn = ldap_get_dn(ld, e);

	ent->dn = xstrdup(dn != NULL ? dn : "");
	ldap_memfree(dn);
	for (char *a = ldap_first_attribute(ld, e, &ber); a != NULL;
	     a = ldap_next_attribute(ld, e, ber)) {
		struct berval **bv = ldap_get_values_len(ld, e, a);
		struct cli_attr *at;
		size_t nv = bv != NULL ? (size_t)ldap_count_values_len(bv) : 0;

		ent->a = xreallocarray(ent->a, ent->n + 1, sizeof(*ent->a));
		at = &ent->a[ent->n++];
		at->name = xstrdup(a);
		at->vals = xcalloc(nv + 1, sizeof(char *));
		at->n = 0;
		for (size_t i = 0; i < nv; i++) {
			if (bv[i]->bv_len > CLI_VALUE_MAX ||
			    memchr(bv[i]->bv_val, '\0', bv[i]->bv_len) != NULL)
				continue;
			at->vals[at->n++] = xmemdup0(bv[i]->bv_val, bv[i]->bv_len);
		}
		ldap_value_free_len(bv);
		ldap_memfree(a);
	}
	if (ber != NULL)
		ber_free(ber, 0);
	return ent;
}

void
cli_entry_free(struct cli_entry **ep)
{
	struct cli_entry *e = *ep;

	if (e == NULL)
		return;
	for (size_t i = 0; i < e->n; i++) {
		for (size_t k = 0; k < e->a[i].n; k++) {
			secret_wipe(e->a[i].vals[k], strlen(e->a[i].vals[k]));
			xfree(&e->a[i].vals[k]);
		}
		xfree(&e->a[i].vals);
		xfree(&e->a[i].name);
	}
	xfree(&e->a);
	xfree(&e->dn);
	xfree(ep);
}

const struct cli_attr *
cli_entry_attr(const struct cli_entry *e, const char *name)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcasecmp(e->a[i].name, name) == 0)
			return &e->a[i];
	return NULL;
}

const char *
cli_entry_first(const struct cli_entry *e, const char *name)
{
	const struct cli_attr *a = cli_entry_attr(e, name);

	return a != NULL && a->n > 0 ? a->vals[0] : NULL;
}

int
cli_entry_has(const struct cli_entry *e, const char *name, const char *val)
{
	const struct cli_attr *a = cli_entry_attr(e, name);

	for (size_t i = 0; a != NULL && i < a->n; i++)
		if (strcasecmp(a->vals[i], val) == 0)
			return 1;
	return 0;
}
