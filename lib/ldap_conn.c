/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldap_conn.c: opening and binding LDAP connections with time-outs, and
 * the single mapping from libldap result codes to OK/PERMFAIL/TEMPFAIL.
 *
 * Binds are sent asynchronously and awaited with ldap_result() and an
 * explicit time-out, so a hung directory costs at most ldap_timeout per
 * operation; ldap_conn_open() forces the TCP connect so a dead server is
 * found there, where the caller can fail over, not in the middle of a bind.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "ldap_conn.h"
#include "ldap_settings.h"
#include "log.h"
#include "secret.h"
#include "xalloc.h"

int
pst_ldap_server_failure(int rc, int fresh)
{
	switch (rc) {
	case LDAP_TIMEOUT:
	case LDAP_CONNECT_ERROR:
	case LDAP_UNAVAILABLE:
	case LDAP_BUSY:
		return 1;
	default:
		return fresh;
	}
}

enum pst_result
pst_ldap_result(int rc)
{
	switch (rc) {
	case LDAP_SUCCESS:
	case LDAP_COMPARE_TRUE:
		return PST_OK;
	/* The directory could not answer: asking again later may work. */
	case LDAP_SERVER_DOWN:
	case LDAP_CONNECT_ERROR:
	case LDAP_TIMEOUT:
	case LDAP_TIMELIMIT_EXCEEDED:
	case LDAP_BUSY:
	case LDAP_UNAVAILABLE:
	case LDAP_UNWILLING_TO_PERFORM:
	case LDAP_OTHER:
	case LDAP_LOOP_DETECT:
	case LDAP_ADMINLIMIT_EXCEEDED:
	case LDAP_NO_MEMORY:
	case LDAP_LOCAL_ERROR:
	case LDAP_ENCODING_ERROR:
	case LDAP_DECODING_ERROR:
	/* The link, not the user, lacks protection: not the password's fault. */
	case LDAP_CONFIDENTIALITY_REQUIRED:
	case LDAP_STRONG_AUTH_REQUIRED:
	case LDAP_X_CONNECTING:
		return PST_TEMPFAIL;
	default:
		return PST_PERMFAIL;
	}
}

char **
ldap_uri_list(const char *servers, int *count_r)
{
	char **list;
	size_t n = 0, cap = 4;
	const char *p = servers ? servers : "";

	list = xcalloc(cap, sizeof(*list));
	while (*p != '\0') {
		size_t len;

		p += strspn(p, " \t,");
		len = strcspn(p, " \t,");
		if (len == 0)
			break;
		if (n + 2 > cap) {
			cap *= 2;
			list = xreallocarray(list, cap, sizeof(*list));
		}
		list[n++] = xstrndup(p, len);
		p += len;
	}
	list[n] = NULL;
	if (count_r != NULL)
		*count_r = (int)n;
	return list;
}

void
ldap_uri_list_free(char ***listp)
{
	char **l;
	size_t i;

	if (listp == NULL || *listp == NULL)
		return;
	l = *listp;
	for (i = 0; l[i] != NULL; i++)
		free(l[i]);
	free(l);
	*listp = NULL;
}

/* conn_error - "what: uri: libldap text (server diagnostic)" */
static char *
conn_error(LDAP *ld, const char *what, const char *uri, int rc)
{
	char *diag = NULL, *msg;

	if (ld != NULL)
		ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diag);
	if (diag != NULL && *diag != '\0')
		msg = xasprintf("%s %s: %s (%s)", what, uri ? uri : "", ldap_err2string(rc), diag);
	else
		msg = xasprintf("%s %s: %s", what, uri ? uri : "", ldap_err2string(rc));
	ldap_memfree(diag);
	return msg;
}

/* conn_tls_options - per-handle TLS settings, then a context of the handle's own */
static int
conn_tls_options(LDAP *ld, const struct ldap_settings *s, const char **what_r)
{
	struct {
		int opt;
		const char *val;
		const char *name;
	} files[] = {
	        {LDAP_OPT_X_TLS_CACERTFILE, s->tls_cacert_file, "ldap_tls_cacert_file"},
	        {LDAP_OPT_X_TLS_CACERTDIR, s->tls_cacert_dir, "ldap_tls_cacert_dir"},
	        {LDAP_OPT_X_TLS_CERTFILE, s->tls_cert, "ldap_tls_cert"},
	        {LDAP_OPT_X_TLS_KEYFILE, s->tls_key, "ldap_tls_key"},
	        {LDAP_OPT_X_TLS_CIPHER_SUITE, s->tls_ciphers, "ldap_tls_ciphers"},
	};
	size_t i;
	int rc, v, is_server = 0;

	if (s->tls_check_peer != LS_UNSET) {
		v = s->tls_check_peer == LS_YES ? LDAP_OPT_X_TLS_HARD : LDAP_OPT_X_TLS_NEVER;
		rc = ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &v);
		if (rc != LDAP_OPT_SUCCESS) {
			*what_r = "ldap_tls_check_peer";
			return rc;
		}
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (files[i].val == NULL)
			continue;
		rc = ldap_set_option(ld, files[i].opt, files[i].val);
		if (rc != LDAP_OPT_SUCCESS) {
			*what_r = files[i].name;
			return rc;
		}
	}
	/*
	 * Without a new context the handle would share libldap's global one,
	 * and the options above would be ignored or leak into other handles.
	 */
	rc = ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &is_server);
	if (rc != LDAP_OPT_SUCCESS)
		*what_r = "TLS context";
	return rc;
}

