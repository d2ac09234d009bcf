/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sync_client.c: the refreshAndPersist search, its messages, and the probe
 * that tells a quiet stream from a dead one.
 *
 * Every message is taken with ldap_result() and a zero time-out, so step()
 * never waits; every value is decoded by sync_msg.c; the largest message
 * libldap will buffer is capped on the socket (LBER_SB_OPT_SET_MAX_INCOMING),
 * so a server that sends a giant length cannot make us allocate it.
 */
#include <string.h>
#include <sys/time.h>

#include "sync_client.h"
#include "xalloc.h"

/* Messages handled per step() call, so one busy stream cannot starve a loop. */
#define STEP_MAX_MSGS 512

struct sync_client {
	struct sync_client_params p;
	struct sync_client_callbacks cb;
	void *arg;
	char *base, *filter;
	char **attrs;
	LDAP *ld;
	int msgid;      /* the sync search */
	int ping_msgid; /* the outstanding probe, or -1 */
	int64_t ping_sent, next_ping, last_contact;
	int persisting, more;
	unsigned char cookie[SYNC_COOKIE_MAX];
	size_t cookie_len;
	int has_cookie;
};

struct sync_client *
sync_client_new(const struct sync_client_params *p, const struct sync_client_callbacks *cb,
                void *arg)
{
	struct sync_client *s = xcalloc(1, sizeof(*s));
	size_t n = 0, i;

	s->p = *p;
	s->cb = *cb;
	s->arg = arg;
	s->base = xstrdup(p->base != NULL ? p->base : "");
	s->filter = xstrdup(p->filter != NULL ? p->filter : "(objectClass=*)");
	s->p.base = s->base;
	s->p.filter = s->filter;
	if (p->attrs != NULL) {
		while (p->attrs[n] != NULL)
			n++;
		s->attrs = xcalloc(n + 1, sizeof(*s->attrs));
		for (i = 0; i < n; i++)
			s->attrs[i] = xstrdup(p->attrs[i]);
	}
	s->p.attrs = NULL;
	s->msgid = s->ping_msgid = -1;
	return s;
}

void
sync_client_free(struct sync_client **sp)
{
	struct sync_client *s = *sp;
	size_t i;

	*sp = NULL;
	if (s == NULL)
		return;
	sync_client_stop(s);
	for (i = 0; s->attrs != NULL && s->attrs[i] != NULL; i++)
		xfree(&s->attrs[i]);
	xfree(&s->attrs);
	xfree(&s->base);
	xfree(&s->filter);
	xfree(&s);
}

/* put_tl - a tag and a definite length (short or two-byte long form) */
static size_t
put_tl(unsigned char *b, unsigned tag, size_t len)
{
	b[0] = (unsigned char)tag;
	if (len < 0x80) {
		b[1] = (unsigned char)len;
		return 2;
	}
	b[1] = 0x82;
	b[2] = (unsigned char)(len >> 8);
	b[3] = (unsigned char)len;
	return 4;
}

size_t
sync_request_value(const unsigned char *cookie, size_t cookie_len, unsigned char *buf, size_t cap)
{
	unsigned char inner[SYNC_COOKIE_MAX + 16];
	size_t n = 0, hdr;

	if (cookie != NULL && cookie_len > SYNC_COOKIE_MAX)
		return 0;
	/* mode ENUMERATED refreshAndPersist (3) */
	inner[n++] = 0x0a;
	inner[n++] = 1;
	inner[n++] = 3;
	if (cookie != NULL) {
		n += put_tl(inner + n, 0x04, cookie_len);
		memcpy(inner + n, cookie, cookie_len);
		n += cookie_len;
	}
	/* reloadHint FALSE is the default and is left out (DER). */
	hdr = n < 0x80 ? 2 : 4;
	if (cap < hdr + n)
		return 0;
	put_tl(buf, 0x30, n);
	memcpy(buf + hdr, inner, n);
	return hdr + n;
}

