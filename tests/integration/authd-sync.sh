#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/authd-sync.sh: the directory tells authd's cache. With
# the credential cache on (TTL 300 s) and the change stream following
# ou=people (syncprov), every change that decides a login is followed
# within 1 s by NO for the old answer, from testsaslauthd, and SCRAM and
# EXTERNAL through libsasl2 (plugin cache off) agree:
#   a password change by ldappasswd, by postinoctl, by postino-pwchange and
#   by a second postino-pwchange; an administrator lock, an unlock (a cached
#   refusal goes too), a service taken away, a delete, a rename.
# None of the tools can reach authd's control socket here: only the stream
# can tell it. Then the stream going away: slapd stopped (SIGSTOP) -> the
# cached answers stop being trusted after authd_sync_stale_s; slapd
# restarted -> the stream resyncs and follows changes again. Without
# syncprov, cached answers live at most authd_sync_stale_s. A stream
# server that sends garbage, stalls or sends a giant length -> resync after
# resync, no crash, logins still answered.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/authd-common.bash"

authd_init authd-sync -u 10
SCRAM_TOOL="$BUILD/tests/tools/sasl_scram_client"
TRY="$BUILD/tests/tools/sasl_try"
PLUGIN_PATH=$BUILD/sasl2:/usr/lib/x86_64-linux-gnu/sasl2
printf '%s\n' "$SCRAM_PW" >"$T/scram.pw"
LIMIT_MS=${SYNC_LIMIT_MS:-1000}

authd_conf "$T/a.conf" "authd_cache_negative_ttl: 300" "authd_sync_stale_s: 2"
authd_start a "$T/a.conf" -c -t 300 || exit 1

# last_line USER - authd's last request line for USER
last_line()
{
	grep "user=\"$1\"" "$ALOG" | tail -n 1
}

# cached USER PW SVC WANT - the answer is WANT, and the second time it
# comes from the cache
cached()
{
	tsa "$1" "$2" "$3" >/dev/null
	[ "$(tsa "$1" "$2" "$3")" = "$4" ] && last_line "$1" | grep -q 'cache=hit'
}

# turns_within USER PW SVC WANT - ask until the answer is WANT, for at most
# 3 s; prints the milliseconds it took (or "never")
turns_within()
{
	local t0
	t0=$(now_ms)
	for _ in $(seq 60); do
		if [ "$(tsa "$1" "$2" "$3")" = "$4" ]; then
			echo $(($(now_ms) - t0))
			return 0
		fi
		sleep 0.05
	done
	echo never
}

# watch USER PW SVC WANT - a poller in the background that asks authd
# again and again (a few ms apart) until an answer is WANT; once the change
# is marked done (watched), it writes the time from the mark to the start
# of that request in ms (0 if it came before the mark; "never" after 30 s)
watch()
{
	rm -f "$T/w.mark" "$T/w.out"
	"$PY" - "$SOCK" "$@" "$T/w.mark" "$T/w.out" <<'PY' &
import os, socket, struct, sys, time
path, user, pw, svc, want, mark, out = sys.argv[1:8]
req = b"".join(struct.pack(">H", len(f)) + f for f in (user.encode(), pw.encode(), svc.encode(), b""))
def ask():
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(10)
    try:
        s.connect(path)
        s.sendall(req)
        b = b""
        while True:
            c = s.recv(100)
            if not c:
                break
            b += c
    except OSError:
        return "ERR"
    finally:
        s.close()
    return b[2:4].decode("latin-1") if len(b) >= 4 else "CLOSED"
# Stop at the first WANT, even before the mark: every further refused
# request would be a failed bind for ppolicy's lockout count.
end = time.time() + 30
t_want = None
while time.time() < end and t_want is None:
    t0 = time.time() * 1000
    if ask() == want:
        t_want = t0
    else:
        time.sleep(0.003)
res = "never"
while t_want is not None and time.time() < end:
    if os.path.exists(mark):
        with open(mark) as f:
            res = "%d" % max(0, t_want - float(f.read().strip()))
        break
    time.sleep(0.01)
with open(out, "w") as f:
    f.write(res + "\n")
PY
	WPID=$!
	harness_track_pid "$WPID"
}

