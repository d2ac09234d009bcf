#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/pwchange-authd.sh: a password changed through
# postino-pwchange takes effect at once everywhere on this host. authd runs
# WITH its credential cache, so it is pwchange's "flush <user>" on authd's
# control socket that makes testsaslauthd say NO to the old password right
# away, for smtp and imap; and a libsasl2 SCRAM-SHA-256 exchange through
# libpostino.so's auxprop works with the new password (the SCRAM secrets
# were written in the same modify).
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/harness/assert.sh"
. "$TOP/tests/integration/pwchange-common.bash"

harness_init pwchange-authd
slapd_start || exit 1

# ---- postino-authd with its cache on, control socket reachable by pwchange's group
RUN="$T/run"
mkdir -p "$RUN"
chmod 755 "$RUN"
cat >"$T/authd.conf" <<CONF
ldap_servers: $LDAP_URI
ldap_bind_dn: $AUTHD_DN
ldap_password: $AUTHD_PW
ldap_search_base: $PEOPLE_DN
ldap_filter: (uid=%u)
control_socket: $RUN/control
authd_control_mode: 0660
authd_control_group: nogroup
authd_cache: yes
authd_cache_ttl: 600
authd_cache_negative_ttl: 600
# This test is about the control socket's flush: the change stream (which
# would see the change behind authd's back below) is off; authd-sync.sh
# tests the stream.
authd_sync: off
log_stderr: yes
CONF
: >"$T/empty.conf"
"$BUILD/postino-authd" -a ldap -C "$T/empty.conf" -O "$T/authd.conf" -m "$RUN" -d -c \
	>"$T/authd.log" 2>&1 &
AUTHD_PID=$!
harness_track_pid "$AUTHD_PID"
for _ in $(seq 1 50); do
	[ -S "$RUN/mux" ] && [ -S "$RUN/control" ] && break
	sleep 0.1
done
check "authd is up" test -S "$RUN/mux"
[ -S "$RUN/mux" ] || { tail -n 20 "$T/authd.log"; t_done pwchange-authd; }

# sasl SERVICE USER PASSWORD - testsaslauthd's verdict, "OK" or "NO"
sasl()
{
	local out
	out=$(testsaslauthd -f "$RUN/mux" -s "$1" -u "$2" -p "$3" 2>&1)
	case $out in
	*'0: OK'*) echo OK ;;
	*'0: NO'*) echo NO ;;
	*) echo "ERROR: $out" ;;
	esac
}

# ---- prime authd's cache with the old passwords
for svc in smtp imap; do
	check_eq "alice old password, $svc, before the change" "$(sasl $svc alice Alice-Pass-1)" OK
	check_eq "alice new password, $svc, before the change" "$(sasl $svc alice Tr0mbone-Sky-1)" NO
done

# ---- the cache really is on: a change behind authd's back is not seen yet
check_eq "control: carol primed" "$(sasl smtp carol Carol-Pass-1)" OK
ldappasswd -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" -s Other-Carol-Pw-9 \
	"uid=carol,$PEOPLE_DN" >/dev/null 2>&1
check "control: carol's password changed in the directory" bind_ok carol Other-Carol-Pw-9
check_eq "control: without a flush authd still says OK to the old password (cache on)" \
	"$(sasl smtp carol Carol-Pass-1)" OK

# ---- the change through pwchange, which flushes alice from authd
PW_CONTROL_SOCKET="$RUN/control" pwchange_start || exit 1
api '{"user":"alice","current":"Alice-Pass-1","new":"Tr0mbone-Sky-1"}'
check_eq "change through the API: 200" "$HTTP_CODE" 200
check_fail "no warning: authd was told" grep -q '"warning"' <<<"$BODY"
for svc in smtp imap; do
	check_eq "alice new password, $svc, at once" "$(sasl $svc alice Tr0mbone-Sky-1)" OK
	check_eq "alice old password, $svc, at once" "$(sasl $svc alice Alice-Pass-1)" NO
done
check_match "authd logged the flush" "$(cat "$T/authd.log")" 'flush'

# ---- SCRAM-SHA-256 through libpostino.so's auxprop with the new password
SCRAM="$BUILD/tests/tools/sasl_scram_client"
SASL_SYS="$(pkg-config --variable=libdir libsasl2 2>/dev/null || echo /usr/lib/x86_64-linux-gnu)/sasl2"
# scram USER MECH PASSWORD - one SCRAM exchange; exit status 0 ok, 1 refused, 2 error
scram()
{
	printf '%s\n' "$3" | ASAN_OPTIONS=detect_leaks=0 "$SCRAM" -p "$BUILD/sasl2:$SASL_SYS" -m "$2" "$1"
}
if [ -x "$SCRAM" ] && [ -f "$BUILD/sasl2/libpostino.so" ]; then
	check "SCRAM-SHA-256 with the new password" scram alice SCRAM-SHA-256 Tr0mbone-Sky-1
	check "SCRAM-SHA-1 with the new password" scram alice SCRAM-SHA-1 Tr0mbone-Sky-1
	scram alice SCRAM-SHA-256 Alice-Pass-1 >"$T/scram-old.out" 2>&1
	check_eq "SCRAM-SHA-256 with the old password is refused (exit 1)" "$?" 1
else
	echo "SKIP: SCRAM through libpostino.so ($SCRAM or $BUILD/sasl2/libpostino.so not built)"
fi

# ---- authd gone: the change stands, with a warning
kill "$AUTHD_PID"
for _ in $(seq 1 50); do
	[ -S "$RUN/control" ] || break
	sleep 0.1
done
api '{"user":"bob","current":"Bob-Pass-1","new":"Cobalt-River-31"}'
check_eq "change with authd down: 200" "$HTTP_CODE" 200
check_match "... with a warning about the mail servers" "$BODY" '"warning":"The mail servers'
check "... and the directory has the new password" bind_ok bob Cobalt-River-31
check_match "the failed flush is logged" "$(cat "$PW_LOG")" 'cannot flush bob'

pwchange_stop
t_done pwchange-authd
