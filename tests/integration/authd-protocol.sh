#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/authd-protocol.sh: postino-authd on the wire, against
# a real slapd: testsaslauthd (4 fields) gets OK and NO; raw 4- and
# 5-field requests; a 4-field client that waits for its answer; a client
# that sends nothing while others are served; a slow client within and
# beyond the read deadline; NUL bytes, oversize fields, trailing bytes,
# empty password and login; the process and socket it leaves behind
# (privileges dropped, socket mode, pid file); the password never logged.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/authd-common.bash"

authd_init authd-protocol -u 300
authd_conf "$T/p.conf" "authd_user: nobody" "authd_field5_wait_ms: 500"
authd_start p "$T/p.conf" || exit 1

# -- testsaslauthd, the stock 2.1.28 client (4 fields)
check_eq "testsaslauthd: alice, right password -> OK" "$(tsa alice Alice-Pass-1 smtp)" OK
check_eq "testsaslauthd: alice, wrong password -> NO" "$(tsa alice Alice-Pass-2 smtp)" NO
check_eq "testsaslauthd: unknown user -> NO" "$(tsa nosuchuser Alice-Pass-1 smtp)" NO
check_eq "testsaslauthd: default service imap" "$(tsa bob Bob-Pass-1)" OK

# -- raw requests
check_eq "raw 4 fields -> OK" "$(mux fields alice Alice-Pass-1 smtp '')" OK
check_eq "raw 5 fields -> OK" "$(mux fields alice Alice-Pass-1 smtp '' '127.0.0.1;4711')" OK
check_eq "raw 5 fields, wrong password -> NO" \
	"$(mux fields alice nope smtp '' '127.0.0.1;4711')" NO
check_match "the 5th field (client address) is logged" "$(cat "$ALOG")" 'addr="127.0.0.1;4711"'
# A 4-field request written field by field, the client then waiting: it
# must get its answer (after the short wait for a 5th field), not hang.
req4_alice="0005616c696365 000c416c6963652d506173732d31 0004736d7470 0000"
set -- $req4_alice
check_eq "4 fields written one by one, client waits -> OK" \
	"$(WAIT=5 mux raw "$1" 0.05 "$2" 0.05 "$3" 0.05 "$4")" OK
# ... and a 5th field that follows a moment later is taken as the 5th.
check_eq "5th field arriving after a pause -> OK" \
	"$(WAIT=5 mux raw "$1" 0.3 "$2$3$4" 0.05 00033a3a31)" OK
check_match "the late 5th field was logged" "$(cat "$ALOG")" 'addr="::1"'

# -- malformed input: refused with NO, never truncated into something else
check_eq "NUL in the password -> NO" "$(mux fields alice 'Alice-Pass-1\x00junk' smtp '')" NO
check_eq "NUL in the login -> NO" "$(mux fields 'alice\x00bob' Alice-Pass-1 smtp '')" NO
check_eq "empty password -> NO" "$(mux fields alice '' smtp '')" NO
check_eq "empty login -> NO" "$(mux fields '' Alice-Pass-1 smtp '')" NO
long=$(printf 'a%.0s' $(seq 300))
check_eq "300-byte login -> NO" "$(mux fields "$long" Alice-Pass-1 smtp '')" NO
check_eq "300-byte password -> NO" "$(mux fields alice "$long" smtp '')" NO
check_eq "256-byte password is allowed (and wrong) -> NO" \
	"$(mux fields alice "${long:0:256}" smtp '')" NO