# watched DESC - the change is done: mark it, wait for the poller, check
watched()
{
	now_ms >"$T/w.mark.tmp" && mv "$T/w.mark.tmp" "$T/w.mark"
	wait "$WPID"
	within "$1" "$(cat "$T/w.out" 2>/dev/null)"
}

# within DESC MS - MS is a number no larger than LIMIT_MS
within()
{
	case $2 in
	never | '') check_eq "$1" "$2" "at most ${LIMIT_MS} ms" ;;
	*) check "$1 ($2 ms)" test "$2" -le "$LIMIT_MS" ;;
	esac
}

scram_ok()
{
	printf '%s\n' "$2" | "$SCRAM_TOOL" -p "$PLUGIN_PATH" -H "$LDAP_URI" -y "$T/scram.pw" "$1" \
		>/dev/null 2>&1
}

external_ok()
{
	"$TRY" -p "$PLUGIN_PATH" -o canon_user_plugin=postino -o auxprop_plugin=postino \
		-o "postino_ldap_uri=$LDAP_URI" -o "postino_ldap_bind_dn=$SCRAM_DN" \
		-o "postino_ldap_password_file=$T/scram.pw" -o "postino_ldap_search_base=$PEOPLE_DN" \
		-s imap -x ok -U carol -E "$TLS_CAROL_CERT" external >/dev/null 2>&1
}

ldif_root()
{
	ldapmodify -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" >/dev/null
}

for _ in $(seq 50); do
	grep -q 'change stream: in sync' "$ALOG" && break
	sleep 0.1
done
check_match "the stream follows ou=people" "$(cat "$ALOG")" 'change stream: in sync'
# The stream's counters (postinoctl stats; the same keys feed the metrics).
check_eq "stats: sync_live=1 once in sync" "$(authd_stat sync_live)" 1
check_match "stats: the refresh counted as a resync" "$(authd_stat sync_resyncs)" '^[1-9][0-9]*$'
check_match "stats: the refresh's entries were applied" "$(authd_stat sync_events)" '^[1-9][0-9]*$'
SYNC_EVENTS0=$(authd_stat sync_events)

# ---- ldappasswd, as the user (the Password Modify operation)
check "u00001: old password cached" cached u00001 pw-u00001 smtp OK
watch u00001 pw-u00001 smtp NO
ldappasswd -x -H "$LDAP_URI" -D "uid=u00001,$PEOPLE_DN" -w pw-u00001 -s Sync-Pass-1 >/dev/null
watched "ldappasswd: the old password is NO"
check_eq "... the new one OK" "$(tsa u00001 Sync-Pass-1 smtp)" OK
check "stats: the change moved sync_events ($SYNC_EVENTS0 before)" \
	test "$(authd_stat sync_events)" -gt "$SYNC_EVENTS0"
check_match "stats: sync_last_event_age_s is recent" "$(authd_stat sync_last_event_age_s)" '^[0-5]$'

# ---- postinoctl user passwd (its control socket leads nowhere)
printf '%s\n' "$ADMIN_PW" >"$T/admin.pw"
cat >"$T/ctl.conf" <<CONF
ldap_servers: $LDAP_URI
ldap_search_base: $BASE_DN
ldap_bind_dn: $AUTHD_DN
ldap_password: $AUTHD_PW
ldap_filter: (uid=%u)
control_socket: $T/no-authd-here
ctl_bind_dn: $ADMIN_DN
ctl_password_file: $T/admin.pw
CONF
check "u00002: old password cached" cached u00002 pw-u00002 smtp OK
watch u00002 pw-u00002 smtp NO
printf '%s\n' Sync-Pass-2 | "$BUILD/postinoctl" -C "$T/ctl.conf" user passwd u00002 \
	--password-stdin >/dev/null 2>&1
