/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auxprop_props.h: which requested properties the auxprop plugin fills,
 * and filling them, following libsasl2's property rules.
 *
 * A name starting with '*' belongs to the authentication identity: it is
 * skipped on the authorization identity's lookup (SASL_AUXPROP_AUTHZID),
 * and names the attribute without the '*'. A property that already has
 * values, set by another auxprop plugin, is left alone unless the lookup
 * says SASL_AUXPROP_OVERRIDE, in which case its values are replaced. Only
 * authPassword is ever served; userPassword never is.
 */
#ifndef POSTINO_AUXPROP_PROPS_H
#define POSTINO_AUXPROP_PROPS_H

#include <stddef.h>
#include <sasl/sasl.h>
#include <sasl/saslplug.h>

/* Most properties of one request this plugin serves. */
#define AUXPROP_WANT_MAX 8

/*
 * auxprop_wanted - indices into pr (a prop_get() array) of the properties
 * this lookup fills, at most AUXPROP_WANT_MAX; returns how many.
 */
size_t auxprop_wanted(const struct propval *pr, unsigned flags, size_t *idx);

/*
 * auxprop_serve - set every value of secrets (NULL-terminated; NULL means
 * none) on each wanted property, erasing values another plugin set first.
 */
void auxprop_serve(const sasl_utils_t *utils, struct propctx *pctx, const struct propval *pr,
                   const size_t *idx, size_t n, char *const *secrets);

#endif
