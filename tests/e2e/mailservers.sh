#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/e2e/mailservers.sh: sendmail and Cyrus IMAP on one directory, end
# to end, with real clients.
#
# A throwaway slapd (tests/harness/slapd.sh); accounts provisioned with
# postinoctl; postino-authd and postino-pwchange; Debian's sendmail (SMTP
# AUTH PLAIN/LOGIN through authd, EXTERNAL and SCRAM through libpostino.so)
# and Cyrus imapd (LOGIN, PLAIN, SCRAM-SHA-256, EXTERNAL). Then the checks of
# the deployment: who may log in where, certificate logins, a password
# changed in a browser taking effect everywhere at once, and a directory
# outage that lets nobody in, is logged as a temporary failure rather than
# a wrong password, and is over as soon as the directory is back.
#
# Needs root: sendmail and Cyrus's master run as root in a private mount
# namespace (tests/e2e/lib/nsrun), with every file in the test's temp dir.
# All servers listen on 127.0.0.1 at free high ports. Logs and configs are
# kept in $BUILD/test-logs/e2e/.
set -u

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/e2e/lib/e2e.bash"
. "$TOP/tests/e2e/lib/servers.bash"
. "$TOP/tests/e2e/lib/clients.bash"

e2e_init mailservers

if [ "$(id -u)" != 0 ]; then
	e2e_fatal "the mail-server test runs as root (sendmail, Cyrus master, mount namespaces)"
fi
for f in postino-authd postino-pwchange postinoctl sasl2/libpostino.so; do
	[ -x "$BUILD/$f" ] || [ -f "$BUILD/$f" ] || e2e_fatal "$BUILD/$f is built (make BUILD=$BUILD)"
done
for f in "$SENDMAIL_BIN" "$CYRUS_MASTER" "$IMTEST" /usr/bin/swaks /usr/bin/curl; do
	[ -x "$f" ] || e2e_fatal "$f is installed (scripts/install-deps; it never replaces another MTA or IMAP server)"
done

# Changes to the host's mail configuration would show up as files newer
# than this marker (checked at the end).
touch "$T/start-marker"

# doc/deployment.md's examples are these templates, rendered.
check "doc/deployment.md's deployment examples are the test's templates" \
	"$E2E_DIR/readme-snippets" --check "$HARNESS_TOP/doc/deployment.md"

# ------------------------------------------------------------------ directory
slapd_start || e2e_fatal "slapd starts"
servers_setup || e2e_fatal "configuration files are written"
CTL=("$BUILD/postinoctl" -C "$T/etc/postino.conf")

# The sample DIT has its own alice, bob, carol and dave; they go, so that
# the accounts this test logs in with are the ones postinoctl makes.
(umask 077 && printf '%s' "$ROOT_PW" >"$T/root.pw")
for u in alice bob carol dave; do
	ldapdelete -x -H "$LDAP_URI" -D "$ROOT_DN" -y "$T/root.pw" "uid=$u,$PEOPLE_DN" >/dev/null 2>&1
done

ALICE_PW='Alice-E2e-Pass-1'
BOB_PW='Bob-E2e-Pass-1'
CAROL_PW='Carol-E2e-Pass-1'
DAVE_PW='Dave-E2e-Pass-1'
OSCAR_PW='Oscar-E2e-Pass-1'

ctl()
{
	"${CTL[@]}" "$@" >>"$T/postinoctl.log" 2>&1
}

check "postinoctl adds alice (smtp, imap)" \
	ctl user add alice --name "Alice Example" --mail alice@example.org \
	--service smtp,imap --password-stdin <<<"$ALICE_PW"
check "postinoctl adds bob (imap only)" \
	ctl user add bob --name "Bob Example" --mail bob@example.org \
	--service imap --password-stdin <<<"$BOB_PW"
check "postinoctl adds carol (smtp, imap)" \
	ctl user add carol --name "Carol Example" --mail carol@example.org \
	--service smtp,imap --password-stdin <<<"$CAROL_PW"