check_eq "bytes after the 5th field -> NO" \
	"$(mux raw "${req4_alice// /}000100ff")" NO
# Only a whole 4- or 5-field request is answered (saslauthd's framing).
half_close()
{
	"$PY" - "$SOCK" "$1" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(bytes.fromhex(sys.argv[2]))
s.shutdown(socket.SHUT_WR)
s.settimeout(8)
try:
    b = s.recv(10)
    print("CLOSED" if b == b"" else "ANSWERED " + b[2:].decode(errors="replace"))
except socket.timeout:
    print("TIMEOUT")
EOF
}
check_eq "4 fields and a stray byte, then EOF -> closed without an answer" \
	"$(half_close "${req4_alice// /}00")" CLOSED
check_eq "4 fields and a stray byte, no EOF -> closed at the read deadline" \
	"$(WAIT=8 mux raw "${req4_alice// /}ff")" CLOSED
check_eq "a 5th field shorter than declared, then EOF -> closed without an answer" \
	"$(half_close "${req4_alice// /}000a3132372e30")" CLOSED
check_eq "a whole 4-field request then EOF -> OK" "$(half_close "${req4_alice// /}")" "ANSWERED OK"
check_eq "a whole 5-field request then EOF -> OK" \
	"$(half_close "${req4_alice// /}00033a3a31")" "ANSWERED OK"
check_eq "a half request then EOF -> closed without an answer" \
	"$("$PY" - "$SOCK" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(bytes.fromhex("0005616c696365000c416c"))
s.shutdown(socket.SHUT_WR)
s.settimeout(5)
print("CLOSED" if s.recv(10) == b"" else "ANSWERED")
EOF
)" CLOSED
check_match "the refusals are logged with a reason" "$(cat "$ALOG")" 'reason="NUL byte in password"'
check_match "oversize refusals are logged" "$(cat "$ALOG")" 'longer than 256'

# -- clients that send nothing, or too slowly, do not stop others
before=$(authd_stat client_timeouts)
mux silent 4 >"$T/silent.out" &
silent_pid=$!
others=""
for i in 1 2 3 4 5 6 7 8 9 10; do
	mux silent 4 >/dev/null &
	others="$others $!"
done
sleep 0.3
check_eq "served while 11 silent clients are connected" "$(tsa alice Alice-Pass-1 smtp)" OK
wait "$silent_pid"
check_eq "the silent client is closed at the read deadline" "$(cat "$T/silent.out")" CLOSED
# shellcheck disable=SC2086
wait $others
after=$(authd_stat client_timeouts)
check "the time-outs are counted" test "$after" -ge $((before + 11))
set -- $req4_alice
check_eq "slow client inside the read deadline -> OK" \
	"$(WAIT=5 mux raw "$1" 0.5 "$2" 0.5 "$3$4")" OK
check_eq "slow client past the read deadline -> closed" \
	"$(WAIT=6 mux raw "$1" 2.5 "$2$3$4")" CLOSED

# -- concurrency: 300 clients at once (each its own account, every other
# one with a wrong password) all get the right answer
"$PY" - "$SOCK" 300 >"$T/burst.out" <<'EOF'
import socket, struct, sys, threading
path, n = sys.argv[1], int(sys.argv[2])
res = {}
def one(i):
    user = b"u%05d" % (i + 1)
    pw = b"pw-" + user if i % 2 == 0 else b"wrong-pw"
    s = socket.socket(socket.AF_UNIX); s.settimeout(30)
    try:
        s.connect(path)
        s.sendall(b"".join(struct.pack(">H", len(f)) + f for f in (user, pw, b"smtp", b"")))
        buf = b""
        while len(buf) < 2 or len(buf) < 2 + struct.unpack(">H", buf[:2])[0]:
            c = s.recv(100)
            if not c:
                break
            buf += c
        res[i] = buf[2:].decode() or "CLOSED"
    except Exception as e:
        res[i] = "ERR " + str(e)
ts = [threading.Thread(target=one, args=(i,)) for i in range(n)]
for t in ts: t.start()
for t in ts: t.join()
good = sum(1 for i, r in res.items() if r == ("OK" if i % 2 == 0 else "NO"))
print(good)
EOF
check_eq "300 concurrent clients: every answer right" "$(cat "$T/burst.out")" 300

# -- the process: root dropped, socket mode, pid file
check_match "runs as nobody after binding" "$(grep '^Uid:' /proc/$APID/status)" \
	"$(id -u nobody)"
check_eq "socket mode 0660" "$(stat -c %a "$SOCK")" 660
check_eq "pid file beside the socket" "$(cat "$T/p/saslauthd.pid")" "$APID"
check_eq "control socket mode 0660, group postino (the defaults)" \
	"$(stat -c '%a %G' "$CTL")" "660 postino"
# A second daemon on the same socket must refuse, not steal it.
check_fail "a second authd on a live socket refuses to start" \
	timeout 10 "$AUTHD" -a ldap -C "$T/p.conf" -O "$T/empty.conf" -m "$T/p" -d
check_eq "the first one still answers" "$(tsa alice Alice-Pass-1 smtp)" OK

no_password_in_log
authd_stop
check "it exits on SIGTERM" test ! -e "/proc/$APID"
# -- idle connections at the limit: the oldest silent one makes room
authd_conf "$T/i.conf" "authd_max_connections: 16"
authd_start i "$T/i.conf" || exit 1
python3 - "$SOCK" <<'EOF' &
import socket, sys, time
socks = []
for i in range(40):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    try:
        s.connect(sys.argv[1])
    except OSError:
        pass
    socks.append(s)
time.sleep(4)
EOF
idle=$!
sleep 1
t0=$(date +%s%N)
check_eq "40 idle connections, limit 16: a new client is answered" \
	"$(tsa alice Alice-Pass-1 smtp)" OK
ms=$((($(date +%s%N) - t0) / 1000000))
check "... within 2 s (took $ms ms)" test "$ms" -lt 2000
wait "$idle"
authd_stop
t_done authd-protocol
