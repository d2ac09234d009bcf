#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/authd-failover.sh: two directory servers (the same
# data). The primary is killed: logins go on through the secondary. It is
# hung (SIGSTOP): the same, within the time-out. It comes back: after
# ldap_failback_interval authd returns to it. The per-server counters of
# "stats" show which server answered. A wrong password is never retried on
# the other server.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/authd-common.bash"

authd_init authd-failover
slapd_start -n b || exit 1
FAILBACK=8

authd_conf "$T/f.conf" "ldap_servers: $LDAP_URI $b_LDAP_URI" "ldap_failback_interval: $FAILBACK" \
	"authd_penalty: no"
authd_start f "$T/f.conf" || exit 1

ops()
{
	authd_stat "ldap_server_$1_ops"
}

# logins N - N logins of alice and bob; prints how many were OK
logins()
{
	local i ok=0
	for i in $(seq "$1"); do
		[ "$(tsa alice Alice-Pass-1 smtp)" = OK ] && ok=$((ok + 1))
		[ "$(tsa bob Bob-Pass-1 imap)" = OK ] && ok=$((ok + 1))
	done
	echo "$ok"
}

check_eq "both up: logins OK" "$(logins 3)" 6
check "the primary answered" test "$(ops 0)" -gt 0
check_eq "the secondary was not used" "$(ops 1)" 0
b0=$(ops 1)
check_eq "wrong password: NO" "$(tsa alice Not-Alice-1 smtp)" NO
check_eq "... and not retried on the secondary" "$(ops 1)" "$b0"

# -- primary killed
slapd_kill
killed=$(now_ms)
check_eq "primary killed: logins OK through the secondary" "$(logins 5)" 10
check "the secondary answered" test "$(ops 1)" -gt "$b0"
check_eq "the primary is marked down" "$(authd_stat ldap_server_0_state)" down
a_down=$(ops 0)

# -- primary back: within the failback interval the secondary is kept
slapd_restart || exit 1
check_eq "primary restarted: logins OK" "$(logins 2)" 4
# The primary is probed again FAILBACK seconds after it failed (the kill).
if [ $(($(now_ms) - killed)) -lt $((FAILBACK * 1000 - 500)) ]; then
	check_eq "within the failback interval the primary is left alone" "$(ops 0)" "$a_down"
fi
left=$((killed + FAILBACK * 1000 + 1000 - $(now_ms)))
[ "$left" -gt 0 ] && sleep "$(printf '%d.%03d' $((left / 1000)) $((left % 1000)))"
check_eq "after the failback interval: logins OK" "$(logins 2)" 4
check "authd returned to the primary" test "$(ops 0)" -gt "$a_down"
check_eq "the primary is up again" "$(authd_stat ldap_server_0_state)" up
b_back=$(ops 1)
check_eq "more logins OK" "$(logins 3)" 6
check_eq "... all on the primary now" "$(ops 1)" "$b_back"

# -- primary hung: answers keep coming, through the secondary, in time
slapd_pause
t0=$(now_ms)
check_eq "primary hung: alice OK (via the secondary)" "$(tsa alice Alice-Pass-1 smtp)" OK
t1=$(now_ms)
check "... within the time-out plus slack ($((t1 - t0)) ms)" test $((t1 - t0)) -lt 5000
check_eq "primary hung: more logins OK" "$(logins 3)" 6
slapd_resume

# -- both down: a quick temporary failure, never OK
slapd_kill
slapd_kill b
check_eq "both down: no OK (closed)" "$(tsa alice Alice-Pass-1 smtp)" ERR
check_eq "both down: still no OK" "$(tsa bob Bob-Pass-1 imap)" ERR
slapd_restart b || exit 1
ok=""
for i in $(seq 20); do
	ok=$(tsa alice Alice-Pass-1 smtp)
	[ "$ok" = OK ] && break
	sleep 0.5
done
check_eq "the secondary back alone: OK" "$ok" OK
authd_stop
no_password_in_log Not-Alice-1
t_done authd-failover