/* conn_options - everything but TLS; returns an LDAP code */
static int
conn_options(LDAP *ld, const struct ldap_settings *s, const char **what_r)
{
	static const int derefs[] = {LDAP_DEREF_NEVER, LDAP_DEREF_SEARCHING, LDAP_DEREF_FINDING,
	                             LDAP_DEREF_ALWAYS};
	struct timeval tv;
	int version, tl, sl, deref, rc;

	version = (s->start_tls || s->use_sasl || s->version != 2) ? LDAP_VERSION3 : LDAP_VERSION2;
	tv.tv_sec = s->timeout > 0 ? s->timeout : 5;
	tv.tv_usec = 0;
	tl = (int)s->time_limit;
	sl = (int)s->size_limit;
	deref = s->deref >= 0 && s->deref < 4 ? derefs[s->deref] : LDAP_DEREF_NEVER;
	*what_r = "protocol options";
	if ((rc = ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version)) != LDAP_OPT_SUCCESS ||
	    (rc = ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv)) != LDAP_OPT_SUCCESS ||
	    (rc = ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv)) != LDAP_OPT_SUCCESS ||
	    (rc = ldap_set_option(ld, LDAP_OPT_TIMELIMIT, &tl)) != LDAP_OPT_SUCCESS ||
	    (rc = ldap_set_option(ld, LDAP_OPT_SIZELIMIT, &sl)) != LDAP_OPT_SUCCESS ||
	    (rc = ldap_set_option(ld, LDAP_OPT_DEREF, &deref)) != LDAP_OPT_SUCCESS ||
	    (rc = ldap_set_option(ld, LDAP_OPT_REFERRALS,
	                          s->referrals ? LDAP_OPT_ON : LDAP_OPT_OFF)) != LDAP_OPT_SUCCESS ||
	    (rc = ldap_set_option(ld, LDAP_OPT_RESTART, s->restart ? LDAP_OPT_ON : LDAP_OPT_OFF)) !=
	            LDAP_OPT_SUCCESS)
		return rc;
	if (s->debug > 0) {
		int dbg = (int)s->debug;

		/* libldap's debug level is process-wide; there is no per-handle one. */
		ldap_set_option(NULL, LDAP_OPT_DEBUG_LEVEL, &dbg);
	}
	return LDAP_OPT_SUCCESS;
}

enum pst_result
ldap_conn_open(const struct ldap_settings *s, const char *uri, LDAP **ld_r, char **err_r)
{
	const char *what = NULL;
	LDAP *ld = NULL;
	int rc, tls;

	*ld_r = NULL;
	rc = ldap_initialize(&ld, uri);
	if (rc != LDAP_SUCCESS) {
		*err_r = conn_error(NULL, "bad URI", uri, rc);
		return PST_PERMFAIL;
	}
	rc = conn_options(ld, s, &what);
	tls = s->start_tls || strncasecmp(uri, "ldaps://", 8) == 0;
	if (rc == LDAP_OPT_SUCCESS && tls)
		rc = conn_tls_options(ld, s, &what);
	if (rc != LDAP_OPT_SUCCESS) {
		*err_r = xasprintf("%s: cannot set %s: %s", uri, what, ldap_err2string(rc));
		ldap_unbind_ext_s(ld, NULL, NULL);
		return PST_PERMFAIL;
	}
	/* Connect now, within LDAP_OPT_NETWORK_TIMEOUT, so failover happens here. */
	rc = ldap_connect(ld);
	if (rc == LDAP_SUCCESS && s->start_tls)
		rc = ldap_start_tls_s(ld, NULL, NULL);
	if (rc != LDAP_SUCCESS) {
		enum pst_result r = pst_ldap_result(rc);

		*err_r = conn_error(ld, rc == LDAP_SERVER_DOWN ? "cannot connect to" : "connect",
		                    uri, rc);
		ldap_unbind_ext_s(ld, NULL, NULL);
		/* Whatever stopped the connection, the password was never asked about. */
		return r == PST_OK ? PST_TEMPFAIL : (r == PST_PERMFAIL ? PST_TEMPFAIL : r);
	}
	*ld_r = ld;
	return PST_OK;
}