check "postinoctl maps carol's client certificate" \
	ctl cert map carol --pem "$TLS_CAROL_CERT"
check "postinoctl adds dave (smtp, imap)" \
	ctl user add dave --name "Dave Example" --mail dave@example.org \
	--service smtp,imap --password-stdin <<<"$DAVE_PW"
check "postinoctl locks dave" ctl user lock dave
# oscar logs in for the first time during the directory outage below.
check "postinoctl adds oscar (smtp, imap)" \
	ctl user add oscar --name "Oscar Example" --mail oscar@example.org \
	--service smtp,imap --password-stdin <<<"$OSCAR_PW"

# ------------------------------------------------------------------ servers
harness_at_exit servers_stop
syslog_start || e2e_fatal "the syslog sink starts"
authd_start || e2e_fatal "postino-authd starts (log: $E2E_LOGS/mailservers.authd.authd.log)"
pwchange_start || e2e_fatal "postino-pwchange starts"
# A server that does not start leaves its own logs in the temporary
# directory; show their ends here so a failure is diagnosable from the
# test's output alone.
start_failed()
{
	local what=$1 f
	shift
	for f in "$@" "$E2E_LOGS/mailservers.syslog"; do
		[ -s "$f" ] || continue
		echo "---- tail of $f"
		tail -n 15 "$f"
	done
	e2e_fatal "$what starts"
}
sendmail_start || start_failed sendmail "$T/sendmail/sendmail.log" "$T/sendmail/m4.log" \
	"$T/sendmail/newaliases.log"
cyrus_start || start_failed "Cyrus imapd" "$T/cyrus/master.log"
e2e_log "slapd $LDAP_URI; sendmail MTA :$SMTP_PORT MSA :$SUBMISSION_PORT; imapd :$IMAP_PORT; pwchange :$PW_PORT"

# ------------------------------------------------------------------ SMTP AUTH
S=$SUBMISSION_PORT
check_eq "SMTP AUTH PLAIN as alice" 235 "$(smtp_auth "$S" alice "$ALICE_PW" PLAIN)"
check_eq "SMTP AUTH LOGIN as alice" 235 "$(smtp_auth "$S" alice "$ALICE_PW" LOGIN)"
check_eq "SMTP AUTH PLAIN as alice, wrong password" 535 "$(smtp_auth "$S" alice "wrong-$ALICE_PW" PLAIN)"
check_eq "SMTP AUTH LOGIN as alice, wrong password" 535 "$(smtp_auth "$S" alice "wrong-$ALICE_PW" LOGIN)"
check_eq "SMTP AUTH as bob (no smtp service)" 535 "$(smtp_auth "$S" bob "$BOB_PW" PLAIN)"
check_eq "SMTP AUTH as dave (disabled)" 535 "$(smtp_auth "$S" dave "$DAVE_PW" PLAIN)"
check_eq "SMTP AUTH SCRAM-SHA-256 as alice" ok "$(smtp_scram "$S" alice "$ALICE_PW")"
check_eq "SMTP AUTH SCRAM-SHA-256 as alice, wrong password" fail "$(smtp_scram "$S" alice "wrong-$ALICE_PW")"
check_eq "SMTP AUTH SCRAM-SHA-256 as bob (no smtp service)" fail "$(smtp_scram "$S" bob "$BOB_PW")"
check_eq "SMTP AUTH as a user who does not exist" 535 "$(smtp_auth "$S" nobody-here "$ALICE_PW" PLAIN)"
check "sendmail logs alice's PLAIN login" \
	e2e_wait_log 'sm-e2e\[[0-9]+\]: AUTH=server, relay=.*authid=alice, mech=PLAIN'

