/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * canon_user.c: the canonuser plugin's server and client functions.
 *
 * A name is a certificate identity only when all of these hold: the
 * mechanism is EXTERNAL, the call is for the authentication identity and
 * libsasl2 marks it externally verified, and the name is the
 * SASL_AUTH_EXTERNAL value the application set (or the application's own
 * canon callback's rewrite of it: lower-cased, with "@domain" added). The
 * flags alone are not enough, because PLAIN and GSSAPI also mark their
 * authentication identity externally verified; the mechanism name alone is
 * not enough, because it may be stale inside sasl_checkpass(). An authzid
 * a client sends under EXTERNAL is therefore an ordinary name: a client
 * cannot smuggle in a DN to be mapped.
 *
 * Every other name, including an account name this plugin produced and
 * libsasl2 feeds back in, gets INTERNAL's treatment, so the mapping may be
 * applied twice with the same result.
 */
#include <string.h>
#include <strings.h>

#include "canon_internal.h"
#include "cert_ident.h"
#include "cert_map.h"
#include "log.h"
#include "plugin.h"
#include "xalloc.h"

/* Longer input is refused before it is copied. */
#define CANON_INPUT_MAX 65536

/*
 * input_copy - the name libsasl2 passed (ulen 0 means NUL-terminated) as a
 * NUL-terminated copy, or NULL when it is longer than CANON_INPUT_MAX. A
 * copy, because out may be the very buffer user points into.
 */
static char *
input_copy(const char *user, unsigned *ulen)
{
	if (*ulen == 0)
		*ulen = (unsigned)strnlen(user, CANON_INPUT_MAX + 1);
	if (*ulen > CANON_INPUT_MAX)
		return NULL;
	return xmemdup0(user, *ulen);
}

/* get_str_prop - a string property of the connection, or NULL */
static const char *
get_str_prop(const sasl_utils_t *utils, int prop)
{
	const void *v = NULL;

	if (utils->getprop == NULL || utils->getprop(utils->conn, prop, &v) != SASL_OK)
		return NULL;
	return v;
}

/*
 * rewritten_equal - 1 if name is ext after an application's canonicalization
 * such as Cyrus imapd's: the same bytes up to case, plus perhaps "@domain"
 * when ext has no '@'.
 */
static int
rewritten_equal(const char *name, size_t len, const char *ext)
{
	size_t elen = strlen(ext);
	const char *at;

	if (len == elen && strncasecmp(name, ext, len) == 0)
		return 1;
	if (strchr(ext, '@') != NULL || len <= elen || name[elen] != '@')
		return 0;
	at = memchr(name + elen + 1, '@', len - elen - 1);
	return at == NULL && strncasecmp(name, ext, elen) == 0;
}

/* external_identity - the identity to map, or NULL when name is an ordinary name */
static const char *
external_identity(const sasl_utils_t *utils, unsigned flags, const char *name, size_t len)
{
	const char *mech, *ext;

	if (!(flags & SASL_CU_AUTHID) || !(flags & SASL_CU_EXTERNALLY_VERIFIED))
		return NULL;
	mech = get_str_prop(utils, SASL_MECHNAME);
	if (mech == NULL || strcmp(mech, "EXTERNAL") != 0)
		return NULL;
	ext = get_str_prop(utils, SASL_AUTH_EXTERNAL);
	if (ext == NULL || *ext == '\0')
		return NULL;
	if ((len == strlen(ext) && memcmp(name, ext, len) == 0) || rewritten_equal(name, len, ext))
		return ext;
	return NULL;
}

/* finish - INTERNAL's treatment of name into the caller's buffer, as a SASL code */
static int
finish(const sasl_utils_t *utils, const char *name, size_t len, const char *realm, char *out,
       unsigned out_max, unsigned *out_len)
{
	size_t n = 0;

	switch (canon_internal(name, len, realm, out, out_max, &n)) {
	case CANON_OK:
		*out_len = (unsigned)n;
		return SASL_OK;
	case CANON_EMPTY:
		utils->seterror(utils->conn, 0, "All-whitespace username.");
		return SASL_FAIL;
	case CANON_TOOLONG:
		break;
	}
	return SASL_BUFOVER;
}

/* peer_issuer - the issuer the application passed for this connection, if any */
static const char *
peer_issuer(const sasl_utils_t *utils)
{
	const char *v = NULL;
	unsigned len = 0;

	if (utils->getopt == NULL ||
	    utils->getopt(utils->getopt_context, PLUGIN_NAME, PLUGIN_OPT_PEER_ISSUER, &v, &len) !=
	            SASL_OK ||
	    v == NULL || *v == '\0')
		return NULL;
	return v;
}

/* map_external - EXTERNAL's identity to an account name, written to out */
static int
map_external(struct plugin_ctx *ctx, sasl_server_params_t *sparams, const char *ext, char *out,
             unsigned out_max, unsigned *out_len)
{
	const sasl_utils_t *utils = sparams->utils;
	char q[200], *issuer = NULL, *name = NULL, *why = NULL;
	const char *iss;
	enum pst_result r;
	int rc;

	log_quote(q, sizeof(q), ext, strlen(ext));
	if (ctx->state == PLUGIN_BROKEN) {
		plugin_seterror(utils, "certificate \"%s\" refused: plugin configuration error", q);
		return SASL_FAIL;
	}
	/* getopt's answer lives only until the next getopt call: keep a copy. */
	iss = peer_issuer(utils);
	if (iss != NULL)
		issuer = xstrndup(iss, CERT_IDENT_MAX + 1);
	r = cert_map(ctx, ext, strlen(ext), issuer, sparams->service, &name, &why);
	xfree(&issuer);
	switch (r) {
	case PST_OK:
		rc = finish(utils, name, strlen(name), sparams->user_realm, out, out_max, out_len);
		if (rc == SASL_OK)
			plugin_log(utils, SASL_LOG_NOTE, "certificate \"%s\" mapped to account %s",
			           q, out);
		break;
	case PST_TEMPFAIL:
		plugin_seterror(utils, "certificate \"%s\" not mapped: %s", q, why);
		rc = SASL_UNAVAIL;
		break;
	default:
		plugin_seterror(utils, "certificate \"%s\" refused: %s", q, why);
		rc = SASL_BADAUTH;
		break;
	}
	xfree(&name);
	xfree(&why);
	return rc;
}

int
canon_user_server(void *glob, sasl_server_params_t *sparams, const char *user, unsigned ulen,
                  unsigned flags, char *out, unsigned out_max, unsigned *out_len)
{
	struct plugin_ctx *ctx = glob;
	const char *ext = NULL;
	char *copy;
	int rc;

	if (ctx == NULL || sparams == NULL || user == NULL || out == NULL || out_len == NULL)
		return SASL_BADPARAM;
	copy = input_copy(user, &ulen);
	if (copy == NULL)
		return SASL_BUFOVER;
	if (ctx->state != PLUGIN_OFF)
		ext = external_identity(sparams->utils, flags, copy, ulen);
	if (ext != NULL)
		rc = map_external(ctx, sparams, ext, out, out_max, out_len);
	else
		rc = finish(sparams->utils, copy, ulen, sparams->user_realm, out, out_max, out_len);
	xfree(&copy);
	return rc;
}

int
canon_user_client(void *glob, sasl_client_params_t *cparams, const char *user, unsigned ulen,
                  unsigned flags, char *out, unsigned out_max, unsigned *out_len)
{
	char *copy;
	int rc;

	(void)glob;
	(void)flags;
	if (cparams == NULL || user == NULL || out == NULL || out_len == NULL)
		return SASL_BADPARAM;
	/* A client's names pass through: trimmed, never realm-qualified, never mapped. */
	copy = input_copy(user, &ulen);
	if (copy == NULL)
		return SASL_BUFOVER;
	rc = finish(cparams->utils, copy, ulen, NULL, out, out_max, out_len);
	xfree(&copy);
	return rc;
}