static void
keep_cookie(struct sync_client *s, const struct sync_msg *m)
{
	if (m->cookie == NULL)
		return;
	memcpy(s->cookie, m->cookie, m->cookie_len);
	s->cookie_len = m->cookie_len;
	s->has_cookie = 1;
}

enum pst_result
sync_client_start(struct sync_client *s, LDAP *ld, int64_t now_ms, char **err_r)
{
	unsigned char val[SYNC_COOKIE_MAX + 32];
	LDAPControl ctrl, *sctrls[2] = {&ctrl, NULL};
	Sockbuf *sb = NULL;
	ber_len_t max = (ber_len_t)s->p.max_pdu;
	int rc, no_limit = 0;

	sync_client_stop(s);
	memset(&ctrl, 0, sizeof(ctrl));
	ctrl.ldctl_oid = (char *)SYNC_OID_REQUEST;
	ctrl.ldctl_value.bv_val = (char *)val;
	ctrl.ldctl_value.bv_len = sync_request_value(s->has_cookie ? s->cookie : NULL,
	                                             s->cookie_len, val, sizeof(val));
	/* Critical: a server without syncprov must refuse, not run a plain search. */
	ctrl.ldctl_iscritical = 1;
	if (max > 0 && ldap_get_option(ld, LDAP_OPT_SOCKBUF, &sb) == LDAP_OPT_SUCCESS && sb != NULL)
		ber_sockbuf_ctrl(sb, LBER_SB_OPT_SET_MAX_INCOMING, &max);
	/*
	 * No time limit: the connection's (ldap_time_limit, 5 s, made for one
	 * lookup) would end the refresh of a large subtree (a million entries
	 * take longer) and the stream would start over, for ever.
	 */
	ldap_set_option(ld, LDAP_OPT_TIMELIMIT, &no_limit);
	rc = ldap_search_ext(ld, s->base, LDAP_SCOPE_SUBTREE, s->filter, s->attrs, 0, sctrls, NULL,
	                     NULL, 0, &s->msgid);
	if (rc != LDAP_SUCCESS) {
		*err_r = xasprintf("sync search: %s", ldap_err2string(rc));
		ldap_unbind_ext_s(ld, NULL, NULL);
		s->msgid = -1;
		return PST_TEMPFAIL;
	}
	s->ld = ld;
	s->persisting = 0;
	s->more = 0;
	s->ping_msgid = -1;
	s->last_contact = now_ms;
	s->next_ping = now_ms + s->p.ping_ms;
	return PST_OK;
}

int
sync_client_fd(const struct sync_client *s)
{
	int fd = -1;

	if (s->ld == NULL || ldap_get_option(s->ld, LDAP_OPT_DESC, &fd) != LDAP_OPT_SUCCESS)
		return -1;
	return fd;
}

void
sync_client_stop(struct sync_client *s)
{
	if (s->ld != NULL)
		ldap_unbind_ext_s(s->ld, NULL, NULL);
	s->ld = NULL;
	s->msgid = s->ping_msgid = -1;
	s->persisting = 0;
	s->more = 0;
}

void
sync_client_forget(struct sync_client *s)
{
	s->has_cookie = 0;
	s->cookie_len = 0;
}

/* on_entry - an entry with its Sync State control */
static enum pst_result
on_entry(struct sync_client *s, LDAPMessage *msg, char **err_r)
{
	LDAPControl **ctrls = NULL, *c;
	struct sync_msg m;
	struct sync_event ev;
	char *dn;
	int bad;

	if (ldap_get_entry_controls(s->ld, msg, &ctrls) != LDAP_SUCCESS) {
		*err_r = xasprintf("entry without readable controls");
		return PST_TEMPFAIL;
	}
	c = ldap_control_find(SYNC_OID_STATE, ctrls, NULL);
	bad = c == NULL || sync_parse_state(c->ldctl_value.bv_val, c->ldctl_value.bv_len, &m) != 0;
	if (bad) {
		ldap_controls_free(ctrls);
		*err_r = xasprintf("entry without a valid Sync State control");
		return PST_TEMPFAIL;
	}
	dn = ldap_get_dn(s->ld, msg);
	memset(&ev, 0, sizeof(ev));
	ev.state = m.state;
	ev.uuid = m.uuid;
	ev.dn = dn;
	ev.ld = s->ld;
	ev.msg = msg;
	ev.refreshing = !s->persisting;
	s->cb.entry(s->arg, &ev);
	keep_cookie(s, &m);
	ldap_memfree(dn);
	ldap_controls_free(ctrls);
	return PST_OK;
}

