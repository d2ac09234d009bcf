# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/cli-common.bash: what postinoctl's integration tests
# (cli-*.sh) share. Sourced, not run (run-tests runs *.sh only).
#
#   . "$TOP/tests/integration/cli-common.bash"
#   cli_init NAME [ARGS]   harness_init + slapd_start ARGS + $T/postino.conf
#                          (postinoctl binds as cn=admin from a password file)
#   ctl ARGS...            run postinoctl with that config; sets RC, OUT
#                          (stdout) and ERR (stderr); never fails the shell
#   ctl_in TEXT ARGS...    the same with TEXT (plus a newline) on stdin
#   attr DN ATTR           the values of ATTR on DN, one a line, read as the
#                          rootdn (an oracle independent of postinoctl);
#                          base64 values are decoded
#   dump_all               every entry and value of the DIT, decoded
#   bind_ok UID PASSWORD   a simple bind as the user succeeds
#   authd_start [ARGS]     start postino-authd (-c: cache on) on the same
#                          config; sets AUTHD_PID, AUTHD_SOCK, AUTHD_LOG.
#                          Returns 1 (and says so) when it is not built.
#   tty_run PW1 PW2 CMD... run CMD on a pseudo-terminal, answering its two
#                          password prompts with PW1 and PW2; sets RC and OUT
#                          (everything the terminal showed)
#   have_scram             the SASL plugin and sasl_scram_client are built
#   scram_ok UID PASSWORD  a libsasl2 SCRAM-SHA-256 exchange succeeds
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/harness/assert.sh"

CTL_BIN=${CTL_BIN:-$BUILD/postinoctl}
AUTHD_BIN=${AUTHD_BIN:-$BUILD/postino-authd}
SCRAM_TOOL=${SCRAM_TOOL:-$BUILD/tests/tools/sasl_scram_client}
# libsasl2 and libldap keep some allocations until exit; leaks in our own
# code are looked for in the unit tests.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

cli_init()
{
	harness_init "$1"
	shift
	if [ ! -x "$CTL_BIN" ]; then
		echo "cli: $CTL_BIN missing; run make first" >&2
		exit 1
	fi
	slapd_start "$@" || exit 1
	mkdir -p "$T/authd"
	printf '%s\n' "$ADMIN_PW" >"$T/admin.pw"
	chmod 600 "$T/admin.pw"
	cat >"$T/postino.conf" <<CONF
# One file for postinoctl and postino-authd, as on a real host.
ldap_servers: $LDAP_URI
ldap_search_base: $BASE_DN
ldap_bind_dn: $AUTHD_DN
ldap_password: $AUTHD_PW
ldap_filter: (uid=%u)
ldap_timeout: 5
mux_socket: $T/authd/mux
control_socket: $T/authd/control
log_stderr: yes
ctl_bind_dn: $ADMIN_DN
ctl_password_file: $T/admin.pw
authd_user: root
CONF
}

ctl()
{
	"$CTL_BIN" -C "$T/postino.conf" "$@" >"$T/ctl.out" 2>"$T/ctl.err" </dev/null
	RC=$?
	OUT=$(cat "$T/ctl.out")
	ERR=$(cat "$T/ctl.err")
	return 0
}

ctl_in()
{
	local input=$1
	shift
	printf '%s\n' "$input" | "$CTL_BIN" -C "$T/postino.conf" "$@" >"$T/ctl.out" 2>"$T/ctl.err"
	RC=$?
	OUT=$(cat "$T/ctl.out")
	ERR=$(cat "$T/ctl.err")
	return 0
}

# ldif_decode - unfold LDIF and decode base64 values, so tests grep real values
ldif_decode()
{
	python3 -c '
import base64, re, sys
lines = []
for raw in sys.stdin.read().split("\n"):
    if raw.startswith(" ") and lines:
        lines[-1] += raw[1:]
    else:
        lines.append(raw)
for l in lines:
    m = re.match(r"^([A-Za-z0-9;.-]+)::(.*)$", l)
    if m:
        k, v = m.group(1), m.group(2)
        try:
            v = base64.b64decode(v.strip()).decode("utf-8", "replace")
        except Exception:
            pass
        print(k + ": " + v)
    else:
        print(l)
'
}

attr()
{
	ldapsearch -LLL -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" -b "$1" -s base \
		'(objectClass=*)' "$2" 2>/dev/null | ldif_decode |
		sed -n "s/^$2: //Ip"
}

dump_all()
{
	ldapsearch -LLL -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" -b "$BASE_DN" \
		'(objectClass=*)' '*' '+' 2>/dev/null | ldif_decode
}

bind_ok()
{
	ldapwhoami -x -H "$LDAP_URI" -D "uid=$1,$PEOPLE_DN" -w "$2"
}

authd_start()
{
	if [ ! -x "$AUTHD_BIN" ]; then
		echo "cli: $AUTHD_BIN not built; authd checks are skipped" >&2
		return 1
	fi
	AUTHD_SOCK="$T/authd/mux"
	AUTHD_LOG="$T/authd.log"
	"$AUTHD_BIN" -a ldap -C "$T/postino.conf" -m "$T/authd" -d "$@" </dev/null \
		>"$AUTHD_LOG" 2>&1 &
	AUTHD_PID=$!
	harness_track_pid "$AUTHD_PID"
	for _ in $(seq 1 100); do
		[ -S "$AUTHD_SOCK" ] && [ -S "$T/authd/control" ] && return 0
		kill -0 "$AUTHD_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "cli: postino-authd did not start:" >&2
	tail -n 20 "$AUTHD_LOG" >&2
	return 1
}

# sasl_ok UID PASSWORD SERVICE - testsaslauthd against authd says OK
sasl_ok()
{
	testsaslauthd -f "$AUTHD_SOCK" -u "$1" -p "$2" -s "$3" | grep -q '^0: OK'
}

have_scram()
{
	[ -x "$SCRAM_TOOL" ] && [ -f "$BUILD/sasl2/libpostino.so" ]
}

scram_ok()
{
	printf '%s\n' "$2" | "$SCRAM_TOOL" -H "$LDAP_URI" "$1" >/dev/null 2>&1
}

tty_run()
{
	local pw1=$1 pw2=$2
	shift 2
	cat >"$T/ttydrive.py" <<'PY'
import os, pty, sys, time, select
# usage: ttydrive.py PW1 PW2 -- argv...: answer two password prompts on a pty
pw1, pw2 = sys.argv[1], sys.argv[2]
argv = sys.argv[4:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(argv[0], argv)
out = b""
def read_until(token, timeout=10):
    global out
    end = time.time() + timeout
    while token not in out and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                out += os.read(fd, 4096)
            except OSError:
                break
    return token in out
read_until(b"password for")
os.write(fd, pw1.encode() + b"\n")
read_until(b"Again")
os.write(fd, pw2.encode() + b"\n")
end = time.time() + 15
while time.time() < end:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            d = os.read(fd, 4096)
        except OSError:
            break
        if not d:
            break
        out += d
# Bounded: a child still waiting for input is killed, and that is a failure.
status = None
end = time.time() + 20
while time.time() < end:
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = st
        break
    time.sleep(0.1)
if status is None:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    sys.stdout.write(out.decode("utf-8", "replace") + "\n(ttydrive: killed, still running)\n")
    sys.exit(98)
sys.stdout.write(out.decode("utf-8", "replace"))
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 99)
PY
	OUT=$(python3 "$T/ttydrive.py" "$pw1" "$pw2" -- "$@" 2>&1)
	RC=$?
	return 0
}
