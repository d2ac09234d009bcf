#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/pwchange-sighup.sh: SIGHUP on postino-pwchange. The
# shipped logrotate snippet (dist/logrotate) rotates the audit file and the
# server writes to the new one; a renewed certificate and changed settings
# take effect without a restart; a bad certificate, a bad setting or a new
# port keep the running ones; a change works after all of it.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/harness/assert.sh"
. "$TOP/tests/integration/pwchange-common.bash"

harness_init pwchange-sighup
slapd_start || exit 1
cp "$TLS_SERVER_CERT" "$T/pw-cert.pem"
cp "$TLS_SERVER_KEY" "$T/pw-key.pem"
# pwchange_start's own file names the harness certificate; these come later and win.
TLS_SERVER_CERT="$T/pw-cert.pem" TLS_SERVER_KEY="$T/pw-key.pem" pwchange_start || exit 1

serial()
{
	openssl s_client -connect "127.0.0.1:$PW_PORT" -servername localhost </dev/null 2>/dev/null |
		openssl x509 -noout -serial 2>/dev/null
}

# hup_and_wait PATTERN - SIGHUP, then wait (10 s at most) for PATTERN in a new log line
hup_and_wait()
{
	local before i
	before=$(wc -l <"$PW_LOG")
	kill -HUP "$PW_PID"
	for i in $(seq 100); do
		tail -n +"$((before + 1))" "$PW_LOG" | grep -q "$1" && return 0
		sleep 0.1
	done
	return 1
}

BAD='{"user":"bob","current":"wrong-password","new":"Tr0mbone-Sky-1"}'
api "$BAD"
check_match "an audit line before rotation" "$(cat "$T/audit.log")" 'user="bob"'

# ---- logrotate with the shipped snippet (its path and signal adapted)
sed -e "s|/var/log/postino/pwchange-audit.log|$T/audit.log|" \
	-e "s|create 0640 postino adm|create 0640 nobody nogroup|" \
	-e "s|systemctl kill .*|kill -HUP $PW_PID|" -e '/>\/dev\/null 2>&1 || true$/d' \
	"$TOP/dist/logrotate/postino-pwchange" >"$T/logrotate.conf"
check "the snippet parses (logrotate -d)" logrotate -d -s "$T/logrotate.state" "$T/logrotate.conf"
check "logrotate -f rotates" logrotate -f -s "$T/logrotate.state" "$T/logrotate.conf"
for _ in $(seq 100); do grep -q "SIGHUP: settings" "$PW_LOG" && break; sleep 0.1; done
api '{"user":"carol","current":"wrong-password","new":"Tr0mbone-Sky-1"}'
check "the old lines were moved" grep -q 'user="bob"' "$T/audit.log.1"
check "the new line is in the new file" grep -q 'user="carol"' "$T/audit.log"
check_fail "... and not in the old one" grep -q 'user="carol"' "$T/audit.log.1"

# ---- a renewed certificate
old=$(serial)
check_match "a certificate is served" "$old" '^serial='
(
	cd "$T/tls" &&
		openssl req -new -key "$T/pw-key.pem" -subj "/O=postino test/CN=localhost" -out "$T/new.csr" 2>/dev/null &&
		printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$T/new.ext" &&
		openssl x509 -req -in "$T/new.csr" -CA ca.pem -CAkey ca.key -days 30 \
			-set_serial 0x0123456789 -extfile "$T/new.ext" -out "$T/new-cert.pem" 2>/dev/null
)
cp "$T/new-cert.pem" "$T/pw-cert.pem"
echo 'pwchange_title: Renewed title' >>"$T/pwchange.conf"
check "SIGHUP reloads" hup_and_wait 'settings and certificate reloaded'
check_eq "the new certificate is served" "$(serial)" 'serial=0123456789'
check_match "the new title is shown" "$(curl_pw "$PW_URL/")" 'Renewed title'
api "$BAD"
check_eq "the API works after the reload" "$HTTP_CODE" 401

# ---- bad ones keep the running instance
echo 'not a certificate' >"$T/pw-cert.pem"
check "a bad certificate is refused" hup_and_wait 'the running settings stay'
check_eq "... the running certificate stays" "$(serial)" 'serial=0123456789'
cp "$T/new-cert.pem" "$T/pw-cert.pem"
cp "$T/pwchange.conf" "$T/pwchange.conf.good"
echo 'pwchange_min_length: many' >>"$T/pwchange.conf"
check "a bad setting is refused" hup_and_wait 'the running settings stay'
check_match "... the running page stays" "$(curl_pw "$PW_URL/")" 'Renewed title'
cp "$T/pwchange.conf.good" "$T/pwchange.conf"
echo "pwchange_port: $(harness_free_ports 1)" >>"$T/pwchange.conf"
check "a new port needs a restart" hup_and_wait 'restart for those'
cp "$T/pwchange.conf.good" "$T/pwchange.conf"

api '{"user":"alice","current":"Alice-Pass-1","new":"Tr0mbone-Sky-1"}'
check_eq "a change after all the reloads" "$HTTP_CODE" 200
check "... alice binds with it" bind_ok alice 'Tr0mbone-Sky-1'
pwchange_stop
t_done pwchange-sighup
