# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/authd-common.bash: what postino-authd's integration
# tests (authd-*.sh) share. Sourced, not run (run-tests runs *.sh only).
#
#   . "$TOP/tests/integration/authd-common.bash"
#   authd_init NAME [SLAPD ARGS]   harness_init + slapd_start
#   authd_conf FILE [LINES...]     a postino.conf for the harness's slapd
#                                  (bind mode, cn=authd, OK answers logged),
#                                  plus LINES
#   authd_start NAME CONF [FLAGS]  start postino-authd -d in $T/NAME; sets
#                                  SOCK, CTL, ALOG (its log) and APID
#   authd_stop NAME                SIGTERM, wait for it to go
#   tsa USER PW [SERVICE] [REALM]  testsaslauthd against $SOCK; prints OK, NO
#                                  or ERR (no answer)
#   ctl CMD                        one control command on $CTL; prints the reply
#   authd_stat KEY                 the value of KEY in "stats"
#   mux ARGS...                    the raw client (see mux_py below)
#   no_password_in_log             check that no sample password is in $ALOG
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/harness/assert.sh"

AUTHD="$BUILD/postino-authd"
# The system's python starts in a fraction of the time a version-manager
# shim takes, which matters for tests that time things.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
SASLCLIENT="$BUILD/tests/tools/sasl_plain_client"
# libsasl2 leaks a little at exit by design; the daemon is what is checked.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
SAMPLE_PASSWORDS="Alice-Pass-1 Bob-Pass-1 Carol-Pass-1 Dave-Pass-1 Erin-Pass-1 Frank-Pass-1 Gina-Pass-1"

authd_init()
{
	local name=$1
	shift
	harness_init "$name"
	if [ ! -x "$AUTHD" ]; then
		echo "authd: $AUTHD missing; run make first" >&2
		exit 1
	fi
	slapd_start "$@" || exit 1
	printf '%s\n' "$AUTHD_PW" >"$T/authd.pw"
	chmod 644 "$T/authd.pw"
}

# authd_conf FILE [LINES...] - bind mode against LDAP_URI as cn=authd.
# The daemon drops root to nobody, so its files must be world-readable
# (they are throwaway test files).
authd_conf()
{
	local f=$1 line
	shift
	{
		echo "ldap_servers: $LDAP_URI"
		echo "ldap_bind_dn: $AUTHD_DN"
		echo "ldap_password_file: $T/authd.pw"
		echo "ldap_search_base: $PEOPLE_DN"
		echo "ldap_filter: (uid=%u)"
		echo "ldap_timeout: 2"
		echo "authd_read_timeout_ms: 2000"
		# The tests read OK answers in the log (a LINE may turn it off again).
		echo "authd_log_success: yes"
		for line in "$@"; do
			echo "$line"
		done
	} >"$f"
	chmod 644 "$f"
}

# authd_start NAME CONF [FLAGS...] - CONF plus this instance's control
# socket; -O is $SASLCONF when set, else an empty file, so the machine's
# /etc/saslauthd.conf never leaks into a test.
authd_start()
{
	local name=$1 conf=$2 i
	shift 2
	mkdir -p "$T/$name"
	chmod 755 "$T/$name"
	SOCK="$T/$name/mux"
	CTL="$T/$name/control"
	ALOG="$T/$name.log"
	{
		cat "$conf"
		echo "control_socket: $CTL"
	} >"$T/$name.authd.conf"
	chmod 644 "$T/$name.authd.conf"
	: >"$T/empty.conf"
	chmod 644 "$T/empty.conf"
	"$AUTHD" -a ldap -C "$T/$name.authd.conf" -O "${SASLCONF:-$T/empty.conf}" -m "$T/$name" -d "$@" \
		>"$ALOG" 2>&1 </dev/null &
	APID=$!
	harness_track_pid "$APID"
	for i in $(seq 100); do
		[ -S "$SOCK" ] && [ -S "$CTL" ] && return 0
		kill -0 "$APID" 2>/dev/null || break
		sleep 0.1
	done
	echo "authd $name did not start:" >&2
	tail -20 "$ALOG" >&2
	return 1
}

# authd_stop - SIGTERM, wait for a clean exit; in a sanitizer build also
# check the log for AddressSanitizer/LeakSanitizer/UBSan reports.
authd_stop()
{
	local i rc=1
	kill -TERM "$APID" 2>/dev/null
	for i in $(seq 150); do
		if ! kill -0 "$APID" 2>/dev/null; then
			rc=0
			break
		fi
		sleep 0.1
	done
	[ "$rc" = 0 ] || kill -KILL "$APID" 2>/dev/null
	if [ "${SANITIZE:-0}" = 1 ]; then
		check_fail "no sanitizer report in $(basename "$ALOG")" \
			grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$ALOG"
	fi
	return "$rc"
}

