#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/e2e/relay-cert.sh: sendmail relays for clients by their certificate,
# decided live from the directory by postino-socketmap.
#
# Debian's sendmail as the founding setup has it: STARTTLS, the access map's
# CERTISSUER/CERTSUBJECT entries, here answered through a socket map
# (conf/sendmail-relaycert.mc.in) in sequence with the site's own hash map
# from makemap. Clients connect from 127.0.0.2 (sendmail always lets
# 127.0.0.1 relay) and send no AUTH. Checked: carol's certificate relays; no
# certificate, an unknown certificate, one from an untrusted issuer, a
# disabled account and an unmapped one are refused "550 5.7.1 ... Relaying
# denied"; the site's own access entries still work; "postinoctl user lock
# carol" stops her relaying at the next RCPT of an open session (within 1 s);
# a directory outage gives a temporary refusal, never a relay; the
# directory's return restores relaying.
#
# Needs root (sendmail in a private mount namespace, tests/e2e/lib/nsrun).
set -u

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/e2e/lib/e2e.bash"
. "$TOP/tests/e2e/lib/servers.bash"

e2e_init relay-cert

if [ "$(id -u)" != 0 ]; then
	e2e_fatal "the relay test runs as root (sendmail, mount namespaces)"
fi
for f in postino-socketmap postinoctl; do
	[ -x "$BUILD/$f" ] || e2e_fatal "$BUILD/$f is built (make BUILD=$BUILD)"
done
for f in "$SENDMAIL_BIN" /usr/sbin/makemap; do
	[ -x "$f" ] || e2e_fatal "$f is installed (scripts/install-deps)"
done

slapd_start || e2e_fatal "slapd starts"
servers_setup || e2e_fatal "configuration files are written"
e2e_render "$E2E_DIR/conf/postino-socketmap.conf.in" "${E2E_VALUES[@]}" >>"$T/etc/postino.conf" ||
	e2e_fatal "socketmap settings are written"
CTL=("$BUILD/postinoctl" -C "$T/etc/postino.conf")
ctl() { "${CTL[@]}" "$@" >>"$T/postinoctl.log" 2>&1; }
SESSION=(python3 "$E2E_DIR/relay-session.py" "$SMTP_PORT" "$TLS_CA")

# Certificates from the harness's CA for dave (disabled), frank (locked by
# the administrator's ppolicy lock) and erin (mapped, then unmapped); the
# harness made carol's, an unknown one and an untrusted issuer's.
leaf()
{
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/tls/$1.key" 2>/dev/null &&
		openssl req -new -key "$T/tls/$1.key" -subj "$2" -out "$T/tls/$1.csr" 2>/dev/null &&
		printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n' >"$T/tls/$1.ext" &&
		openssl x509 -req -in "$T/tls/$1.csr" -CA "$T/tls/ca.pem" -CAkey "$T/tls/ca.key" \
			-days 2 -set_serial "0x$(openssl rand -hex 8)" -extfile "$T/tls/$1.ext" \
			-out "$T/tls/$1.pem" 2>/dev/null
}
check "a certificate for dave" leaf dave '/C=IT/O=Example/OU=People/CN=Dave Example'
check "a certificate for frank" leaf frank '/C=IT/O=Example/OU=People/CN=Frank Example'
check "a certificate for erin" leaf erin '/C=IT/O=Example/OU=People/CN=Erin Example'

# carol (sample DIT: subject mapped, smtp and imap) may relay; dave is
# disabled, frank locked; erin may relay until she is unmapped (mapping a
# plain inetOrgPerson makes it a postinoAccount, without relay).
check "postinoctl: carol may relay" ctl service allow carol relay
check "postinoctl: dave may relay (but is disabled)" ctl service allow dave relay
check "postinoctl maps dave's certificate" ctl cert map dave --pem "$T/tls/dave.pem"
check "postinoctl: frank may relay (but is locked)" ctl service allow frank relay
check "postinoctl maps frank's certificate" ctl cert map frank --pem "$T/tls/frank.pem"
check "postinoctl maps erin's certificate" ctl cert map erin --pem "$T/tls/erin.pem"

# The site's own access entries, from makemap, in the sequence after postino.
printf 'Connect:127.0.0.3\tRELAY\n' >"$T/etc/access"
check "makemap hash builds the site's access.db" \
	sh -c "/usr/sbin/makemap hash '$T/etc/access' <'$T/etc/access'"

"$BUILD/postino-socketmap" -c "$T/etc/postino.conf" -d </dev/null >>"$T/socketmap.log" 2>&1 &
SM_PID=$!
harness_track_pid "$SM_PID"
e2e_wait_file "$T/run/socketmap" 15 || e2e_fatal "postino-socketmap starts"

syslog_start || e2e_fatal "the syslog sink starts"
SENDMAIL_MC_EXTRA="sendmail-loaded.mc.in sendmail-relaycert.mc.in" sendmail_start ||
	e2e_fatal "sendmail starts"
harness_at_exit servers_stop
check_nomatch "sendmail.cf has no map errors" 'unknown member map|socket map' \
	"$(cat "$T/sendmail/m4.log" "$T/sendmail/sendmail.log" 2>/dev/null)"

