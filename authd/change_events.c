/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * change_events.c: what one entry of the change stream means for the
 * caches.
 *
 * syncprov sends an entry for every write to it, including the ones that
 * change nothing a login depends on: the lastbind stamp (pwdLastSuccess)
 * on each successful bind and ppolicy's failure count on each failed one.
 * Evicting on those would empty an account's cache entries after every
 * directory bind. So each entry's login-relevant attributes are kept as a
 * digest, and a modify evicts when
 *   - the digest changed (lock, reset, disabled, services, certificate
 *     subjects, the policy entry, the uid, the DN, and the password
 *     attributes when the service account may read them), or
 *   - the password may have changed unseen: the service account must not
 *     read userPassword, but ppolicy stamps pwdChangedTime on every
 *     password change, in whole seconds, so a modify within two seconds of
 *     that stamp (or of an entry without one) is taken for a password
 *     change too; so is a modify of an entry without that stamp, unless
 *     it is the bind bookkeeping itself (pwdLastSuccess or pwdFailureTime
 *     stamped in the second of the modify).
 * During a refresh nothing is evicted entry by entry: the whole cache is
 * emptied when the refresh is over (change_stream.c).
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth_cache.h"
#include "buf.h"
#include "change_stream_int.h"
#include "evict.h"
#include "keyed_hash.h"
#include "log.h"
#include "replica_route.h"
#include "sync_accounts.h"
#include "xalloc.h"

/* The attributes whose change changes an answer (the DN is added). */
static const char *const watched[] = {
        "uid",
        "objectClass",
        "userPassword",
        "authPassword",
        "pwdAccountLockedTime",
        "pwdChangedTime",
        "pwdReset",
        "pwdPolicySubentry",
        "postinoDisabled",
        "postinoService",
        "postinoCertSubject",
        "postinoPasswordChanged",
        NULL,
};

static const char *const request_attrs[] = {
        "uid",
        "modifyTimestamp",
        "objectClass",
        "userPassword",
        "authPassword",
        "pwdAccountLockedTime",
        "pwdChangedTime",
        "pwdReset",
        "pwdPolicySubentry",
        "postinoDisabled",
        "postinoService",
        "postinoCertSubject",
        "postinoPasswordChanged",
        "pwdLastSuccess",
        "pwdFailureTime",
        "entryCSN",
        NULL,
};

/* A second of ppolicy's stamp, a second of slack between its clock reads. */
#define PW_CHANGE_WINDOW_S 2

const char *const *
change_events_attrs(void)
{
	return request_attrs;
}

/* gentime_s - seconds of a GeneralizedTime (YYYYMMDDHHMMSS...), or -1 */
static int64_t
gentime_s(const struct berval *v)
{
	struct tm tm;
	int d[14], i;

	if (v == NULL || v->bv_len < 14)
		return -1;
	for (i = 0; i < 14; i++) {
		if (v->bv_val[i] < '0' || v->bv_val[i] > '9')
			return -1;
		d[i] = v->bv_val[i] - '0';
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3] - 1900;
	tm.tm_mon = d[4] * 10 + d[5] - 1;
	tm.tm_mday = d[6] * 10 + d[7];
	tm.tm_hour = d[8] * 10 + d[9];
	tm.tm_min = d[10] * 10 + d[11];
	tm.tm_sec = d[12] * 10 + d[13];
	return (int64_t)timegm(&tm);
}

/* attr_time - the first value of attr as seconds, or -1 */
static int64_t
attr_time(LDAP *ld, LDAPMessage *e, const char *attr)
{
	struct berval **v = ldap_get_values_len(ld, e, attr);
	int64_t t = v != NULL && v[0] != NULL ? gentime_s(v[0]) : -1;

	ldap_value_free_len(v);
	return t;
}

/* entry_digest - keyed digest of the DN, the uid values and the watched attributes (leading bytes)
 */
static void
entry_digest(const struct sync_event *ev, unsigned char out[SYNC_DIGEST_LEN])
{
	unsigned char full[KEYED_HASH_LEN];
	struct buf b = BUF_INIT;
	struct keyed_part part;
	size_t i, k;

	buf_appends(&b, ev->dn != NULL ? ev->dn : "");
	buf_appendc(&b, '\0');
	for (i = 0; watched[i] != NULL; i++) {
		const char *a = watched[i];
		struct berval **v = ldap_get_values_len(ev->ld, ev->msg, a);

		for (k = 0; v != NULL && v[k] != NULL; k++) {
			buf_appendf(&b, "%s:%zu:", a, (size_t)v[k]->bv_len);
			buf_append(&b, v[k]->bv_val, v[k]->bv_len);
		}
		ldap_value_free_len(v);
	}
	part.p = b.data != NULL ? b.data : "";
	part.len = b.len;
	keyed_hash(&part, 1, full);
	memcpy(out, full, SYNC_DIGEST_LEN);
	buf_free(&b);
}

