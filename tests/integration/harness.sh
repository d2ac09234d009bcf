#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/harness.sh: the throwaway-slapd harness itself. Every
# other integration test trusts it to start, fault and stop slapd as
# documented, and to leave no process or temp dir behind, so those
# promises are checked here.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/harness/assert.sh"

harness_init harness
slapd_start -u 50 || exit 1
slapd_start -n b -u 50 -f || exit 1

alive()
{
	kill -0 "$1" 2>/dev/null
}

whoami_u()
{
	timeout 5 ldapwhoami -x -o nettimeout=2 -H "$1" -D "uid=$2,$PEOPLE_DN" -w "pw-$2"
}

# ---- two instances, the same DIT, different ports
check "default instance: generated user u00050 binds" whoami_u "$LDAP_URI" u00050
check "instance b: generated user u00050 binds" whoami_u "$b_LDAP_URI" u00050
check_fail "there is no u00051" whoami_u "$LDAP_URI" u00051
check_match "instance b has its own port" "$b_LDAP_URI" "^ldap://127\.0\.0\.1:[0-9]+$"
check "the two instances listen on different ports" [ "$b_LDAP_URI" != "$LDAP_URI" ]
check "the two instances are different processes" [ "$b_SLAPD_PID" != "$SLAPD_PID" ]
check_eq "instance b exports the constants prefixed too" "$b_AUTHD_DN" "$AUTHD_DN"
check "slapd runs unprivileged" [ "$(ps -o user= -p "$SLAPD_PID")" = openldap ]
check "the CA verifies the server certificate for 127.0.0.1" \
	openssl verify -CAfile "$TLS_CA" -verify_ip 127.0.0.1 "$TLS_SERVER_CERT"
check "the CA verifies carol's client certificate" \
	openssl verify -CAfile "$TLS_CA" -purpose sslclient "$TLS_CAROL_CERT"
check_fail "the CA does not verify the untrusted client certificate" \
	openssl verify -CAfile "$TLS_CA" "$TLS_OTHER_CERT"
check "the other CA does" openssl verify -CAfile "$TLS_OTHER_CA" "$TLS_OTHER_CERT"
check_match "carol's certificate has her subject" \
	"$(openssl x509 -noout -subject -nameopt RFC2253 -in "$TLS_CAROL_CERT")" \
	'^subject=CN=Carol Example,OU=People,O=Example,C=IT$'
check "ldaps:// serves the test certificate" ldapwhoami -x -H "$LDAPS_URI"

# ---- faults: pause, resume, kill, restart
slapd_pause b
check_fail "a paused slapd does not answer" whoami_u "$b_LDAP_URI" u00001
check "the default instance is unaffected" whoami_u "$LDAP_URI" u00001
slapd_resume b
check "a resumed slapd answers" whoami_u "$b_LDAP_URI" u00001
check "a change before a restart" ldapmodify -x -H "$b_LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" <<EOF
dn: uid=u00002,$PEOPLE_DN
changetype: modify
replace: mail
mail: restarted@example.org
EOF
old_pid=$b_SLAPD_PID
old_uri=$b_LDAP_URI
slapd_kill b
check_fail "a killed slapd is gone" alive "$old_pid"
check_fail "and does not answer" whoami_u "$old_uri" u00001
slapd_restart b
check_eq "restart keeps the port" "$b_LDAP_URI" "$old_uri"
check "restart gives a new PID" [ "$b_SLAPD_PID" != "$old_pid" ]
check "a restarted slapd answers" whoami_u "$b_LDAP_URI" u00001
out=$(ldapsearch -x -LLL -H "$b_LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" -b "uid=u00002,$PEOPLE_DN" -s base mail)
check_match "restart keeps the data" "$out" '^mail: restarted@example.org$'
old_pid=$b_SLAPD_PID
slapd_stop b
check_fail "slapd_stop stops it" alive "$old_pid"
check_fail "slapd_start refuses an existing instance" slapd_start -n b

# ---- cleanup on exit: a child test that is killed, one that fails, and
# one that keeps its files
child="$T/child.sh"
cat >"$child" <<'EOF'
. "$HARNESS_TOP/tests/harness/slapd.sh"
harness_init child
slapd_start || exit 1
sleep 600 &
harness_track_pid $!
echo "$!" >"$OUT.sleep"
kill -STOP $!
harness_at_exit 'touch "$OUT.atexit"'
if [ "${FAIL_NOW:-0}" = 1 ]; then
	echo "$T $SLAPD_PID" >"$OUT"
	exit 3
fi
sleep 600 &
harness_track_pid $!
# Only now is everything tracked: tell the parent it may send SIGTERM.
echo "$T $SLAPD_PID" >"$OUT"
wait $!
EOF
for mode in term fail keep; do
	OUT="$T/child-$mode"
	rm -f "$OUT" "$OUT.atexit" "$OUT.sleep"
	case $mode in
	term)
		OUT=$OUT bash "$child" >"$OUT.log" 2>&1 &
		cpid=$!
		for i in $(seq 150); do
			[ -s "$OUT" ] && break
			sleep 0.1
		done
		kill -TERM "$cpid"
		wait "$cpid"
		rc=$?
		check_eq "$mode: the child's exit status reports SIGTERM" "$rc" 143
		;;
	fail)
		OUT=$OUT FAIL_NOW=1 bash "$child" >"$OUT.log" 2>&1
		check_eq "$mode: the child's exit status survives the cleanup" "$?" 3
		;;
	keep)
		OUT=$OUT FAIL_NOW=1 KEEP_TMP=1 bash "$child" >"$OUT.log" 2>&1
		;;
	esac
	read -r ctmp cpid_slapd <"$OUT"
	check_fail "$mode: the child's slapd is stopped" alive "$cpid_slapd"
	check_fail "$mode: the child's stopped sleep is stopped" alive "$(cat "$OUT.sleep")"
	check "$mode: the at-exit command ran" [ -e "$OUT.atexit" ]
	if [ "$mode" = keep ]; then
		check "$mode: KEEP_TMP=1 keeps the temp dir" [ -d "$ctmp/slapd" ]
		rm -rf "$ctmp"
	else
		check_fail "$mode: the temp dir is removed" [ -e "$ctmp" ]
	fi
done

t_done harness