relay()
{
	"${SESSION[@]}" "$@" 2>&1 | head -n 1
}

# ------------------------------------------------------------------ who relays
check_match "carol's certificate relays without AUTH" '^250 ' \
	"$(relay "$TLS_CAROL_CERT" "$TLS_CAROL_KEY")"
check_match "no certificate: 550 5.7.1 Relaying denied" '^550 5\.7\.1 .*Relaying denied' "$(relay)"
check_match "an unknown certificate (trusted CA, not mapped): 550 5.7.1 Relaying denied" \
	'^550 5\.7\.1 .*Relaying denied' "$(relay "$TLS_CLIENT_CERT" "$TLS_CLIENT_KEY")"
check_match "carol's subject from an untrusted issuer: 550 5.7.1 Relaying denied" \
	'^550 5\.7\.1 .*Relaying denied' "$(relay "$TLS_OTHER_CERT" "$TLS_OTHER_KEY")"
check_match "dave (disabled): 550 5.7.1 Relaying denied" \
	'^550 5\.7\.1 .*Relaying denied' "$(relay "$T/tls/dave.pem" "$T/tls/dave.key")"
check_match "frank (administrator's ppolicy lock): 550 5.7.1 Relaying denied" \
	'^550 5\.7\.1 .*Relaying denied' "$(relay "$T/tls/frank.pem" "$T/tls/frank.key")"
check_match "erin, mapped, relay not granted: 550 5.7.1 Relaying denied" \
	'^550 5\.7\.1 .*Relaying denied' "$(relay "$T/tls/erin.pem" "$T/tls/erin.key")"
check "postinoctl: erin may relay" ctl service allow erin relay
check_match "erin, mapped and allowed: relays" '^250 ' "$(relay "$T/tls/erin.pem" "$T/tls/erin.key")"
check "postinoctl unmaps erin's certificate" ctl cert unmap erin --pem "$T/tls/erin.pem"
check_match "erin, unmapped: 550 5.7.1 Relaying denied" \
	'^550 5\.7\.1 .*Relaying denied' "$(relay "$T/tls/erin.pem" "$T/tls/erin.key")"
# sendmail folds map keys to lower case; the socketmap matches them anyway.
check_match "sendmail asked the socketmap CERTISSUER (folded to lower case)" \
	'key="certissuer:/o=postino\+20test/cn=postino\+20test\+20ca" answer=OK issuer trusted' \
	"$(cat "$T/socketmap.log")"
check_match "... and CERTSUBJECT for carol" \
	'key="certsubject:/c=it/o=example/ou=people/cn=carol\+20example" answer=OK account=carol' \
	"$(cat "$T/socketmap.log")"
out=$(python3 "$E2E_DIR/relay-session.py" "$SMTP_PORT" "$TLS_CA" 2>&1 </dev/null |
	head -n 1)
check_match "no certificate from 127.0.0.2 is refused ..." '^550 ' "$out"
out=$(python3 - "$SMTP_PORT" <<'PY' 2>&1
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), source_address=("127.0.0.3", 0), timeout=60)
s.ehlo("client.example.org"); s.mail("someone@example.org")
c, m = s.rcpt("friend@elsewhere.example"); print(c, m.decode())
PY
)
check_match "... while the site's own Connect:127.0.0.3 RELAY entry still relays" '^250 ' "$out"

# ------------------------------------------------------------------ one truth
out=$("${SESSION[@]}" "$TLS_CAROL_CERT" "$TLS_CAROL_KEY" -- "${CTL[@]}" user lock carol 2>&1)
check_match "an open session of carol's relays before the lock" '^250 ' "$(sed -n 1p <<<"$out")"
check_match "after postinoctl user lock carol, its next RCPT is refused" \
	'^550 5\.7\.1 .*Relaying denied' "$(sed -n 2p <<<"$out")"
ms=$(sed -n 3p <<<"$out")
check "... within 1 s of postinoctl's exit (${ms:-?} ms)" test "${ms:-99999}" -lt 1000
check_match "a new session of carol's is refused too" \
	'^550 5\.7\.1 .*Relaying denied' "$(relay "$TLS_CAROL_CERT" "$TLS_CAROL_KEY")"
check "postinoctl user unlock carol" ctl user unlock carol
check_match "unlocked: carol relays again" '^250 ' "$(relay "$TLS_CAROL_CERT" "$TLS_CAROL_KEY")"

# ------------------------------------------------------------------ outage
slapd_stop
out=$(relay "$TLS_CAROL_CERT" "$TLS_CAROL_KEY")
check_match "directory down: carol gets a temporary refusal" '^4[0-9][0-9] ' "$out"
check_nomatch "... never a relay" '^250 ' "$out"
check_match "the socketmap answered TEMP" 'answer=TEMP' "$(cat "$T/socketmap.log")"
slapd_restart || e2e_fatal "slapd restarts"
check_match "directory back: carol relays again" '^250 ' "$(relay "$TLS_CAROL_CERT" "$TLS_CAROL_KEY")"

check "postino-socketmap is still running" kill -0 "$SM_PID"
e2e_done
