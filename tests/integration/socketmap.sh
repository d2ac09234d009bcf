#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/socketmap.sh: postino-socketmap against a real slapd.
# sendmail's access-map keys (CERTISSUER, CERTSUBJECT in both spellings and
# folded to lower case), Postfix fingerprint keys (from "postinoctl cert map
# --pem"), keys that are not ours, keys with filter and DN metacharacters,
# the account decision, lib's account policy (disabled, locked by the
# administrator's ppolicy lock, pwdReset, a folded spelling of a rule-made
# name, service not allowed, unmapped) taking effect at the next lookup,
# a directory that is down or hung (TEMP, never OK), and bounded input
# (oversized, malformed, truncated, slow, pipelined, too many connections).
# With Postfix's postmap (the system's or unpacked from Debian's package),
# the same lookups through Postfix's own socketmap client.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/cli-common.bash"
. "$TOP/tests/integration/socketmap-common.bash"
cli_init socketmap
[ -x "$SM_BIN" ] || { echo "socketmap: $SM_BIN missing; run make first" >&2; exit 1; }

CDN="uid=carol,$PEOPLE_DN"
CAROL_RFC='CN=Carol Example,OU=People,O=Example,C=IT'
root_modify() { ldapmodify -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" >/dev/null; }

sed -i 's/^ldap_timeout: .*/ldap_timeout: 2/' "$T/postino.conf"
sm_conf "$T/postino.conf" 'socketmap_read_timeout_ms: 700' 'socketmap_max_connections: 6' \
	'socketmap_max_request: 1024' \
	'socketmap_cert_rule: ^CN=([^,]+),OU=Robots,O=Example,C=IT$'

# ---- the directory side: carol may relay, her certificate's fingerprint stored
ctl service allow carol relay
check_eq "service allow carol relay" "$RC" 0
ctl cert map carol --pem "$TLS_CAROL_CERT"
check_eq "cert map carol --pem (subject already there) exits 0" "$RC" 0
FP=$(openssl x509 -noout -fingerprint -sha256 -in "$TLS_CAROL_CERT" | sed 's/^.*=//')
check_eq "the fingerprint is stored as Postfix prints it" "$(attr "$CDN" postinoCertFingerprint)" "$FP"
check_eq "the subject is still one value" "$(attr "$CDN" postinoCertSubject)" "$CAROL_RFC"
ctl cert show carol --json
check_match "cert show lists the fingerprint" "$OUT" "\"cert_fingerprints\": *\[\"$FP\"\]"
OTHER_FP=$(openssl x509 -noout -fingerprint -sha256 -in "$TLS_OTHER_CERT" | sed 's/^.*=//')

sm_start "$T/postino.conf" || exit 1

# ---- sendmail's keys
check_eq "trusted issuer: SUBJECT" "$(smq access "CERTISSUER:$SM_CA_ONELINE")" "OK SUBJECT"
check_eq "trusted issuer, folded to lower case" \
	"$(smq access "certissuer:$(tr '[:upper:]' '[:lower:]' <<<"$SM_CA_ONELINE")")" "OK SUBJECT"
check_eq "untrusted issuer: NOTFOUND" "$(smq access "CERTISSUER:$SM_OTHER_CA_ONELINE")" "NOTFOUND "
check_eq "carol's subject (sendmail's spelling): RELAY" \
	"$(smq access "CERTSUBJECT:$SM_CAROL_ONELINE")" "OK RELAY"
check_eq "carol's subject folded to lower case: RELAY" \
	"$(smq access "certsubject:$(tr '[:upper:]' '[:lower:]' <<<"$SM_CAROL_ONELINE")")" "OK RELAY"
check_eq "carol's subject in RFC 4514 spelling: RELAY" \
	"$(smq access "CERTSUBJECT:$CAROL_RFC")" "OK RELAY"
check_eq "an unknown subject: NOTFOUND" \
	"$(smq access "CERTSUBJECT:/C=IT/O=Example/OU=People/CN=Nobody+20Here")" "NOTFOUND "
check_eq "a subject without CN: NOTFOUND" \
	"$(smq access "CERTSUBJECT:/C=IT/O=Example/OU=People")" "NOTFOUND "
for k in "connect:127.0.0.1" "From:spammer@example.com" "To:example.org" "127.0.0.1" \
	"CERTSUBJECT:" "CERTISSUER:" ""; do
	check_eq "a key that is not ours ('$k'): NOTFOUND" "$(smq access "$k")" "NOTFOUND "
done

# ---- Postfix's key
check_eq "carol's fingerprint: OK" "$(smq ccert "$FP")" "OK OK"
check_eq "carol's fingerprint in lower case: OK" "$(smq ccert "$(tr 'A-F' 'a-f' <<<"$FP")")" "OK OK"
check_eq "carol's fingerprint without colons: OK" "$(smq ccert "${FP//:/}")" "OK OK"
check_eq "the untrusted twin's fingerprint: NOTFOUND" "$(smq ccert "$OTHER_FP")" "NOTFOUND "

# ---- accounts that may not relay
ctl cert map alice --subject '/C=IT/O=Example/OU=People/CN=Alice Example'
check_eq "alice (mapped, no relay service): NOTFOUND" \
	"$(smq access 'CERTSUBJECT:/C=IT/O=Example/OU=People/CN=Alice+20Example')" "NOTFOUND "
ctl cert map dave --subject '/C=IT/O=Example/OU=People/CN=Dave Example'
ctl service allow dave relay
check_eq "dave (disabled, relay allowed): NOTFOUND" \
	"$(smq access 'CERTSUBJECT:/C=IT/O=Example/OU=People/CN=Dave+20Example')" "NOTFOUND "
check_match "the log says why" "$(cat "$SM_LOG")" 'account dave: account disabled'

# ---- metacharacters never match more than their own entry
for k in '/C=IT/O=Example/OU=People/CN=*' '/C=IT/O=Example/OU=People/CN=Carol*' \
	'/C=IT/O=Example/OU=People/CN=Carol+20Example)(uid=*' \
	'/C=IT/O=Example/OU=People/CN=Carol+20Example,OU=People' \
	'/C=IT/O=Example/OU=People/CN=Carol+20Example+2BUID=carol' \
	'CN=Carol Example\2C,OU=People,O=Example,C=IT' 'CN=*,OU=People,O=Example,C=IT' \
	'CN=Carol Example,OU=People,O=Example,C=IT)(|(objectClass=*' \
	'/C=IT/O=Example/OU=Robots/CN=car*' '/C=IT/O=Example/OU=Robots/CN=*' \
	'/C=IT/O=Example/OU=Robots/CN=carol)(uid=*' '/C=IT/O=Example/OU=Robots/CN=carol\2a'; do
	check_eq "metacharacters: CERTSUBJECT:$k is NOTFOUND" "$(smq access "CERTSUBJECT:$k")" "NOTFOUND "
done
check_eq "the rule names carol for her own robot subject: RELAY" \
	"$(smq access 'CERTSUBJECT:/C=IT/O=Example/OU=Robots/CN=carol')" "OK RELAY"
for k in '*' "${FP:0:92}*" "${FP:0:93}*:" "$FP)(uid=*" "$FP*"; do
	check_eq "metacharacters: fingerprint key '$k' is NOTFOUND" "$(smq ccert "$k")" "NOTFOUND "
done

# ---- one truth: a change reaches the very next lookup
out=$(python3 "$SM_QUERY" --after "$SM_SOCK" access "CERTSUBJECT:$SM_CAROL_ONELINE" \
	"$CTL_BIN" -C "$T/postino.conf" user lock carol)
check_eq "user lock carol: the next lookup is NOTFOUND" "$(head -n 1 <<<"$out")" "NOTFOUND "
ms=$(tail -n 1 <<<"$out")
check "... answered within 1 s of postinoctl's exit (took ${ms} ms)" test "$ms" -lt 1000
check_eq "... and her fingerprint too" "$(smq ccert "$FP")" "NOTFOUND "
ctl user unlock carol
check_eq "user unlock carol: RELAY again" "$(smq access "CERTSUBJECT:$SM_CAROL_ONELINE")" "OK RELAY"
root_modify <<LDIF
dn: $CDN
changetype: modify
replace: pwdAccountLockedTime
pwdAccountLockedTime: 000001010000Z
LDIF
check_eq "the administrator's ppolicy lock alone: NOTFOUND" \
	"$(smq access "CERTSUBJECT:$SM_CAROL_ONELINE")" "NOTFOUND "
root_modify <<LDIF
dn: $CDN
changetype: modify
delete: pwdAccountLockedTime
LDIF
# lib's account policy, path relay: rows the socketmap once ignored
ldapmodify -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" -e relax >/dev/null <<LDIF
dn: $CDN
changetype: modify
replace: pwdReset
pwdReset: TRUE
LDIF
check_eq "pwdReset TRUE (the password must be changed first): NOTFOUND" \
	"$(smq access "CERTSUBJECT:$SM_CAROL_ONELINE")" "NOTFOUND "
check_match "the log gives the policy's reason" "$(cat "$SM_LOG")" \
	'account carol: password must be changed \(pwdReset\)'
ldapmodify -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" -e relax >/dev/null <<LDIF
dn: $CDN
changetype: modify
delete: pwdReset
LDIF
check_eq "pwdReset gone: RELAY again" "$(smq access "CERTSUBJECT:$SM_CAROL_ONELINE")" "OK RELAY"
FW_C=$(printf '\xef\xbd\x83') # U+FF43 fullwidth c: slapd folds it into carol's uid
check_eq "a rule-made name slapd folds into carol (fullwidth c): NOTFOUND" \
	"$(smq access "CERTSUBJECT:/C=IT/O=Example/OU=Robots/CN=${FW_C}arol")" "NOTFOUND "
check_match "... refused before the directory (the identity rule stands behind it)" \
	"$(cat "$SM_LOG")" 'CN=\\xef\\xbd\\x83arol" answer=NOTFOUND rule produced an invalid account name'
check_match "--version prints the version" "$("$SM_BIN" --version)" '^postino-socketmap [0-9]'
check_eq "socketmap_user defaults to postino" \
	"$("$SM_BIN" --print-defaults | grep '^socketmap_user:' | sed 's/: */ /')" "socketmap_user postino"
ctl service deny carol relay
check_eq "service deny carol relay: NOTFOUND" "$(smq access "CERTSUBJECT:$SM_CAROL_ONELINE")" "NOTFOUND "
ctl service allow carol relay
ctl cert unmap carol --pem "$TLS_CAROL_CERT"
check_eq "cert unmap --pem exits 0" "$RC" 0
check_eq "... removes the subject" "$(attr "$CDN" postinoCertSubject)" ""
check_eq "... and the fingerprint" "$(attr "$CDN" postinoCertFingerprint)" ""
check_eq "unmapped: subject NOTFOUND" "$(smq access "CERTSUBJECT:$SM_CAROL_ONELINE")" "NOTFOUND "
check_eq "unmapped: fingerprint NOTFOUND" "$(smq ccert "$FP")" "NOTFOUND "
ctl cert map carol --pem "$TLS_CAROL_CERT"
ctl cert unmap carol --subject "$CAROL_RFC"
check_eq "cert unmap --subject of the last subject removes the fingerprint too" \
	"$(attr "$CDN" postinoCertFingerprint)" ""
ctl cert map carol --pem "$TLS_CAROL_CERT"
check_eq "mapped again: RELAY" "$(smq access "CERTSUBJECT:$SM_CAROL_ONELINE")" "OK RELAY"

# ---- Postfix's own client (postmap -q against the socketmap table)
PM=$(postmap_bin)
if [ -n "$PM" ] && "$PM" -q x "socketmap:unix:$SM_SOCK:ccert" >/dev/null 2>&1 ||
	[ $? -eq 1 ]; then
	check_eq "postmap -q fingerprint socketmap:...: OK" \
		"$("$PM" -q "$FP" "socketmap:unix:$SM_SOCK:ccert" 2>&1)" "OK"
	check_eq "postmap -q untrusted twin's fingerprint: not found (exit 1)" \
		"$("$PM" -q "$OTHER_FP" "socketmap:unix:$SM_SOCK:ccert" >/dev/null 2>&1; echo $?)" "1"
	check_eq "postmap -q carol's subject: RELAY" \
		"$("$PM" -q "CERTSUBJECT:$SM_CAROL_ONELINE" "socketmap:unix:$SM_SOCK:access" 2>&1)" "RELAY"
	check_match "the server saw Postfix's requests" "$(cat "$SM_LOG")" 'map=ccert key="[0-9A-Fa-f:]{95}" answer=OK'
else
	echo "SKIP: no Postfix postmap available; Postfix's own client not exercised"
fi

# ---- bounded input
check_eq "pipelined: three requests in one write, three replies in order" \
	"$(smq access "CERTSUBJECT:$SM_CAROL_ONELINE" "connect:1.2.3.4" "CERTISSUER:$SM_CA_ONELINE" | tr '\n' '|')" \
	"OK RELAY|NOTFOUND |OK SUBJECT|"
out=$(sm_raw "$(printf '99999:' | xxd -p)")
check_match "oversized length: PERM, then the server closes" "$(head -n 2 <<<"$out" | tr '\n' '|')" '^PERM [^|]*\|EOF\|$'
big=$(python3 -c 'print(b"1025:".hex() + "61" * 1025 + b",".hex())')
check_match "one byte over socketmap_max_request: PERM and closed" "$(sm_raw "$big" | head -n 2 | tr '\n' '|')" '^PERM [^|]*\|EOF\|$'
check_match "not \"map key\": PERM and closed" "$(sm_raw "$(printf '3:abc,' | xxd -p)" | head -n 2 | tr '\n' '|')" '^PERM [^|]*\|EOF\|$'
check_match "no ',' after the payload: PERM and closed" "$(sm_raw "$(printf '5:a bcdX' | xxd -p)" | head -n 2 | tr '\n' '|')" '^PERM [^|]*\|EOF\|$'
out=$(sm_raw "$(printf '40:access CERTSUBJECT:/C=IT' | xxd -p)" 5)
check_eq "a truncated request: closed after the read deadline" "$(head -n 1 <<<"$out")" "EOF"
secs=$(tail -n 1 <<<"$out")
check "... in about socketmap_read_timeout_ms (700 ms; took ${secs} s)" \
	python3 -c "import sys; sys.exit(0 if 0.5 <= float('$secs') < 3 else 1)"
check_eq "a request sent a byte every 10 ms (within the deadline) is answered" \
	"$(python3 "$SM_QUERY" --trickle "$SM_SOCK" a c 0.01)" "NOTFOUND "
out=$(python3 "$SM_QUERY" --trickle "$SM_SOCK" access "CERTSUBJECT:$SM_CAROL_ONELINE" 0.05)
check_eq "a request trickled slower than the deadline is cut off" "$out" "EOF"

# too many connections: six idle ones are held, the seventh is closed at once
python3 - "$SM_SOCK" >"$T/conns.out" 2>&1 <<'PY' &
import socket, sys, time
held = []
for _ in range(6):
    s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); held.append(s)
time.sleep(0.3)
s = socket.socket(socket.AF_UNIX); s.settimeout(3); s.connect(sys.argv[1])
try:
    s.sendall(b"10:access x y,")
    r = s.recv(100)
    print("seventh:", "EOF" if not r else r.decode())
except Exception as e:
    print("seventh:", "EOF" if isinstance(e, (ConnectionResetError, BrokenPipeError)) else repr(e))
held[0].close()
# The slot frees when the server's thread has seen the close: retry briefly.
for _ in range(50):
    time.sleep(0.2)
    s = socket.socket(socket.AF_UNIX); s.settimeout(5); s.connect(sys.argv[1])
    try:
        s.sendall(b"10:access x y,")
        r = s.recv(100).decode()
    except (ConnectionResetError, BrokenPipeError):
        r = ""
    if r:
        print("after one closed:", r)
        break
PY
wait $!
check_match "max connections: the seventh connection is closed" "$(cat "$T/conns.out")" '^seventh: EOF'
check_match "... and a new one is served once a slot is free" "$(cat "$T/conns.out")" 'after one closed: 9:NOTFOUND ,'

# ---- a directory that is down, hung, and back
slapd_stop
got=$(smq access "CERTSUBJECT:$SM_CAROL_ONELINE")
check_match "directory down: CERTSUBJECT is TEMP" "$got" '^TEMP '
check_match "directory down: fingerprint is TEMP" "$(smq ccert "$FP")" '^TEMP '
check_eq "directory down: the issuer list still answers" "$(smq access "CERTISSUER:$SM_CA_ONELINE")" "OK SUBJECT"
check_eq "directory down: keys that are not ours stay NOTFOUND" "$(smq access "connect:1.2.3.4")" "NOTFOUND "
slapd_restart ""
check_eq "directory back: RELAY again" "$(smq access "CERTSUBJECT:$SM_CAROL_ONELINE")" "OK RELAY"
slapd_pause ""
t0=$(date +%s%N)
got=$(smq access "CERTSUBJECT:$SM_CAROL_ONELINE")
ms=$((($(date +%s%N) - t0) / 1000000))
slapd_resume ""
check_match "directory hung: TEMP" "$got" '^TEMP '
check "... within the ldap_timeout (2 s) plus a margin (took ${ms} ms)" test "$ms" -lt 8000
check_eq "directory resumed: RELAY again" "$(smq access "CERTSUBJECT:$SM_CAROL_ONELINE")" "OK RELAY"

check "postino-socketmap is still running" kill -0 "$SM_PID"
sm_stop
check "it stops on SIGTERM and removes its socket" test ! -e "$SM_SOCK"
t_done socketmap