/* conn_is_ldapi - 1 if the handle's URI is ldapi:// */
static int
conn_is_ldapi(LDAP *ld)
{
	char *uri = NULL;
	int yes;

	if (ldap_get_option(ld, LDAP_OPT_URI, &uri) != LDAP_OPT_SUCCESS || uri == NULL)
		return 0;
	yes = strncasecmp(uri, "ldapi://", 8) == 0;
	ldap_memfree(uri);
	return yes;
}

/*
 * conn_bind_send - send one bind (simple, or SASL EXTERNAL when external is
 * set) with the ppolicy request control; *msgid_r gets its message id.
 */
static int
conn_bind_send(LDAP *ld, const char *dn, const struct secret *pw, int external, int *msgid_r)
{
	LDAPControl *pp = NULL, *sctrls[2] = {NULL, NULL};
	struct berval cred;
	int rc;

	if (ldap_create_passwordpolicy_control(ld, &pp) == LDAP_SUCCESS)
		sctrls[0] = pp;
	if (external) {
		/*
		 * An empty initial response (no authzid), not an absent one:
		 * without it slapd answers "SASL bind in progress" and wants a
		 * second round.
		 */
		cred.bv_val = (char *)"";
		cred.bv_len = 0;
		rc = ldap_sasl_bind(ld, NULL, "EXTERNAL", &cred, sctrls, NULL, msgid_r);
	} else {
		cred.bv_val = pw ? pw->data : NULL;
		cred.bv_len = pw ? pw->len : 0;
		rc = ldap_sasl_bind(ld, dn ? dn : "", LDAP_SASL_SIMPLE, &cred, sctrls, NULL,
		                    msgid_r);
	}
	if (pp != NULL)
		ldap_control_free(pp);
	return rc;
}

/* not_ok - a failure code as three-way: a code that maps to OK is still no answer */
static enum pst_result
not_ok(int rc)
{
	enum pst_result r = pst_ldap_result(rc);

	return r == PST_OK ? PST_TEMPFAIL : r;
}

enum pst_result
ldap_conn_bind_start(LDAP *ld, const char *dn, const struct secret *pw, int *msgid_r,
                     int *ldap_rc_r)
{
	int rc;

	*msgid_r = -1;
	/* An empty simple bind is an anonymous bind, and it succeeds. */
	if (dn == NULL || pw == NULL || pw->len == 0 || pw->data[0] == '\0') {
		*ldap_rc_r = LDAP_INVALID_CREDENTIALS;
		return PST_PERMFAIL;
	}
	rc = conn_bind_send(ld, dn, pw, 0, msgid_r);
	*ldap_rc_r = rc;
	return rc == LDAP_SUCCESS ? PST_OK : not_ok(rc);
}

enum pst_result
ldap_conn_bind_finish(LDAP *ld, LDAPMessage *res, int *ldap_rc_r, LDAPControl ***ctrls_r)
{
	int rc, code = LDAP_OTHER;

	if (ctrls_r != NULL)
		*ctrls_r = NULL;
	rc = ldap_parse_result(ld, res, &code, NULL, NULL, NULL, ctrls_r, 1);
	if (rc != LDAP_SUCCESS) {
		*ldap_rc_r = rc;
		return PST_TEMPFAIL;
	}
	*ldap_rc_r = code;
	return pst_ldap_result(code);
}

/* conn_bind - send one bind and wait at most timeout_s for its result */
static enum pst_result
conn_bind(LDAP *ld, const char *dn, const struct secret *pw, int external, long timeout_s,
          int *ldap_rc_r, LDAPControl ***ctrls_r)
{
	LDAPMessage *res = NULL;
	struct timeval tv;
	int rc, msgid = -1, n;

	rc = conn_bind_send(ld, dn, pw, external, &msgid);
	if (rc != LDAP_SUCCESS) {
		*ldap_rc_r = rc;
		return not_ok(rc);
	}
	tv.tv_sec = timeout_s > 0 ? timeout_s : 5;
	tv.tv_usec = 0;
	n = ldap_result(ld, msgid, LDAP_MSG_ALL, &tv, &res);
	if (n == 0) {
		ldap_abandon_ext(ld, msgid, NULL, NULL);
		*ldap_rc_r = LDAP_TIMEOUT;
		return PST_TEMPFAIL;
	}
	if (n < 0 || res == NULL) {
		rc = LDAP_SERVER_DOWN;
		ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &rc);
		*ldap_rc_r = rc == LDAP_SUCCESS ? LDAP_OTHER : rc;
		if (res != NULL)
			ldap_msgfree(res);
		return not_ok(*ldap_rc_r);
	}
	return ldap_conn_bind_finish(ld, res, ldap_rc_r, ctrls_r);
}