# Submission requires AUTH (M=a); relaying is for authenticated clients.
# Clients come from 127.0.0.2: sendmail lets 127.0.0.1 relay, always.
check_eq "submission refuses mail without AUTH" 530 \
	"$(smtp_send "$S" - - someone@example.org friend@elsewhere.example)"
check_eq "submission accepts alice's authenticated mail" 250 \
	"$(smtp_send "$S" alice "$ALICE_PW" alice@example.org friend@elsewhere.example)"
check_eq "port 25 refuses to relay without AUTH" 550 \
	"$(smtp_send "$SMTP_PORT" - - someone@example.org friend@elsewhere.example --local-interface 127.0.0.2)"
check_eq "port 25 relays for alice after AUTH" 250 \
	"$(smtp_send "$SMTP_PORT" alice "$ALICE_PW" alice@example.org friend@elsewhere.example --local-interface 127.0.0.2)"
check_eq "port 25 refuses bob's AUTH and so his relaying" 535 \
	"$(smtp_send "$SMTP_PORT" bob "$BOB_PW" bob@example.org friend@elsewhere.example --local-interface 127.0.0.2)"

# ------------------------------------------------------------------ IMAP
I=$IMAP_PORT
for m in login PLAIN SCRAM-SHA-256; do
	check_eq "IMAP $m as alice" ok "$(imap_auth "$I" alice "$ALICE_PW" "$m")"
	check_eq "IMAP $m as bob" ok "$(imap_auth "$I" bob "$BOB_PW" "$m")"
	check_eq "IMAP $m as alice, wrong password" fail "$(imap_auth "$I" alice "wrong-$ALICE_PW" "$m")"
	check_eq "IMAP $m as dave (disabled)" fail "$(imap_auth "$I" dave "$DAVE_PW" "$m")"
done
check "Cyrus logs alice's SCRAM-SHA-256 login" \
	e2e_wait_log 'imap\[[0-9]+\]: login: .* alice SCRAM-SHA-256'

# ------------------------------------------------------------------ EXTERNAL
got=$(smtp_external "$S" "$TLS_CAROL_CERT" "$TLS_CAROL_KEY")
check_eq "SMTP AUTH EXTERNAL with carol's certificate" "0 235" "$got"
check "sendmail logs the EXTERNAL login as carol" \
	e2e_wait_log 'sm-e2e\[[0-9]+\]: AUTH=server, relay=.*authid=carol, mech=EXTERNAL'
# A certificate from another CA does not verify (${verify} is FAIL), so
# sendmail does not even offer EXTERNAL and curl never sends AUTH; one that
# verifies but is mapped to no account is refused by libpostino.so.
got=$(smtp_external "$S" "$TLS_OTHER_CERT" "$TLS_OTHER_KEY")
check_eq "SMTP: no EXTERNAL for a certificate from another CA" none "${got#* }"
got=$(smtp_external "$S" "$TLS_CLIENT_CERT" "$TLS_CLIENT_KEY")
check_eq "SMTP AUTH EXTERNAL with an unmapped certificate is refused" 535 "${got#* }"
check_eq "IMAP AUTHENTICATE EXTERNAL with carol's certificate (CN lookup)" ok \
	"$(imap_external "$I" "$TLS_CAROL_CERT" "$TLS_CAROL_KEY")"
check "Cyrus logs the EXTERNAL login as carol" \
	e2e_wait_log 'imap\[[0-9]+\]: login: .* carol EXTERNAL'
check_eq "IMAP AUTHENTICATE EXTERNAL with an unmapped certificate fails" fail \
	"$(imap_external "$I" "$TLS_CLIENT_CERT" "$TLS_CLIENT_KEY")"
check_eq "IMAP with a certificate from another CA fails" fail \
	"$(imap_external "$I" "$TLS_OTHER_CERT" "$TLS_OTHER_KEY")"

