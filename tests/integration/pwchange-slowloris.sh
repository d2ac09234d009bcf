#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/pwchange-slowloris.sh: 64 TLS connections from 64
# loopback addresses (127.16.1.1-64), each sending one header byte a second
# and reconnecting when closed, against postino-pwchange's default
# connection limits. During the attack, password changes from another
# address still succeed in bounded time; every slow connection is closed
# by its absolute deadline (pwchange_request_deadline) or to make room,
# whatever its trickle of bytes. Run with the default limits and with a
# total limit (48) below the number of attackers.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/harness/assert.sh"
. "$TOP/tests/integration/pwchange-common.bash"

DEADLINE=5
ATTACK_SECS=30

harness_init pwchange-slowloris
slapd_start || exit 1
cat >"$T/slowloris.py" <<'PY'
import json, socket, ssl, sys, threading, time
port, secs, nconn = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
req = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200 + b"\r\n\r\n"
end = time.monotonic() + secs
lock = threading.Lock()
stats = {"connections": 0, "closed_by_server": 0, "max_life": 0.0, "refused": 0}

def one(i):
    src = "127.16.1.%d" % (i + 1)
    while time.monotonic() < end:
        t0 = time.monotonic()
        try:
            raw = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(src, 0))
            s = ctx.wrap_socket(raw)
            s.settimeout(1.0)
        except OSError:
            with lock:
                stats["refused"] += 1
            time.sleep(0.2)
            continue
        with lock:
            stats["connections"] += 1
        closed = False
        for b in req:
            if time.monotonic() >= end:
                break
            try:
                s.sendall(bytes([b]))
                try:
                    if s.recv(1) == b"":
                        closed = True
                        break
                except socket.timeout:
                    pass
            except (OSError, ssl.SSLError):
                closed = True
                break
        life = time.monotonic() - t0
        with lock:
            if closed:
                stats["closed_by_server"] += 1
                stats["max_life"] = max(stats["max_life"], life)
        try:
            s.close()
        except OSError:
            pass

ts = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(nconn)]
for t in ts:
    t.start()
for t in ts:
    t.join(secs + 15)
print(json.dumps(stats))
PY
# attack NAME - run the attack, make 4 changes during it, check both
attack()
{
	local name=$1 ok=0 slowest=0 i new t0 ms stats conns closed life
	"$HARNESS_PYTHON" "$T/slowloris.py" "$PW_PORT" "$ATTACK_SECS" 64 >"$T/slow.json" 2>"$T/slow.err" &
	SLOW_PID=$!
	harness_track_pid "$SLOW_PID"
	sleep 6

	# Changes from 127.0.0.1 while the attack runs: each must succeed in time.
	for i in 1 2 3 4; do
		new="Tr0mbone-$name-$i$i"
		t0=$(date +%s%N)
		api "{\"user\":\"alice\",\"current\":\"$pw\",\"new\":\"$new\"}"
		ms=$((($(date +%s%N) - t0) / 1000000))
		[ "$ms" -gt "$slowest" ] && slowest=$ms
		if [ "$HTTP_CODE" = 200 ]; then
			ok=$((ok + 1))
			pw=$new
		else
			echo "change $i: HTTP $HTTP_CODE after ${ms} ms: $BODY" >&2
		fi
		sleep 3
	done
	check_eq "$name: 4 changes during the attack all succeed" "$ok" 4
	check "$name: the slowest took under 15 s (${slowest} ms)" test "$slowest" -lt 15000
	check "$name: alice binds with the last one" bind_ok alice "$pw"

	wait "$SLOW_PID"
	stats=$(cat "$T/slow.json")
	echo "slowloris ($name): $stats"
	conns=$("$HARNESS_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["connections"])' <<<"$stats")
	closed=$("$HARNESS_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["closed_by_server"])' <<<"$stats")
	life=$("$HARNESS_PYTHON" -c 'import json,sys; print(int(json.load(sys.stdin)["max_life"]))' <<<"$stats")
	check "$name: the attack opened at least 64 connections ($conns)" test "${conns:-0}" -ge 64
	check "$name: the server closed slow connections ($closed)" test "${closed:-0}" -ge 64
	check "$name: none lived past the deadline + 4 s (longest ${life} s)" test "${life:-99}" -le $((DEADLINE + 4))
	check "$name: healthy after the attack" curl_pw -f "$PW_URL/healthz"
}

pw=Alice-Pass-1
pwchange_start "pwchange_request_deadline=$DEADLINE" || exit 1
attack defaults
pwchange_stop
# Fewer connections than attackers: the per-network limit (pwchange_max_per_network,
# 32) keeps the rest free.
pwchange_start "pwchange_request_deadline=$DEADLINE" pwchange_max_connections=48 \
	pwchange_spare_connections=8 || exit 1
attack small-limit
pwchange_stop
t_done pwchange-slowloris
