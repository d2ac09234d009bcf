#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/authd-churn.sh: two postino-authd instances with the
# credential cache on (TTL 300 s) follow one slapd through 1,000 password
# changes (the Password Modify operation, as ldappasswd sends it, by
# tests/tools/ldap_churn; 20 accounts in turn, one change every 60 ms, so
# each password lives about 1.2 s) while a load checker asks both
# instances, without pause, for each account's current and previous
# password and records every answer. Afterwards: no OK for a password more
# than 1 s after the change that replaced it had completed, and no NO for a
# password that had been current for more than 1 s; the largest staleness
# seen is printed. Bounded: CHURN_CHANGES (1000) changes in at most 100 s, the test
# in at most 150 s.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/authd-common.bash"

CHANGES=${CHURN_CHANGES:-1000}
NUSERS=20
authd_init authd-churn -u "$NUSERS"
# Wrong passwords are part of the load: no lockout, no delays.
ldapmodify -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" >/dev/null <<EOF
dn: cn=default,ou=policies,$BASE_DN
changetype: modify
replace: pwdLockout
pwdLockout: FALSE
-
replace: pwdMaxFailure
pwdMaxFailure: 0
-
replace: pwdInHistory
pwdInHistory: 0
EOF
check_eq "lockout off for the churn" "$?" 0

authd_conf "$T/a.conf" "authd_cache_negative_ttl: 300" "authd_penalty: no"
authd_start one "$T/a.conf" -c -t 300 || exit 1
SOCK1=$SOCK ALOG1=$ALOG APID1=$APID
authd_start two "$T/a.conf" -c -t 300 || exit 1
SOCK2=$SOCK ALOG2=$ALOG
for _ in $(seq 100); do
	grep -q 'change stream: in sync' "$ALOG1" && grep -q 'change stream: in sync' "$ALOG2" && break
	sleep 0.1
done
check "both instances follow the directory" grep -q 'change stream: in sync' "$ALOG2"

timeout 150 "$PY" - "$SOCK1" "$SOCK2" "$CHANGES" "$NUSERS" "$LDAP_URI" "$ROOT_DN" "$ROOT_PW" \
	"$PEOPLE_DN" "$BUILD/tests/tools/ldap_churn" >"$T/churn.out" 2>&1 <<'PY' &
import random, socket, struct, subprocess, sys, threading, time
sock1, sock2, changes, nusers, uri, rootdn, rootpw, people, churn = sys.argv[1:10]
changes, nusers = int(changes), int(nusers)
now = lambda: time.monotonic() * 1000.0
users = ["u%05d" % i for i in range(1, nusers + 1)]
lock = threading.Lock()
# per user: [password, valid_from_ms, replace_started_ms, replace_done_ms]
hist = {u: [["pw-" + u, 0.0, None, None]] for u in users}
answers = []
stop = False

def ask(path, user, pw):
    req = b"".join(struct.pack(">H", len(f)) + f for f in (user.encode(), pw.encode(), b"imap", b""))
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(15)
    try:
        s.connect(path)
        s.sendall(req)
        buf = b""
        while True:
            c = s.recv(100)
            if not c:
                break
            buf += c
    except OSError:
        return "ERR"
    finally:
        s.close()
    return buf[2:4].decode("latin-1") if len(buf) >= 4 else "CLOSED"

def checker(n):
    rnd = random.Random(n)
    path = sock1 if n % 2 == 0 else sock2
    while not stop:
        u = rnd.choice(users)
        with lock:
            h = hist[u]
            entry = h[-1] if len(h) == 1 or rnd.random() < 0.5 else h[-2]
        t0 = now()
        r = ask(path, u, entry[0])
        answers.append((t0, now(), u, entry, r, n % 2))
        time.sleep(0.001)

threads = [threading.Thread(target=checker, args=(n,)) for n in range(4)]
for t in threads:
    t.start()
t_start = now()
# ldap_churn prints "START END UID PASSWORD" (CLOCK_MONOTONIC ms) per change.
proc = subprocess.Popen([churn, uri, rootdn, people, str(nusers), str(changes), "100", "60"],
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
proc.stdin.write(rootpw + "\n")
proc.stdin.close()
done = 0
for line in proc.stdout:
    c0, c1, u, pw = line.split()
    with lock:
        hist[u][-1][2] = float(c0)   # the change may apply from its start...
        hist[u][-1][3] = float(c1)   # ...and has applied by its end
        hist[u].append([pw, float(c1), None, None])
    done += 1
failed_changes = 1 if proc.wait() != 0 else 0
time.sleep(1.5)
stop = True
for t in threads:
    t.join()
# verdicts
stale_ok = wrong_no = other = 0
worst = None
for (t0, t1, u, e, r, inst) in answers:
    pw, valid_from, rstart, rdone = e
    if r == "OK" and rdone is not None:
        s = t0 - rdone               # > 0: asked after the change was done
        worst = s if worst is None or s > worst else worst
        if s > 1000:
            stale_ok += 1
    elif r == "NO" and (rstart is None or t1 < rstart) and t0 - valid_from > 1000:
        wrong_no += 1
    elif r not in ("OK", "NO"):
        other += 1
print("changes=%d failed_changes=%d answers=%d stale_ok=%d wrong_no=%d errors=%d "
      "largest_staleness_ms=%s seconds=%.1f" % (done, failed_changes, len(answers), stale_ok,
      wrong_no, other, "none" if worst is None else "%d" % round(worst), (now() - t_start) / 1000))
PY
CHURN_PID=$!
harness_track_pid "$CHURN_PID"
wait "$CHURN_PID"
RES=$(tail -n 1 "$T/churn.out")
echo "churn: $RES"
val() { echo "$RES" | sed -n "s/.*\b$1=\([^ ]*\).*/\1/p"; }
check_eq "all $CHANGES changes made" "$(val changes)/$(val failed_changes)" "$CHANGES/0"
check "thousands of answers checked" test "${RES:+$(val answers)}" -ge 2000
check_eq "no OK for a password more than 1 s after its change (largest staleness $(val largest_staleness_ms) ms)" \
	"$(val stale_ok)" 0
check_eq "no NO for a password current for more than 1 s" "$(val wrong_no)" 0
check_eq "no errors" "$(val errors)" 0
check "instance one still runs" kill -0 "$APID1"
authd_stop
HITS=$(cat "$ALOG1" "$ALOG2" | grep -c 'cache=hit')
MISSES=$(cat "$ALOG1" "$ALOG2" | grep -c 'cache=miss')
echo "churn: cache hits $HITS, misses $MISSES"
check "the caches answered many of them" test "$HITS" -gt 1000
t_done authd-churn