tsa()
{
	local out
	out=$(timeout 20 testsaslauthd -f "$SOCK" -u "$1" -p "$2" -s "${3:-imap}" \
		${4:+-r "$4"} 2>&1)
	case $out in
	*'OK "Success."'*) echo OK ;;
	*'NO "authentication failed"'*) echo NO ;;
	*) echo ERR ;;
	esac
}

# mux_py - a raw saslauthd client; an oracle that shares no code with authd.
#   mux_py SOCK fields F1 F2 F3 F4 [F5]   one request, fields as Python
#                                         string literals (escapes allowed)
#   mux_py SOCK raw HEX [DELAY_S HEX...]  raw bytes, pieces with pauses
#   mux_py SOCK silent SECONDS            connect, send nothing, wait
# Prints the reply text, "CLOSED" (no reply) or "TIMEOUT"; with "raw" and
# "silent" as well. WAIT=secs (default 10) bounds the wait for the reply.
mux_py()
{
	"$PY" - "$@" <<'EOF'
import ast, os, socket, struct, sys, time
path, mode = sys.argv[1], sys.argv[2]
args = sys.argv[3:]
wait = float(os.environ.get("WAIT", "10"))
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(path)
def field(b):
    return struct.pack(">H", len(b)) + b
try:
    if mode == "fields":
        data = b"".join(field(ast.literal_eval("b'" + a + "'")) for a in args)
        s.sendall(data)
    elif mode == "raw":
        s.sendall(bytes.fromhex(args[0]))
        rest = args[1:]
        while rest:
            time.sleep(float(rest[0]))
            s.sendall(bytes.fromhex(rest[1]))
            rest = rest[2:]
    elif mode == "silent":
        wait = float(args[0])
except (BrokenPipeError, ConnectionResetError):
    # The daemon closed the connection while we were still sending.
    pass
s.settimeout(wait)
buf = b""
try:
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        buf += chunk
except socket.timeout:
    print("TIMEOUT")
    sys.exit(0)
except ConnectionResetError:
    pass
if len(buf) < 2:
    print("CLOSED")
else:
    n = struct.unpack(">H", buf[:2])[0]
    print(buf[2:2 + n].decode("latin-1"))
EOF
}

mux()
{
	mux_py "$SOCK" "$@"
}

ctl()
{
	"$PY" - "$CTL" "$1" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n")
out = b""
while True:
    c = s.recv(65536)
    if not c:
        break
    out += c
sys.stdout.write(out.decode())
EOF
}

authd_stat()
{
	ctl stats | sed -n "s/^$1=//p"
}

# no_password_in_log [PW...] - no sample password (nor PW) in any authd log
# of this test ($T/*.log are the daemons' logs)
no_password_in_log()
{
	local pw found=""
	for pw in $SAMPLE_PASSWORDS "$@"; do
		grep -qF -- "$pw" "$T"/*.log && found="$found $pw"
	done
	check_eq "no password appears in the authd logs" "$found" ""
}

# mux_loop OUT SECONDS MAX USER PW SERVICE - one client asking again and
# again (bounded by SECONDS and MAX requests, each waiting at most 15 s;
# it also stops once the file OUT.stop exists), writing "START_MS END_MS
# RESULT" per request to OUT (RESULT: OK, NO, CLOSED, TIMEOUT or ERR). Run
# it in the background.
mux_loop()
{
	"$PY" - "$SOCK" "$@" <<'PY'
import os, socket, struct, sys, time
path, out, secs, maxn, user, pw, svc = sys.argv[1:8]
end = time.time() + float(secs)
req = b"".join(struct.pack(">H", len(f)) + f for f in (user.encode(), pw.encode(), svc.encode(), b""))
with open(out, "w") as f:
    n = 0
    while time.time() < end and n < int(maxn) and not os.path.exists(out + ".stop"):
        n += 1
        t0 = time.time()
        res = "ERR"
        try:
            s = socket.socket(socket.AF_UNIX)
            s.settimeout(15)
            s.connect(path)
            s.sendall(req)
            buf = b""
            while True:
                c = s.recv(100)
                if not c:
                    break
                buf += c
            s.close()
            res = buf[2:].decode() if len(buf) >= 2 else "CLOSED"
        except socket.timeout:
            res = "TIMEOUT"
        except OSError:
            res = "ERR"
        f.write("%d %d %s\n" % (t0 * 1000, time.time() * 1000, res or "EMPTY"))
        f.flush()
        if res in ("ERR",):
            time.sleep(0.05)
PY
}

now_ms()
{
	date +%s%3N
}
