#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/authd-sasl.sh: libsasl2 itself as the client, the way
# Postfix and Cyrus use postino-authd (pwcheck_method: saslauthd):
# sasl_checkpass and a PLAIN exchange, user@realm (libsasl2 splits at the
# last "@"), authd's -r, and the two ways a directory outage can be
# reported: closing without a reply (SASL_FAIL: Postfix answers 454, try
# later) and "NO" (SASL_BADAUTH: 535), per authd_tempfail_reply.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/authd-common.bash"

authd_init authd-sasl

# sasl MODE SERVICE USER PW [USER_REALM] - the SASL result name
sasl()
{
	local mode=$1 service=$2 user=$3 pw=$4 realm=${5:-}
	printf '%s\n' "$pw" | timeout 30 "$SASLCLIENT" -f "$SOCK" -m "$mode" -s "$service" \
		-u "$user" ${realm:+-R "$realm"}
}

authd_conf "$T/a.conf"
authd_start a "$T/a.conf" || exit 1
for mode in checkpass plain; do
	check_eq "$mode: alice right password" "$(sasl $mode smtp alice Alice-Pass-1)" SASL_OK
	check_eq "$mode: alice wrong password" "$(sasl $mode smtp alice Alice-Pass-0)" SASL_BADAUTH
	check_eq "$mode: bob via smtp (not allowed)" "$(sasl $mode smtp bob Bob-Pass-1)" SASL_BADAUTH
	check_eq "$mode: bob via imap" "$(sasl $mode imap bob Bob-Pass-1)" SASL_OK
	# libsasl2 sends login "alice", realm "example.org".
	check_eq "$mode: alice@example.org (realm split off)" \
		"$(sasl $mode smtp alice@example.org Alice-Pass-1)" SASL_OK
	check_eq "$mode: user realm from the server" \
		"$(sasl $mode smtp alice Alice-Pass-1 example.org)" SASL_OK
done
check_match "the realm reached authd" "$(cat "$ALOG")" 'user="alice" service="smtp" realm="example.org" result=OK'
# "a@b@example.org": libsasl2 splits at the last @, so the login is "a@b".
check_eq "login a@b@example.org is looked up as a@b" \
	"$(sasl checkpass smtp alice@x@example.org Alice-Pass-1)" SASL_BADAUTH
check_match "... and logged so" "$(cat "$ALOG")" 'user="alice@x" service="smtp" realm="example.org"'
authd_stop

# -r: the login becomes login@realm, so the filter can match the address.
authd_conf "$T/r.conf" "ldap_filter: (mail=%u)"
authd_start r "$T/r.conf" -r || exit 1
check_eq "-r: alice@example.org matches mail=" \
	"$(sasl plain smtp alice@example.org Alice-Pass-1)" SASL_OK
check_eq "-r: wrong password" "$(sasl plain smtp alice@example.org nope)" SASL_BADAUTH
check_eq "-r: bare alice (no realm) does not match mail=" \
	"$(sasl plain smtp alice Alice-Pass-1)" SASL_BADAUTH
check_eq "-r: user realm appended by libsasl2" \
	"$(sasl checkpass smtp alice Alice-Pass-1 example.org)" SASL_OK
authd_stop

# Directory down: TEMPFAIL. Default: close without a reply -> SASL_FAIL.
authd_conf "$T/c.conf"
authd_start c "$T/c.conf" || exit 1
check_eq "slapd up: OK" "$(sasl checkpass smtp alice Alice-Pass-1)" SASL_OK
slapd_stop
check_eq "slapd down, tempfail_reply close: SASL_FAIL (temporary)" \
	"$(sasl checkpass smtp alice Alice-Pass-1)" SASL_FAIL
check_eq "slapd down: PLAIN also SASL_FAIL" "$(sasl plain smtp alice Alice-Pass-1)" SASL_FAIL
check_match "logged as TEMPFAIL, closed" "$(cat "$ALOG")" 'result=TEMPFAIL.*reply=closed'
authd_stop
authd_conf "$T/n.conf" "authd_tempfail_reply: no"
authd_start n "$T/n.conf" || exit 1
check_eq "slapd down, tempfail_reply no: SASL_BADAUTH" \
	"$(sasl checkpass smtp alice Alice-Pass-1)" SASL_BADAUTH
slapd_restart || exit 1
ok=""
for i in $(seq 30); do
	ok=$(sasl checkpass smtp alice Alice-Pass-1)
	[ "$ok" = SASL_OK ] && break
	sleep 0.5
done
check_eq "slapd back: SASL_OK again" "$ok" SASL_OK
authd_stop
no_password_in_log
t_done authd-sasl