watched "postinoctl: the old password is NO"
check_eq "... the new one OK" "$(tsa u00002 Sync-Pass-2 smtp)" OK
check_fail "... SCRAM agrees: old password refused" scram_ok u00002 pw-u00002
check "... SCRAM: new password accepted" scram_ok u00002 Sync-Pass-2

# ---- postino-pwchange, two instances (another host's is the same to authd)
. "$TOP/tests/integration/pwchange-common.bash"
pwchange_start || exit 1
mv "$PW_LOG" "$T/pwchange-1.log"
PW1_URL=$PW_URL
pwchange_start || exit 1
PW2_URL=$PW_URL
check "u00003: old password cached" cached u00003 pw-u00003 smtp OK
watch u00003 pw-u00003 smtp NO
PW_URL=$PW1_URL api '{"user":"u00003","current":"pw-u00003","new":"Tr0mbone-Sky-3"}'
check_eq "pwchange 1: 200" "$HTTP_CODE" 200
watched "pwchange 1: the old password is NO"
check_fail "... SCRAM agrees" scram_ok u00003 pw-u00003
check "u00004: old password cached" cached u00004 pw-u00004 smtp OK
watch u00004 pw-u00004 smtp NO
PW_URL=$PW2_URL api '{"user":"u00004","current":"pw-u00004","new":"Tr0mbone-Sky-4"}'
check_eq "pwchange 2: 200" "$HTTP_CODE" 200
watched "pwchange 2: the old password is NO"
check_eq "... the new one OK" "$(tsa u00004 Tr0mbone-Sky-4 smtp)" OK
check_fail "... SCRAM agrees" scram_ok u00004 pw-u00004

# ---- an administrator lock, then the unlock (a cached refusal must go too)
check "carol: cached" cached carol Carol-Pass-1 imap OK
check "carol: EXTERNAL maps her certificate" external_ok
watch carol Carol-Pass-1 imap NO
ldif_root <<EOF
dn: uid=carol,$PEOPLE_DN
changetype: modify
replace: pwdAccountLockedTime
pwdAccountLockedTime: 000001010000Z
EOF
watched "lock: carol is NO"
check_fail "... EXTERNAL agrees" external_ok
check_fail "... SCRAM agrees" scram_ok carol Carol-Pass-1
check "locked carol: the refusal is cached" cached carol Carol-Pass-1 imap NO
watch carol Carol-Pass-1 imap OK
ldif_root <<EOF
dn: uid=carol,$PEOPLE_DN
changetype: modify
delete: pwdAccountLockedTime
EOF
watched "unlock: carol is OK again"

# ---- a service taken away
check "carol smtp: cached" cached carol Carol-Pass-1 smtp OK
watch carol Carol-Pass-1 smtp NO
ldif_root <<EOF
dn: uid=carol,$PEOPLE_DN
changetype: modify
delete: postinoService
postinoService: smtp
EOF
watched "smtp taken away: NO"

# ---- a delete
check "alice: cached" cached alice Alice-Pass-1 smtp OK
check "alice: SCRAM" scram_ok alice Alice-Pass-1
watch alice Alice-Pass-1 smtp NO
ldapdelete -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" "uid=alice,$PEOPLE_DN"
watched "delete: alice is NO"
check_fail "... SCRAM agrees" scram_ok alice Alice-Pass-1
check "carol: EXTERNAL still maps (before her delete)" external_ok
watch carol Carol-Pass-1 imap NO
ldapdelete -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" "uid=carol,$PEOPLE_DN"
watched "delete: carol is NO"
check_fail "... EXTERNAL agrees" external_ok

# ---- a rename (modrdn): the old name goes
check "u00007: cached" cached u00007 pw-u00007 smtp OK
watch u00007 pw-u00007 smtp NO
ldapmodrdn -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" -r "uid=u00007,$PEOPLE_DN" uid=renamed7
watched "rename: the old name is NO"
check_eq "... the new name OK" "$(tsa renamed7 pw-u00007 smtp)" OK

