#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/bench-smoke.sh: the benchmark's load tools, briefly.
# "make bench" trusts bench/loadgen and bench/ldaplimit to count every
# answer against the expected one; this checks that they do (against
# Debian's saslauthd, postino-authd when built, slapd, and two fake daemons
# that answer wrongly), in a few seconds, so a broken checker cannot make a
# benchmark look good.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/harness/assert.sh"

LOADGEN=$BUILD/bench/loadgen
LDAPLIMIT=$BUILD/bench/ldaplimit
NUSERS=200

harness_init bench-smoke
slapd_start -u "$NUSERS" || exit 1
# Lockout off, as in bench/run-bench: random wrong passwords must not lock
# an account whose right password the tools then expect to work.
ldapmodify -Q -Y EXTERNAL -H "$LDAPI_URI" >/dev/null <<EOF || exit 1
dn: cn=default,ou=policies,$BASE_DN
changetype: modify
replace: pwdLockout
pwdLockout: FALSE
-
replace: pwdMaxFailure
pwdMaxFailure: 0
EOF

# field LINE KEY - the value of KEY=... in a RESULT line
field()
{
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# result_ok NAME LINE - the run answered requests, none wrong, no errors
result_ok()
{
	local line=$1 name=$2
	check_match "$name: printed a RESULT line" "$line" '^RESULT '
	check "$name: answered requests" [ "$(field "$line" requests)" -gt 0 ]
	check_eq "$name: no wrong answers" "$(field "$line" wrong)" 0
	check_eq "$name: no errors" "$(field "$line" errors)" 0
	check "$name: some logins were refused (the wrong passwords)" [ "$(field "$line" no)" -gt 0 ]
}

umask 077
printf '%s\n' "$AUTHD_PW" >"$T/authd.pw"
cat >"$T/saslauthd.conf" <<EOF
ldap_servers: $LDAP_URI/
ldap_search_base: $PEOPLE_DN
ldap_filter: (uid=%u)
ldap_bind_dn: $AUTHD_DN
ldap_password: $AUTHD_PW
EOF
mkdir -p "$T/sasl"
chmod 755 "$T/sasl"

# wait_socket PID PATH
wait_socket()
{
	local i
	for i in $(seq 100); do
		[ -S "$2" ] && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# setsid: saslauthd answers SIGTERM by signalling its whole process group,
# which must not be this script's (setsid execs in place, so $! is saslauthd).
setsid /usr/sbin/saslauthd -a ldap -O "$T/saslauthd.conf" -m "$T/sasl" -d -n 2 </dev/null \
	>"$T/saslauthd.log" 2>&1 &
SASL_PID=$!
harness_track_pid "$SASL_PID"
wait_socket "$SASL_PID" "$T/sasl/mux" || {
	tail "$T/saslauthd.log"
	exit 1
}
sleep 0.3
for child in $(ps -o pid= --ppid "$SASL_PID"); do
	harness_track_pid "$child"
done

# ---- loadgen against saslauthd
out=$(timeout 30 "$LOADGEN" -s "$T/sasl/mux" -c 4 -d 1 -w 0.2 -U "$NUSERS" -l sasl \
	-p "server=$SASL_PID")
check_eq "loadgen against saslauthd exits 0" "$?" 0
result_ok "$out" "loadgen/saslauthd"
check "loadgen counts saslauthd's 2 processes" [ "$(field "$out" server_nproc)" -eq 2 ]
check "loadgen reports saslauthd's memory" [ "$(field "$out" server_rss_kib)" -gt 0 ]
check_eq "loadgen with --requests stops at the cap" \
	"$(field "$(timeout 30 "$LOADGEN" -s "$T/sasl/mux" -c 2 -d 30 -w 0 -n 50 -U "$NUSERS")" \
		requests)" 50

# ---- ldaplimit against slapd
for mode in searchbind directbind; do
	out=$(timeout 30 "$LDAPLIMIT" -H "$LDAP_URI" -m "$mode" -y "$T/authd.pw" -c 4 -d 1 -w 0.2 \
		-U "$NUSERS" -l "$mode" -p "slapd=$SLAPD_PID")
	check_eq "ldaplimit $mode exits 0" "$?" 0
	result_ok "$out" "ldaplimit/$mode"
done
check_fail "ldaplimit refuses searchbind without a service password" \
	timeout 10 "$LDAPLIMIT" -H "$LDAP_URI" -m searchbind -d 1

# ---- postino-authd, when it is built
if [ -x "$BUILD/postino-authd" ]; then
	mkdir -p "$T/authd"
	chmod 755 "$T/authd"
	printf 'control_socket: %s\n' "$T/authd/postino-control" >"$T/postino.conf"
	setsid "$BUILD/postino-authd" -a ldap -C "$T/postino.conf" -O "$T/saslauthd.conf" -m "$T/authd" -d \
		</dev/null >"$T/authd.log" 2>&1 &
	AUTHD_PID=$!
	harness_track_pid "$AUTHD_PID"
	if wait_socket "$AUTHD_PID" "$T/authd/mux"; then
		out=$(timeout 30 "$LOADGEN" -s "$T/authd/mux" -c 4 -d 1 -w 0.2 -U "$NUSERS" -l authd \
			-p "server=$AUTHD_PID")
		check_eq "loadgen against postino-authd exits 0" "$?" 0
		result_ok "$out" "loadgen/authd"
	else
		t_fail "postino-authd did not start" "$(tail -5 "$T/authd.log")"
	fi
fi

# ---- the checker itself: fake daemons that answer wrongly
# fake_daemon PATH MODE - a UNIX-socket server that answers every request
# with "OK" (MODE ok), "NO" (MODE no) or "XX" (MODE junk), or closes
# without a reply (MODE close)
fake_daemon()
{
	python3 - "$1" "$2" <<'EOF' &
import os, socket, sys
path, mode = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path)
s.listen(64)
while True:
    c, _ = s.accept()
    c.recv(4096)
    reply = {"ok": b"OK", "no": b"NO", "junk": b"XX"}.get(mode)
    if reply is not None:
        c.sendall(len(reply).to_bytes(2, "big") + reply)
    c.close()
EOF
	FAKE_PID=$!
	harness_track_pid "$FAKE_PID"
	wait_socket "$FAKE_PID" "$1"
}

fake_daemon "$T/fake-ok" ok || exit 1
out=$(timeout 30 "$LOADGEN" -s "$T/fake-ok" -c 2 -d 0.5 -w 0 -U "$NUSERS")
check_eq "loadgen exits 2 when a daemon says OK to wrong passwords" "$?" 2
check "loadgen counts OK for a wrong password as wrong" [ "$(field "$out" wrong_ok)" -gt 0 ]
check_eq "... and not as an error" "$(field "$out" errors)" 0
kill "$FAKE_PID"

fake_daemon "$T/fake-no" no || exit 1
out=$(timeout 30 "$LOADGEN" -s "$T/fake-no" -c 2 -d 0.5 -w 0 -U "$NUSERS")
check_eq "loadgen exits 2 when a daemon says NO to right passwords" "$?" 2
check "loadgen counts NO for a right password as wrong" [ "$(field "$out" wrong_no)" -gt 0 ]
check_eq "... and never as OK" "$(field "$out" ok)" 0
kill "$FAKE_PID"

fake_daemon "$T/fake-junk" junk || exit 1
out=$(timeout 30 "$LOADGEN" -s "$T/fake-junk" -c 2 -d 0.5 -w 0 -U "$NUSERS")
check_eq "loadgen exits 2 when a daemon answers neither OK nor NO" "$?" 2
check "loadgen counts such a reply as an error" [ "$(field "$out" err_other)" -gt 0 ]
check_eq "... and not as an answer" "$(field "$out" requests)" 0
kill "$FAKE_PID"

fake_daemon "$T/fake-close" close || exit 1
out=$(timeout 30 "$LOADGEN" -s "$T/fake-close" -c 2 -d 0.5 -w 0 -U "$NUSERS")
check_eq "loadgen exits 2 when a daemon closes without a reply" "$?" 2
check "loadgen counts a close without a reply as an error" \
	[ "$(field "$out" err_noreply)" -gt 0 ]
check_eq "... and not as a wrong answer" "$(field "$out" wrong)" 0
kill "$FAKE_PID"

out=$(timeout 30 "$LOADGEN" -s "$T/nothing-here" -c 2 -d 0.5 -w 0 -U "$NUSERS")
check_eq "loadgen exits 2 when nothing listens" "$?" 2
check "loadgen counts connect failures" [ "$(field "$out" err_connect)" -gt 0 ]

t_done bench-smoke