# ------------------------------------------------------------------ consistency
# alice logs in everywhere with her password first, so that every cache on
# the way (authd's, libpostino.so's inside imapd) holds the old one; then
# she changes it in a real browser, and at once every path agrees.
ALICE_NEW='Tr0mbone-Sky-42'
check_eq "before the change: SMTP AUTH with alice's password" 235 "$(smtp_auth "$S" alice "$ALICE_PW" PLAIN)"
check_eq "before the change: IMAP LOGIN with alice's password" ok "$(imap_auth "$I" alice "$ALICE_PW" login)"
check_eq "before the change: IMAP SCRAM-SHA-256 with alice's password" ok \
	"$(imap_auth "$I" alice "$ALICE_PW" SCRAM-SHA-256)"
check "alice changes her password in Chromium through postino-pwchange" \
	pwchange_browser alice "$ALICE_PW" "$ALICE_NEW"
check_eq "after the change: SMTP AUTH with the new password" 235 "$(smtp_auth "$S" alice "$ALICE_NEW" PLAIN)"
check_eq "after the change: SMTP AUTH with the old password" 535 "$(smtp_auth "$S" alice "$ALICE_PW" PLAIN)"
check_eq "after the change: IMAP LOGIN with the new password" ok "$(imap_auth "$I" alice "$ALICE_NEW" login)"
check_eq "after the change: IMAP LOGIN with the old password" fail "$(imap_auth "$I" alice "$ALICE_PW" login)"
check_eq "after the change: IMAP SCRAM-SHA-256 with the new password" ok \
	"$(imap_auth "$I" alice "$ALICE_NEW" SCRAM-SHA-256)"
check_eq "after the change: IMAP SCRAM-SHA-256 with the old password" fail \
	"$(imap_auth "$I" alice "$ALICE_PW" SCRAM-SHA-256)"
ALICE_PW=$ALICE_NEW

# The same once more through the JSON API, in well under a second, so that
# the caches filled just before the change are certainly still fresh.
ALICE_NEW='Quartz-Lantern-77'
check_eq "before the API change: SMTP AUTH" 235 "$(smtp_auth "$S" alice "$ALICE_PW" PLAIN)"
check_eq "before the API change: IMAP LOGIN" ok "$(imap_auth "$I" alice "$ALICE_PW" login)"
check_eq "before the API change: IMAP SCRAM-SHA-256" ok "$(imap_auth "$I" alice "$ALICE_PW" SCRAM-SHA-256)"
check_eq "before the API change: SMTP AUTH SCRAM-SHA-256" ok "$(smtp_scram "$S" alice "$ALICE_PW")"
check_eq "alice changes her password through the JSON API" 200 \
	"$(pwchange_api alice "$ALICE_PW" "$ALICE_NEW")"
check_eq "after the API change: SMTP AUTH with the new password" 235 "$(smtp_auth "$S" alice "$ALICE_NEW" PLAIN)"
check_eq "after the API change: SMTP AUTH with the old password" 535 "$(smtp_auth "$S" alice "$ALICE_PW" PLAIN)"
check_eq "after the API change: IMAP LOGIN with the new password" ok "$(imap_auth "$I" alice "$ALICE_NEW" login)"
check_eq "after the API change: IMAP LOGIN with the old password" fail "$(imap_auth "$I" alice "$ALICE_PW" login)"
check_eq "after the API change: IMAP SCRAM-SHA-256 with the new password" ok \
	"$(imap_auth "$I" alice "$ALICE_NEW" SCRAM-SHA-256)"
check_eq "after the API change: IMAP SCRAM-SHA-256 with the old password" fail \
	"$(imap_auth "$I" alice "$ALICE_PW" SCRAM-SHA-256)"
check_eq "after the API change: SMTP AUTH SCRAM-SHA-256 with the new password" ok \
	"$(smtp_scram "$S" alice "$ALICE_NEW")"
check_eq "after the API change: SMTP AUTH SCRAM-SHA-256 with the old password" fail \
	"$(smtp_scram "$S" alice "$ALICE_PW")"