/*
 * evict - the cached answers of the account a record names, or all when
 * it cannot be named; uid, when not NULL, is a name of that account (for
 * the log and the replica marks; without it every account is marked)
 */
static void
evict(struct change_events *ce, const struct sync_account *r, const char *uid, const char *why)
{
	char q[300];
	int all = !ce->uid_logins || (r->flags & SYNC_ACCT_ALL);
	size_t n;

	/* A consumer may not have this change yet: its logins go to a provider. */
	replica_route_mark(!all ? uid : NULL, ce->csn);
	if (all) {
		n = authd_evict_all();
		log_info("change stream: %s: evicted every cached answer (%zu)", why, n);
	} else if (r->flags & SYNC_ACCT_UID) {
		n = authd_evict_account_digest(r->account, SYNC_ACCOUNT_LEN);
		if (uid != NULL)
			log_info("change stream: %s: evicted uid=\"%s\" (%zu)", why,
			         log_quote(q, sizeof(q), uid, strlen(uid)), n);
		else
			log_info("change stream: %s: evicted its account (%zu)", why, n);
	} else {
		return; /* no uid: no login can name this entry */
	}
	ce->evictions++;
}

/* attr_has_second - 1 if a value of attr falls in second t */
static int
attr_has_second(LDAP *ld, LDAPMessage *e, const char *attr, int64_t t)
{
	struct berval **v = ldap_get_values_len(ld, e, attr);
	size_t k;
	int yes = 0;

	for (k = 0; v != NULL && v[k] != NULL && !yes; k++)
		yes = gentime_s(v[k]) == t;
	ldap_value_free_len(v);
	return yes;
}

/*
 * pw_maybe_changed - the modify may have been a password change we cannot
 * see. With a pwdChangedTime: only within the window after it. Without
 * one (a password never changed since the entry was added): unless the
 * modify is the bind bookkeeping, recognisable by its stamp in the same
 * second as the modify (pwdLastSuccess, pwdFailureTime).
 */
static int
pw_maybe_changed(const struct sync_event *ev)
{
	int64_t changed = attr_time(ev->ld, ev->msg, "pwdChangedTime");
	int64_t modified = attr_time(ev->ld, ev->msg, "modifyTimestamp");

	if (modified < 0)
		return 1;
	if (changed >= 0)
		return modified - changed <= PW_CHANGE_WINDOW_S;
	return !attr_has_second(ev->ld, ev->msg, "pwdLastSuccess", modified) &&
	       !attr_has_second(ev->ld, ev->msg, "pwdFailureTime", modified);
}

/* first_uid - the first uid value (xmalloc'd) or NULL; *multi if there are more */
static char *
first_uid(const struct sync_event *ev, int *multi)
{
	struct berval **v = ldap_get_values_len(ev->ld, ev->msg, "uid");
	char *uid = NULL;

	*multi = 0;
	if (v != NULL && v[0] != NULL && memchr(v[0]->bv_val, '\0', v[0]->bv_len) == NULL) {
		uid = xmemdup0(v[0]->bv_val, v[0]->bv_len);
		*multi = v[1] != NULL;
	}
	ldap_value_free_len(v);
	return uid;
}

/* record_of - the record naming uid's account (NULL: none) */
static void
record_of(const char *uid, int multi, struct sync_account *r)
{
	unsigned char d[16];

	memset(r, 0, sizeof(*r));
	if (uid == NULL)
		return;
	account_name_digest(uid, d);
	memcpy(r->account, d, SYNC_ACCOUNT_LEN);
	r->flags = SYNC_ACCT_UID | (multi ? SYNC_ACCT_ALL : 0);
}

/* same_account - 1 if uid names the account of record r */
static int
same_account(const struct sync_account *r, const char *uid)
{
	struct sync_account u;

	record_of(uid, 0, &u);
	return uid != NULL && (r->flags & SYNC_ACCT_UID) &&
	       memcmp(r->account, u.account, SYNC_ACCOUNT_LEN) == 0;
}