enum pst_result
ldap_conn_bind(LDAP *ld, const char *dn, const struct secret *pw, long timeout_s, int *ldap_rc_r,
               LDAPControl ***ctrls_r)
{
	int dummy;

	if (ldap_rc_r == NULL)
		ldap_rc_r = &dummy;
	*ldap_rc_r = LDAP_OTHER;
	if (ctrls_r != NULL)
		*ctrls_r = NULL;
	if (dn == NULL) {
		/*
		 * A NULL DN is the service's own identity (EXTERNAL or anonymous);
		 * a password with it is a caller bug that would otherwise turn a
		 * user's login into a successful anonymous or root bind.
		 */
		if (pw != NULL) {
			log_error("ldap_conn_bind: password given without a DN; refused");
			*ldap_rc_r = LDAP_PARAM_ERROR;
			return PST_PERMFAIL;
		}
		return conn_bind(ld, NULL, NULL, conn_is_ldapi(ld), timeout_s, ldap_rc_r, ctrls_r);
	}
	/* An empty simple bind is an anonymous bind, and it succeeds. */
	if (pw == NULL || pw->len == 0 || pw->data[0] == '\0') {
		*ldap_rc_r = LDAP_INVALID_CREDENTIALS;
		return PST_PERMFAIL;
	}
	return conn_bind(ld, dn, pw, 0, timeout_s, ldap_rc_r, ctrls_r);
}

enum pst_result
ldap_conn_bind_service(LDAP *ld, const struct ldap_settings *s, char **err_r)
{
	struct secret *filepw = NULL;
	const struct secret *pw = s->password;
	const char *dn = s->bind_dn != NULL && *s->bind_dn != '\0' ? s->bind_dn : NULL;
	LDAPControl **ctrls = NULL;
	enum pst_result r;
	int rc = LDAP_OTHER;

	if (s->use_sasl) {
		/* Only EXTERNAL (ldapi:// peer credentials or a TLS client certificate). */
		if (s->sasl_mech != NULL && strcasecmp(s->sasl_mech, "EXTERNAL") != 0) {
			*err_r = xasprintf("ldap_mech %s is not supported (only EXTERNAL)",
			                   s->sasl_mech);
			return PST_PERMFAIL;
		}
		r = conn_bind(ld, NULL, NULL, 1, s->timeout, &rc, &ctrls);
		dn = "SASL EXTERNAL";
	} else if (dn == NULL) {
		r = ldap_conn_bind(ld, NULL, NULL, s->timeout, &rc, &ctrls);
		dn = conn_is_ldapi(ld) ? "SASL EXTERNAL" : "anonymous";
	} else {
		if (pw == NULL && s->password_file != NULL) {
			filepw = secret_read_file(s->password_file, err_r);
			if (filepw == NULL)
				return PST_PERMFAIL;
			pw = filepw;
		}
		if (pw == NULL || pw->len == 0) {
			*err_r = xasprintf("ldap_bind_dn %s has no password configured", dn);
			secret_free(&filepw);
			return PST_PERMFAIL;
		}
		r = ldap_conn_bind(ld, dn, pw, s->timeout, &rc, &ctrls);
		secret_free(&filepw);
	}
	if (ctrls != NULL)
		ldap_controls_free(ctrls);
	if (r != PST_OK)
		*err_r = conn_error(ld, "service bind as", dn, rc);
	return r;
}

enum pst_result
ldap_conn_connect(const struct ldap_settings *s, LDAP **ld_r, char **err_r)
{
	enum pst_result r = PST_TEMPFAIL;
	char **uris, *err = NULL;
	int i, n = 0;

	*ld_r = NULL;
	uris = ldap_uri_list(s->servers, &n);
	if (n == 0) {
		ldap_uri_list_free(&uris);
		*err_r = xstrdup("ldap_servers is empty");
		return PST_PERMFAIL;
	}
	for (i = 0; i < n; i++) {
		LDAP *ld = NULL;

		free(err);
		err = NULL;
		r = ldap_conn_open(s, uris[i], &ld, &err);
		if (r == PST_OK) {
			r = ldap_conn_bind_service(ld, s, &err);
			if (r == PST_OK) {
				*ld_r = ld;
				break;
			}
			ldap_conn_close(&ld);
		}
		/* A wrong service password is wrong on every replica too. */
		if (r == PST_PERMFAIL)
			break;
		log_warn("%s", err);
	}
	ldap_uri_list_free(&uris);
	if (r != PST_OK)
		*err_r = err;
	else
		free(err);
	return r;
}

void
ldap_conn_close(LDAP **ldp)
{
	if (ldp == NULL || *ldp == NULL)
		return;
	ldap_unbind_ext_s(*ldp, NULL, NULL);
	*ldp = NULL;
}