ALICE_PW=$ALICE_NEW

# ------------------------------------------------------------------ outage
# With the directory down, a login that no cache can answer must come back
# as a temporary failure and never as a success. authd's cache is flushed
# first (postinoctl); oscar has not logged in yet, so no cache of
# libpostino.so knows him either.
check "postinoctl flushes authd's cache" ctl cache flush
slapd_stop
got=$(smtp_auth "$S" alice "$ALICE_PW" PLAIN)
check_nomatch "with slapd down, SMTP AUTH is not accepted" '^235$' "$got"
# sendmail answers every failed AUTH with "535 5.7.0 authentication
# failed", temporary or not (sendmail 8.17, srvrsmtp.c); the difference is
# in its log: libsasl2 reports an unavailable server (-24) or a generic
# failure (-1, authd closed without an answer), never a bad password (-13).
check_eq "with slapd down, sendmail's reply is its only failure reply, 535" 535 "$got"
check "sendmail logs a temporary failure for it, not a bad password" \
	e2e_wait_log 'sm-e2e\[[0-9]+\]: .*AUTH failure \(PLAIN\): (remote authentication server unavailable \(-24\)|generic failure \(-1\)).*user=alice'
check_eq "with slapd down, IMAP LOGIN fails" fail "$(imap_auth "$I" alice "$ALICE_PW" login)"
check_eq "with slapd down, IMAP SCRAM-SHA-256 fails" fail "$(imap_auth "$I" oscar "$OSCAR_PW" SCRAM-SHA-256)"
check "Cyrus logs it as the directory being unavailable" \
	e2e_wait_log 'imap\[[0-9]+\]: badlogin: .* SCRAM-SHA-256 \(oscar\) \[SASL\(-24\)'
slapd_restart "" || e2e_fatal "slapd starts again"
# authd reconnects with back-off: the first login after the directory is
# back may still be answered "later", so wait a bounded time for success.
got=none
for i in $(seq 20); do
	got=$(smtp_auth "$S" alice "$ALICE_PW" PLAIN)
	[ "$got" = 235 ] && break
	sleep 1
done
check_eq "after slapd returns, SMTP AUTH works again (attempt $i)" 235 "$got"
check_eq "after slapd returns, IMAP LOGIN works again" ok "$(imap_auth "$I" alice "$ALICE_PW" login)"
# The plugin in an imapd process that saw the outage fails fast for 1 s
# (PLUGIN_LDAP_DOWN_MS) rather than wait out a time-out per login: allow a
# few seconds, bounded.
for i in $(seq 5); do
	got=$(imap_auth "$I" oscar "$OSCAR_PW" SCRAM-SHA-256)
	[ "$got" = ok ] && break
	sleep 1
done
check_eq "after slapd returns, IMAP SCRAM-SHA-256 works again (attempt $i)" ok "$got"

# ------------------------------------------------------------------ host
# Everything ran from $T: no file of the host's mail, SASL or Cyrus
# configuration or state was created or changed.
changed=$(find /etc/mail /etc/sasl2 /etc/imapd.conf /etc/cyrus.conf /etc/postino \
	/var/lib/cyrus /var/spool/cyrus /var/spool/mqueue /run/cyrus /run/sendmail \
	/usr/lib/x86_64-linux-gnu/sasl2 -newer "$T/start-marker" 2>/dev/null | head -n 5)
check_eq "no file of the host's mail configuration or state changed" "" "$changed"

# No sanitizer report (SANITIZE=1 builds) from postino's daemons or from
# libpostino.so inside sendmail and Cyrus.
reports=$(grep -lE 'AddressSanitizer|LeakSanitizer|runtime error:' \
	"$T"/authd/*.log "$T"/pwchange/*.log "$T"/san/* 2>/dev/null | head -n 3)
check_eq "no sanitizer report from authd, pwchange or the plugin in sendmail and Cyrus" "" "$reports"

e2e_done
