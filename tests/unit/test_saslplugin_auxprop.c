/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_saslplugin_auxprop.c: which properties the auxprop plugin fills
 * and how, driven through libsasl2's own property context functions:
 * authPassword only (never userPassword), '*' names only for the
 * authentication identity, values other plugins set kept unless
 * SASL_AUXPROP_OVERRIDE, and replaced when it is given.
 */
#include <string.h>
#include <sasl/prop.h>
#include <sasl/sasl.h>
#include <sasl/saslplug.h>

#include "../../saslplugin/auxprop_props.h"
#include "t.h"

static const char *secrets[] = {"SCRAM-SHA-1$4096:c2FsdA==$AAAA:BBBB",
                                "SCRAM-SHA-256$4096:c2FsdA==$CCCC:DDDD", NULL};

/* index_of - position of name in the request, or -1 */
static int
index_of(const struct propval *pr, const char *name)
{
	int i;

	for (i = 0; pr[i].name != NULL; i++)
		if (strcmp(pr[i].name, name) == 0)
			return i;
	return -1;
}

static int
nvalues(struct propctx *ctx, const char *name)
{
	const struct propval *pr = prop_get(ctx);
	int i = index_of(pr, name), n = 0;

	if (i < 0 || pr[i].values == NULL)
		return 0;
	while (pr[i].values[n] != NULL)
		n++;
	return n;
}

int
main(void)
{
	static const char *req[] = {"*userPassword", "*authPassword", "cmusaslsecretPLAIN",
	                            "authPassword", NULL};
	sasl_utils_t utils;
	struct propctx *ctx = prop_new(0);
	const struct propval *pr;
	size_t idx[AUXPROP_WANT_MAX], n;

	memset(&utils, 0, sizeof(utils));
	utils.prop_set = prop_set;
	utils.prop_erase = prop_erase;
	T_CHECK(ctx != NULL && prop_request(ctx, req) == SASL_OK, "a property request");
	pr = prop_get(ctx);

	/* Authentication identity: both spellings of authPassword, nothing else. */
	n = auxprop_wanted(pr, 0, idx);
	T_CHECK(n == 2, "authid lookup wants 2 properties, got %zu", n);
	T_CHECK(n == 2 && (int)idx[0] == index_of(pr, "*authPassword") &&
	                (int)idx[1] == index_of(pr, "authPassword"),
	        "*authPassword and authPassword");

	/* Authorization identity: '*' names belong to the authid. */
	n = auxprop_wanted(pr, SASL_AUXPROP_AUTHZID, idx);
	T_CHECK(n == 1 && (int)idx[0] == index_of(pr, "authPassword"),
	        "authzid lookup wants only authPassword");

	/* Serving sets every value; userPassword stays empty. */
	n = auxprop_wanted(pr, 0, idx);
	auxprop_serve(&utils, ctx, pr, idx, n, (char *const *)secrets);
	T_CHECK(nvalues(ctx, "*authPassword") == 2, "both secrets served");
	T_CHECK(nvalues(ctx, "*userPassword") == 0, "userPassword is never served");
	T_CHECK(nvalues(ctx, "cmusaslsecretPLAIN") == 0, "other properties untouched");

	/* Values another plugin set: kept without OVERRIDE... */
	prop_clear(ctx, 0);
	pr = prop_get(ctx);
	prop_set(ctx, "*authPassword", "SCRAM-SHA-256$other", -1);
	pr = prop_get(ctx);
	n = auxprop_wanted(pr, 0, idx);
	T_CHECK(n == 1 && (int)idx[0] == index_of(pr, "authPassword"),
	        "a property with values is skipped without OVERRIDE");
	auxprop_serve(&utils, ctx, pr, idx, n, (char *const *)secrets);
	T_CHECK(nvalues(ctx, "*authPassword") == 1, "the other plugin's value is kept");

	/* ... and replaced with it. */
	pr = prop_get(ctx);
	n = auxprop_wanted(pr, SASL_AUXPROP_OVERRIDE, idx);
	T_CHECK(n == 2, "OVERRIDE wants it again");
	auxprop_serve(&utils, ctx, pr, idx, n, (char *const *)secrets);
	pr = prop_get(ctx);
	T_CHECK(nvalues(ctx, "*authPassword") == 2, "OVERRIDE replaces the values");
	T_STREQ(pr[index_of(pr, "*authPassword")].values[0], secrets[0], "replaced value");

	/* No secrets (a disabled account): nothing set, nothing erased. */
	prop_clear(ctx, 0);
	pr = prop_get(ctx);
	n = auxprop_wanted(pr, SASL_AUXPROP_OVERRIDE, idx);
	auxprop_serve(&utils, ctx, pr, idx, n, NULL);
	T_CHECK(nvalues(ctx, "*authPassword") == 0, "no secrets, no values");
	T_CHECK(auxprop_wanted(NULL, 0, idx) == 0, "no request, nothing wanted");

	prop_dispose(&ctx);
	return t_done("test_saslplugin_auxprop");
}
