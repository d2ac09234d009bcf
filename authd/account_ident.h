/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * account_ident.h: the directory's own name for an account, for the keys
 * of everything that stands for it (credential cache, DN cache, penalty).
 *
 * A client may spell a login in many ways the directory folds together
 * (case, fullwidth letters, compatibility forms): keys made from the
 * client's spelling would give one account many records, so a flush or a
 * delay on one spelling would miss the others. Once the entry is known,
 * its DN names it: the value of a leading uid RDN (the stored uid), or
 * else the whole DN. A flush of "alice" matches the digest of the uid.
 */
#ifndef AUTHD_ACCOUNT_IDENT_H
#define AUTHD_ACCOUNT_IDENT_H

/*
 * account_ident_digest - the account digest (as account_name_digest) of
 * the entry at dn; of fallback (the login) when dn is NULL or unparsable.
 */
void account_ident_digest(const char *dn, const char *fallback, unsigned char out[16]);

#endif
