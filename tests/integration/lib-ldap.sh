#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/lib-ldap.sh: lib/ldap_conn.c against a real slapd.
#
# Opening (plain, StartTLS, ldaps://, each handle with its own TLS
# options), binding (good, wrong and empty passwords, ppolicy reasons,
# SASL EXTERNAL over ldapi://), failover to the next URI, and the
# time-outs: a port that never completes the TCP handshake, and a slapd
# that accepts connections but never answers. Driven by the test tool
# tests/tools/ldap_probe.c.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/harness/assert.sh"

PROBE="$BUILD/tests/tools/ldap_probe"
if [ ! -x "$PROBE" ]; then
	echo "lib-ldap: $PROBE missing; run make first" >&2
	exit 1
fi

harness_init lib-ldap
slapd_start || exit 1

# probe ARGS... - run the tool, bounded in time whatever happens
probe()
{
	timeout 60 "$PROBE" "$@"
}

dn_of()
{
	echo "uid=$1,$PEOPLE_DN"
}

# A port where nothing listens, and one that never completes a handshake:
# a listener with a backlog of 0 whose queue is already full, so the
# kernel drops further SYNs and connect() waits for the time-out.
dead_port=$(harness_free_ports 1)
python3 - >"$T/blackhole.port" <<'PY' &
import socket, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(0)
port = s.getsockname()[1]
fill = []
for _ in range(3):
    c = socket.socket()
    c.setblocking(False)
    try:
        c.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    fill.append(c)
print(port, flush=True)
time.sleep(300)
PY
harness_track_pid $!
for _ in $(seq 100); do
	[ -s "$T/blackhole.port" ] && break
	sleep 0.1
done
hole_port=$(cat "$T/blackhole.port")

# ---- opening
out=$(probe open "$LDAP_URI")
check_eq "open a running slapd" "$out" "open: OK"
out=$(probe -o ldap_timeout=2 open "ldap://127.0.0.1:$dead_port/")
check_match "refused port is TEMPFAIL and names the URI" "$out" \
	"^open: TEMPFAIL .*127.0.0.1:$dead_port"
out=$(probe -o ldap_timeout=2 open "ldap://127.0.0.1:$hole_port/")
check_match "unanswered handshake times out in ldap_conn_open as TEMPFAIL" "$out" \
	"^open: TEMPFAIL "
out=$(probe open "nonsense://x/")
check_match "bad URI is PERMFAIL" "$out" "^open: PERMFAIL "

# ---- TLS: each handle has its own options (LDAP_OPT_X_TLS_NEWCTX)
out=$(LDAPTLS_CACERT= probe -o ldap_start_tls=yes -o ldap_tls_check_peer=yes \
	-o "ldap_tls_cacert_file=$TLS_CA" open "$LDAP_URI" \
	-o "ldap_tls_cacert_file=$TLS_OTHER_CA" open "$LDAP_URI" \
	-o "ldap_tls_cacert_file=$TLS_CA" open "$LDAP_URI")
check_eq "StartTLS: right CA, wrong CA, right CA again in one process" \
	"$(cut -d' ' -f1-2 <<<"$out" | tr '\n' ' ')" "open: OK open: TEMPFAIL open: OK "
out=$(LDAPTLS_CACERT= probe -o ldap_tls_check_peer=yes -o "ldap_tls_cacert_file=$TLS_CA" \
	open "$LDAPS_URI" -o "ldap_tls_cacert_file=$TLS_OTHER_CA" open "$LDAPS_URI")
check_eq "ldaps://: right CA, then wrong CA" \
	"$(cut -d' ' -f1-2 <<<"$out" | tr '\n' ' ')" "open: OK open: TEMPFAIL "
out=$(LDAPTLS_CACERT= probe -o ldap_tls_check_peer=no -o "ldap_tls_cacert_file=$TLS_OTHER_CA" \
	open "$LDAPS_URI")
check_eq "ldap_tls_check_peer no skips verification" "$out" "open: OK"

# ---- binds
out=$(probe bind "$LDAP_URI" "$(dn_of alice)" <<<"Alice-Pass-1")
check_match "alice binds" "$out" "^bind: OK rc=0 "
out=$(probe bind "$LDAP_URI" "$(dn_of alice)" <<<"Alice-Pass-2")
check_match "wrong password is PERMFAIL, invalid credentials" "$out" "^bind: PERMFAIL rc=49 "
out=$(probe bind "$LDAP_URI" "uid=nobody,$PEOPLE_DN" <<<"x")
check_match "unknown DN is PERMFAIL" "$out" "^bind: PERMFAIL rc=49 "
out=$(probe bind "$LDAP_URI" "$(dn_of frank)" <<<"Frank-Pass-1")
check_match "locked account: ppolicy says so" "$out" \
	"^bind: PERMFAIL rc=49 ppolicy=account locked"
out=$(probe bind "$LDAP_URI" "$(dn_of gina)" <<<"Gina-Pass-1")
check_match "expired password: ppolicy says so" "$out" \
	"^bind: PERMFAIL rc=49 ppolicy=password expired"
out=$(probe anon "$LDAPI_URI")
check_match "NULL DN over ldapi:// is SASL EXTERNAL" "$out" "^anon: OK rc=0 "

# ---- service binds and failover (ldap_conn_connect)
out=$(probe -o "ldap_servers=ldap://127.0.0.1:$dead_port/ $LDAP_URI" \
	-o "ldap_bind_dn=$AUTHD_DN" -o "ldap_password=$AUTHD_PW" connect)
check_eq "failover to the second URI, bound as authd" "$out" \
	"connect: OK whoami=dn:$AUTHD_DN"
printf '%s\n' "$AUTHD_PW" >"$T/authd.pw"
out=$(probe -o "ldap_servers=$LDAP_URI" -o "ldap_bind_dn=$AUTHD_DN" \
	-o "ldap_password_file=$T/authd.pw" connect)
check_eq "service password from ldap_password_file" "$out" "connect: OK whoami=dn:$AUTHD_DN"
out=$(probe -o "ldap_servers=$LDAP_URI" -o "ldap_bind_dn=$AUTHD_DN" \
	-o "ldap_password=wrong" connect)
check_match "wrong service password is PERMFAIL" "$out" "^connect: PERMFAIL "
out=$(probe -o "ldap_servers=$LDAPI_URI" connect)
check_match "no bind DN over ldapi:// binds as root via EXTERNAL" "$out" \
	"^connect: OK whoami=dn:gidNumber=0\+uidNumber=0,cn=peercred,cn=external,cn=auth"

# ---- a hung directory: accepted connections, no answers
slapd_pause
harness_at_exit "slapd_resume"
out=$(probe -o ldap_timeout=2 bind "$LDAP_URI" "$(dn_of alice)" <<<"Alice-Pass-1")
check_match "bind to a hung slapd times out as TEMPFAIL, never OK" "$out" \
	"^bind: TEMPFAIL rc=-5 "
out=$(probe -o ldap_timeout=2 bind "$LDAP_URI" "$(dn_of alice)" <<<"")
check_match "empty password refused before any traffic (no time-out)" "$out" \
	"^bind: PERMFAIL rc=49 "
slapd_resume
out=$(probe bind "$LDAP_URI" "$(dn_of alice)" <<<"Alice-Pass-1")
check_match "after resume alice binds again" "$out" "^bind: OK "

t_done lib-ldap