# ---- bind bookkeeping (lastbind, failure counts) does not empty the cache
check "bob: cached" cached bob Bob-Pass-1 imap OK
for _ in 1 2; do
	ldapwhoami -x -H "$LDAP_URI" -D "uid=bob,$PEOPLE_DN" -w Bob-Pass-1 >/dev/null
	sleep 1.1
done
check_eq "bob after lastbind writes: OK" "$(tsa bob Bob-Pass-1 imap)" OK
check_match "... still from the cache" "$(last_line bob)" 'cache=hit'

# ---- the stream goes away: a hung slapd
check "bob: cached" cached bob Bob-Pass-1 imap OK
n0=$(grep -c 'change stream: in sync' "$ALOG")
slapd_pause
sleep 3.5
check_eq "slapd hung for longer than authd_sync_stale_s: not answered from the cache" \
	"$(tsa bob Bob-Pass-1 imap)" ERR
check_match "... the outage is logged" "$(cat "$ALOG")" 'change stream not live'
check_eq "stats: sync_live=0 during the outage" "$(authd_stat sync_live)" 0
slapd_resume
for _ in $(seq 100); do
	[ "$(grep -c 'change stream: in sync' "$ALOG")" -gt "$n0" ] && break
	sleep 0.1
done
check "the stream resyncs when slapd answers again" test "$(grep -c 'change stream: in sync' "$ALOG")" -gt "$n0"
# (the first request may meet a pool connection that timed out meanwhile)
check_match "bob: OK again" "$(turns_within bob Bob-Pass-1 imap OK)" '^[0-9]+$'

# ---- slapd restarted: resync, then changes are followed again
n0=$(grep -c 'change stream: in sync' "$ALOG")
RECONNECTS0=$(authd_stat sync_reconnects)
RESYNCS0=$(authd_stat sync_resyncs)
slapd_restart || exit 1
for _ in $(seq 100); do
	[ "$(grep -c 'change stream: in sync' "$ALOG")" -gt "$n0" ] && break
	sleep 0.1
done
check "after a slapd restart the stream resyncs" test "$(grep -c 'change stream: in sync' "$ALOG")" -gt "$n0"
check "stats: the restart moved sync_reconnects ($RECONNECTS0 before)" \
	test "$(authd_stat sync_reconnects)" -gt "$RECONNECTS0"
check "stats: ... and sync_resyncs ($RESYNCS0 before)" test "$(authd_stat sync_resyncs)" -gt "$RESYNCS0"
check_eq "stats: live again" "$(authd_stat sync_live)" 1
check "u00005: cached" cached u00005 pw-u00005 smtp OK
watch u00005 pw-u00005 smtp NO
ldappasswd -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" -s Sync-Pass-5 "uid=u00005,$PEOPLE_DN" \
	>/dev/null
watched "after the restart: a change is NO at once"
authd_stop

# ---- no content synchronisation where the stream looks (the fallback):
# cached answers live at most authd_sync_stale_s
# (slapd's cn=config database has no syncprov: the server refuses the
# critical control there, as a directory without syncprov does)
authd_conf "$T/n.conf" "authd_sync_stale_s: 2" "authd_sync_base: cn=config"
authd_start n "$T/n.conf" -c -t 300 || exit 1
for _ in $(seq 50); do
	grep -q 'offers no content synchronisation' "$ALOG" && break
	sleep 0.1
done
check_match "without syncprov: logged, with the bound" "$(cat "$ALOG")" \
	'offers no content synchronisation.*at most 2 s'
# (a periodic flush may fall between the two logins: a few tries)
ok=no
for _ in 1 2 3; do
	cached u00006 pw-u00006 smtp OK && ok=yes && break
done
check_eq "u00006: cached (between two flushes)" "$ok" yes
ldappasswd -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" -s Sync-Pass-6 "uid=u00006,$PEOPLE_DN" \
	>/dev/null
