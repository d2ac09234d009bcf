/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_mods.c: LDAPMod arrays for postinoctl's adds and modifies.
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "account.h"
#include "cli_mods.h"
#include "secret.h"
#include "xalloc.h"

static LDAPMod *
find_mod(struct cli_mods *m, int op, const char *attr)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->own[i]->mod_op == op && strcasecmp(m->own[i]->mod_type, attr) == 0)
			return m->own[i];
	return NULL;
}

static LDAPMod *
new_mod(struct cli_mods *m, int op, const char *attr)
{
	LDAPMod *mod = xcalloc(1, sizeof(*mod));

	mod->mod_op = op;
	mod->mod_type = xstrdup(attr);
	mod->mod_values = xcalloc(1, sizeof(char *));
	if (m->n + 1 >= m->cap) {
		m->cap = m->cap == 0 ? 8 : m->cap * 2;
		m->own = xreallocarray(m->own, m->cap, sizeof(LDAPMod *));
	}
	m->own[m->n++] = mod;
	m->own[m->n] = NULL;
	return mod;
}

void
cli_mods_add(struct cli_mods *m, int op, const char *attr, const char *val)
{
	LDAPMod *mod = find_mod(m, op, attr);
	size_t nv = 0;

	if (mod == NULL)
		mod = new_mod(m, op, attr);
	while (mod->mod_values[nv] != NULL)
		nv++;
	mod->mod_values = xreallocarray(mod->mod_values, nv + 2, sizeof(char *));
	mod->mod_values[nv] = xstrdup(val);
	mod->mod_values[nv + 1] = NULL;
}

void
cli_mods_clear(struct cli_mods *m, const char *attr)
{
	if (find_mod(m, LDAP_MOD_DELETE, attr) == NULL)
		new_mod(m, LDAP_MOD_DELETE, attr);
}

enum pst_result
cli_mods_password(struct cli_mods *m, const struct ldap_settings *s, const struct secret *pw)
{
	if (m->pw != NULL)
		account_mods_free(&m->pw);
	return account_password_mods(s, pw, time(NULL), &m->pw);
}

size_t
cli_mods_count(const struct cli_mods *m)
{
	size_t n = m->n;

	for (size_t i = 0; m->pw != NULL && m->pw[i] != NULL; i++)
		n++;
	return n;
}

LDAPMod **
cli_mods_array(struct cli_mods *m)
{
	size_t k = 0;

	xfree(&m->all);
	m->all = xcalloc(cli_mods_count(m) + 1, sizeof(LDAPMod *));
	for (size_t i = 0; i < m->n; i++)
		m->all[k++] = m->own[i];
	for (size_t i = 0; m->pw != NULL && m->pw[i] != NULL; i++)
		m->all[k++] = m->pw[i];
	m->all[k] = NULL;
	return m->all;
}

void
cli_mods_free(struct cli_mods *m)
{
	for (size_t i = 0; i < m->n; i++) {
		for (size_t v = 0; m->own[i]->mod_values[v] != NULL; v++) {
			secret_wipe(m->own[i]->mod_values[v], strlen(m->own[i]->mod_values[v]));
			xfree(&m->own[i]->mod_values[v]);
		}
		xfree(&m->own[i]->mod_values);
		xfree(&m->own[i]->mod_type);
		xfree(&m->own[i]);
	}
	xfree(&m->own);
	m->n = m->cap = 0;
	account_mods_free(&m->pw);
	xfree(&m->all);
}