static void
on_id_set(struct sync_client *s, const struct sync_msg *m)
{
	unsigned char uuid[SYNC_UUID_LEN];
	struct sync_event ev;
	size_t pos = 0;

	memset(&ev, 0, sizeof(ev));
	ev.state = m->refresh_deletes ? SYNC_ST_DELETE : SYNC_ST_PRESENT;
	ev.uuid = uuid;
	ev.refreshing = !s->persisting;
	while (sync_id_next(m, &pos, uuid))
		s->cb.entry(s->arg, &ev);
}

/* on_info - a Sync Info intermediate response */
static enum pst_result
on_info(struct sync_client *s, LDAPMessage *msg, char **err_r)
{
	char *oid = NULL;
	struct berval *data = NULL;
	struct sync_msg m;
	int rc, bad;

	rc = ldap_parse_intermediate(s->ld, msg, &oid, &data, NULL, 0);
	bad = rc != LDAP_SUCCESS || oid == NULL || strcmp(oid, SYNC_OID_INFO) != 0 ||
	      data == NULL || sync_parse_info(data->bv_val, data->bv_len, &m) != 0;
	if (!bad) {
		if (m.kind == SYNC_MSG_ID_SET)
			on_id_set(s, &m);
		keep_cookie(s, &m);
		if ((m.kind == SYNC_MSG_REFRESH_DELETE || m.kind == SYNC_MSG_REFRESH_PRESENT) &&
		    m.refresh_done && !s->persisting) {
			s->persisting = 1;
			if (s->cb.refresh_done != NULL)
				s->cb.refresh_done(s->arg);
		}
	}
	ldap_memfree(oid);
	ber_bvfree(data);
	if (bad) {
		*err_r = xasprintf("malformed Sync Info message");
		return PST_TEMPFAIL;
	}
	return PST_OK;
}

/* on_done - the sync search ended: why, and whether to try again */
static enum pst_result
on_done(struct sync_client *s, LDAPMessage *msg, char **err_r)
{
	int rc = LDAP_OTHER, prc;
	char *text = NULL;
	LDAPControl **ctrls = NULL, *c;
	struct sync_msg m;

	prc = ldap_parse_result(s->ld, msg, &rc, NULL, &text, NULL, &ctrls, 0);
	if (prc == LDAP_SUCCESS && ctrls != NULL &&
	    (c = ldap_control_find(SYNC_OID_DONE, ctrls, NULL)) != NULL &&
	    sync_parse_done(c->ldctl_value.bv_val, c->ldctl_value.bv_len, &m) == 0)
		keep_cookie(s, &m);
	ldap_controls_free(ctrls);
	*err_r = xasprintf("sync search ended: %s%s%s", ldap_err2string(rc),
	                   text != NULL && *text != '\0' ? ": " : "", text != NULL ? text : "");
	ldap_memfree(text);
	if (rc == LDAP_SYNC_REFRESH_REQUIRED) {
		sync_client_forget(s);
		return PST_TEMPFAIL;
	}
	if (rc == LDAP_UNAVAILABLE_CRITICAL_EXTENSION || rc == LDAP_UNWILLING_TO_PERFORM)
		return PST_PERMFAIL;
	return PST_TEMPFAIL;
}