/* dn_uid - the value of a leading uid RDN of dn (xmalloc'd), or NULL */
static char *
dn_uid(const char *dn)
{
	LDAPDN parsed = NULL;
	char *uid = NULL;

	if (dn != NULL && ldap_str2dn(dn, &parsed, LDAP_DN_FORMAT_LDAPV3) == LDAP_SUCCESS &&
	    parsed != NULL && parsed[0] != NULL && parsed[0][0] != NULL && parsed[0][1] == NULL) {
		LDAPAVA *ava = parsed[0][0];

		if (ava->la_attr.bv_len == 3 && strncasecmp(ava->la_attr.bv_val, "uid", 3) == 0 &&
		    memchr(ava->la_value.bv_val, '\0', ava->la_value.bv_len) == NULL)
			uid = xmemdup0(ava->la_value.bv_val, ava->la_value.bv_len);
	}
	if (parsed != NULL)
		ldap_dnfree(parsed);
	return uid;
}

/* on_gone - a delete, by entry or by UUID */
static void
on_gone(struct change_events *ce, const struct sync_event *ev)
{
	struct sync_account old, all;
	uint64_t key = sync_accounts_key(ev->uuid, SYNC_UUID_LEN);

	if (sync_accounts_find(ce->accounts, key, &old)) {
		/* A delete in the persist phase carries the DN: its uid RDN may name the account.
		 */
		char *uid = dn_uid(ev->dn);

		evict(ce, &old, same_account(&old, uid) ? uid : NULL, "entry deleted");
		xfree(&uid);
	} else if (!ev->refreshing) {
		memset(&all, 0, sizeof(all));
		all.flags = SYNC_ACCT_ALL;
		evict(ce, &all, NULL, "unknown entry deleted");
	}
	sync_accounts_remove(ce->accounts, key);
}

/* on_entry_state - an added, modified or present entry with its attributes */
static void
on_entry_state(struct change_events *ce, const struct sync_event *ev)
{
	struct sync_account old, now, added;
	uint64_t key = sync_accounts_key(ev->uuid, SYNC_UUID_LEN);
	int multi, known = sync_accounts_find(ce->accounts, key, &old);
	char *uid = first_uid(ev, &multi);

	record_of(uid, multi, &now);
	entry_digest(ev, now.digest);
	if (!ev->refreshing) {
		if (!known) {
			/* New, or unknown: a cached refusal may name it. */
			added = now;
			if (ce->full)
				added.flags |= SYNC_ACCT_ALL;
			evict(ce, &added, uid, "entry added");
		} else if (memcmp(old.digest, now.digest, SYNC_DIGEST_LEN) != 0) {
			evict(ce, &old, same_account(&old, uid) ? uid : NULL, "entry changed");
			/* A rename: the new name may have cached refusals. */
			if (uid != NULL && !same_account(&old, uid))
				evict(ce, &now, uid, "entry renamed");
		} else if (pw_maybe_changed(ev)) {
			evict(ce, &old, same_account(&old, uid) ? uid : NULL, "password changed");
		}
	}
	if (!sync_accounts_put(ce->accounts, key, &now) && !ce->full) {
		ce->full = 1;
		log_warn("change stream: more than %d entries; changes to the others evict "
		         "every cached answer",
		         SYNC_ACCOUNTS_MAX);
	}
	xfree(&uid);
}

void
change_events_entry(void *arg, const struct sync_event *ev)
{
	struct change_events *ce = arg;
	struct berval **v;
	char csn[64];

	if (ev->state == SYNC_ST_DELETE) {
		ce->csn = NULL; /* a delete carries no entryCSN: "now" */
		on_gone(ce, ev);
		return;
	}
	/*
	 * A present entry (by UUID, or by DN without attributes, in the
	 * present phase of a refresh with a cookie) brings no news, and
	 * must not overwrite what is known of it.
	 */
	if (ev->msg == NULL || ev->state == SYNC_ST_PRESENT)
		return;
	v = ldap_get_values_len(ev->ld, ev->msg, "entryCSN");
	ce->csn = NULL;
	if (v != NULL && v[0] != NULL && v[0]->bv_len < sizeof(csn)) {
		memcpy(csn, v[0]->bv_val, v[0]->bv_len);
		csn[v[0]->bv_len] = '\0';
		ce->csn = csn;
	}
	ldap_value_free_len(v);
	/* Changed while the stream was away: until a consumer has them, all go to a provider. */
	if (ev->refreshing && ce->csn != NULL)
		replica_route_mark(NULL, ce->csn);
	on_entry_state(ce, ev);
	ce->csn = NULL;
}
