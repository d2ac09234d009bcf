/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * result.h: the three-way result every postino operation returns.
 *
 * A boolean cannot tell "the password is wrong" from "the directory is
 * down", and mail clients must hear the difference (SMTP 535 vs 454).
 */
#ifndef POSTINO_RESULT_H
#define POSTINO_RESULT_H

enum pst_result {
	PST_OK = 0,   /* the operation succeeded / the credential is good */
	PST_PERMFAIL, /* a definite no: retrying the same request will not help */
	PST_TEMPFAIL, /* we could not decide: directory down, time-out, resource */
};

/* pst_result_name - "OK", "PERMFAIL" or "TEMPFAIL", for logs */
const char *pst_result_name(enum pst_result r);

#endif