/* on_message - one message; PST_OK to go on */
static enum pst_result
on_message(struct sync_client *s, LDAPMessage *msg, char **err_r)
{
	int type = ldap_msgtype(msg), id = ldap_msgid(msg);

	if (id == s->ping_msgid && id != -1) {
		if (type == LDAP_RES_SEARCH_RESULT)
			s->ping_msgid = -1;
		return PST_OK;
	}
	if (id != s->msgid) {
		/* A notice of disconnection (id 0) or something we never asked for. */
		*err_r = xasprintf("unexpected message (type 0x%x, id %d)", (unsigned)type, id);
		return PST_TEMPFAIL;
	}
	switch (type) {
	case LDAP_RES_SEARCH_ENTRY:
		return on_entry(s, msg, err_r);
	case LDAP_RES_INTERMEDIATE:
		return on_info(s, msg, err_r);
	case LDAP_RES_SEARCH_REFERENCE:
		return PST_OK;
	case LDAP_RES_SEARCH_RESULT:
		return on_done(s, msg, err_r);
	default:
		*err_r = xasprintf("unexpected message type 0x%x", (unsigned)type);
		return PST_TEMPFAIL;
	}
}

/* probe - send the liveness probe, or notice that the last one stalled */
static enum pst_result
probe(struct sync_client *s, int64_t now_ms, char **err_r)
{
	char *attrs[] = {(char *)"1.1", NULL};
	int rc;

	if (s->ping_msgid != -1) {
		/*
		 * A server still sending is alive: during the refresh of a large
		 * subtree the probe's answer queues behind the entries.
		 */
		if (now_ms - s->ping_sent < s->p.stall_ms ||
		    now_ms - s->last_contact < s->p.stall_ms)
			return PST_OK;
		*err_r = xasprintf("no answer from the server for %ld ms", s->p.stall_ms);
		return PST_TEMPFAIL;
	}
	if (now_ms < s->next_ping)
		return PST_OK;
	rc = ldap_search_ext(s->ld, "", LDAP_SCOPE_BASE, "(objectClass=*)", attrs, 0, NULL, NULL,
	                     NULL, 1, &s->ping_msgid);
	if (rc != LDAP_SUCCESS) {
		s->ping_msgid = -1;
		*err_r = xasprintf("probe: %s", ldap_err2string(rc));
		return PST_TEMPFAIL;
	}
	s->ping_sent = now_ms;
	s->next_ping = now_ms + s->p.ping_ms;
	return PST_OK;
}

enum pst_result
sync_client_step(struct sync_client *s, int64_t now_ms, char **err_r)
{
	enum pst_result r = PST_OK;
	int i;

	if (s->ld == NULL) {
		*err_r = xasprintf("not connected");
		return PST_TEMPFAIL;
	}
	s->more = 0;
	for (i = 0; i < STEP_MAX_MSGS && r == PST_OK; i++) {
		struct timeval tv = {0, 0};
		LDAPMessage *msg = NULL;
		int rc = ldap_result(s->ld, LDAP_RES_ANY, LDAP_MSG_ONE, &tv, &msg);

		if (rc == 0)
			break;
		if (rc < 0) {
			int err = LDAP_OTHER;

			ldap_get_option(s->ld, LDAP_OPT_RESULT_CODE, &err);
			*err_r = xasprintf("connection: %s", ldap_err2string(err));
			return PST_TEMPFAIL;
		}
		s->last_contact = now_ms;
		r = on_message(s, msg, err_r);
		ldap_msgfree(msg);
	}
	if (i == STEP_MAX_MSGS)
		s->more = 1;
	if (r != PST_OK)
		return r;
	return probe(s, now_ms, err_r);
}

int64_t
sync_client_deadline(const struct sync_client *s)
{
	if (s->ping_msgid != -1)
		return (s->last_contact > s->ping_sent ? s->last_contact : s->ping_sent) +
		       s->p.stall_ms;
	return s->next_ping;
}

int
sync_client_more(const struct sync_client *s)
{
	return s->more;
}

int
sync_client_persisting(const struct sync_client *s)
{
	return s->ld != NULL && s->persisting;
}

int64_t
sync_client_last_contact(const struct sync_client *s)
{
	return s->last_contact;
}

const unsigned char *
sync_client_cookie(const struct sync_client *s, size_t *len)
{
	*len = s->has_cookie ? s->cookie_len : 0;
	return s->has_cookie ? s->cookie : NULL;
}