ms=$(turns_within u00006 pw-u00006 smtp NO)
check "without syncprov: the old password is NO within the bound (2 s, +1 s slack): $ms ms" \
	test "$ms" != never -a "${ms/never/99999}" -le 3000
authd_stop

# ---- a stream server that misbehaves (authd_sync_servers), a real slapd
# for the logins
FAKE_PORT=$(harness_free_ports 1)
"$PY" - "$FAKE_PORT" >"$T/fake.log" 2>&1 <<'PY' &
import socket, sys, threading, time
port = int(sys.argv[1])
bind_ok = lambda mid: bytes([0x30, 0x0c, 0x02, 0x01, mid, 0x61, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00])
def entry_no_ctrl(mid):
    body = bytes([0x04, 0x03]) + b"o=x" + bytes([0x30, 0x00])
    op = bytes([0x64, len(body)]) + body
    return bytes([0x30, len(op) + 3, 0x02, 0x01, mid]) + op
def bad_info(mid):
    # intermediate response, Sync Info OID, a value that is not a CHOICE
    oid = b"1.3.6.1.4.1.4203.1.9.1.4"
    val = bytes([0xa3, 0x05, 0x31, 0x03, 0x04, 0x01, 0x00])
    body = bytes([0x80, len(oid)]) + oid + bytes([0x81, len(val)]) + val
    op = bytes([0x79, len(body)]) + body
    return bytes([0x30, len(op) + 3, 0x02, 0x01, mid]) + op
modes = ["garbage", "giant", "noctrl", "badinfo", "stall"]
def serve(c, n):
    mode = modes[n % len(modes)]
    c.settimeout(30)
    try:
        req = c.recv(4096)
        c.sendall(bind_ok(req[4]))
        req = c.recv(4096)
        mid = req[4] if len(req) > 4 else 2
        if mode == "garbage":
            c.sendall(bytes(range(7, 250)))
        elif mode == "giant":
            c.sendall(bytes([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, mid]) + b"\0" * 4096)
        elif mode == "noctrl":
            c.sendall(entry_no_ctrl(mid))
        elif mode == "badinfo":
            c.sendall(bad_info(mid))
        print(mode, flush=True)
        time.sleep(20)
    except OSError:
        pass
    c.close()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(16)
s.settimeout(60)
n = 0
end = time.time() + 60
while time.time() < end:
    try:
        c, _ = s.accept()
    except socket.timeout:
        break
    threading.Thread(target=serve, args=(c, n), daemon=True).start()
    n += 1
PY
FAKE_PID=$!
harness_track_pid "$FAKE_PID"
sleep 0.3
authd_conf "$T/b.conf" "authd_sync_stale_s: 1" "authd_sync_servers: ldap://127.0.0.1:$FAKE_PORT"
authd_start b "$T/b.conf" -c -t 300 || exit 1
for _ in $(seq 120); do
	[ "$(grep -c 'change stream lost' "$ALOG")" -ge 5 ] && break
	sleep 0.1
done
check "garbage, a giant length, an entry without its control, a bad Sync Info, a stall: each a resync" \
	test "$(grep -c 'change stream lost' "$ALOG")" -ge 5
check_match "the stall was noticed" "$(cat "$ALOG")" 'no answer from the server'
check "authd is still running" kill -0 "$APID"
check_eq "logins are still answered (from slapd)" "$(tsa bob Bob-Pass-1 imap)" OK
sleep 1.5
check_eq "... and not from a cache no stream vouches for" "$(tsa bob Bob-Pass-1 imap)" OK
check_match "... a miss" "$(last_line bob)" 'cache=miss'
authd_stop
check "authd stopped cleanly" test $? -eq 0
no_password_in_log Sync-Pass-1 Sync-Pass-2 Tr0mbone-Sky-3 Tr0mbone-Sky-4

t_done authd-sync
