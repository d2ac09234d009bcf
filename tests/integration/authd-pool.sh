#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/authd-pool.sh: the I/O thread's bind pool
# (authd_bind_connections). A login whose DN is known (DN cache, fastbind)
# is bound on the pool; many at once queue for its few connections and all
# get their answers; a hung directory gives a temporary failure within the
# time-out (the pool hands the request to the workers, which fail fast),
# never OK; after a restart the pool reconnects; with the pool off nothing
# goes through it.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/authd-common.bash"

authd_init authd-pool -u 40
TIMEOUT_S=2
authd_conf "$T/p.conf" "ldap_timeout: $TIMEOUT_S" "authd_penalty: no" "authd_bind_connections: 2"
authd_start p "$T/p.conf" || exit 1

check_eq "first login (searched on the search connection): OK" "$(tsa alice Alice-Pass-1 smtp)" OK
p0=$(authd_stat pool_binds)
check_eq "second login (DN cached): OK" "$(tsa alice Alice-Pass-1 smtp)" OK
check_eq "... bound on the pool" "$(authd_stat pool_binds)" $((p0 + 1))
check_eq "wrong password on the pool: NO" "$(tsa alice Alice-Pass-2 smtp)" NO
check_eq "unknown login, twice (remembered as unknown): NO" \
	"$(tsa zed Zed-Pass-1 smtp) $(tsa zed Zed-Pass-1 smtp)" "NO NO"
# The first zed is searched on the search connection, then bound on the pool.
check_eq "... both on the pool" "$(authd_stat pool_binds)" $((p0 + 4))

# 40 users at once, twice: the second time all 40 are bound on 2 connections.
burst()
{
	local i pids=() ok=0
	for i in $(seq 40); do
		u=$(printf 'u%05d' "$i")
		(tsa "$u" "pw-$u" imap >"$T/burst.$i") &
		pids+=($!)
	done
	wait "${pids[@]}"
	for i in $(seq 40); do
		[ "$(cat "$T/burst.$i")" = OK ] && ok=$((ok + 1))
	done
	echo "$ok"
}
check_eq "40 logins at once (searched): all OK" "$(burst)" 40
p1=$(authd_stat pool_binds)
check_eq "40 logins at once (2 pool connections): all OK" "$(burst)" 40
check "... most of them bound on the pool" test "$(authd_stat pool_binds)" -ge $((p1 + 30))

# Hung directory: a temporary failure within the time-out, never OK.
slapd_pause
t0=$(now_ms)
check_eq "slapd hung: no OK" "$(tsa alice Alice-Pass-1 smtp)" ERR
t1=$(now_ms)
check "... within the time-out plus slack ($((t1 - t0)) ms)" \
	test $((t1 - t0)) -lt $((TIMEOUT_S * 2000 + 1500))
check "... handed to the workers" test "$(authd_stat pool_fallbacks)" -gt 0
slapd_resume
ok=""
for i in $(seq 20); do
	ok=$(tsa alice Alice-Pass-1 smtp)
	[ "$ok" = OK ] && break
	sleep 0.5
done
check_eq "slapd continued: OK again" "$ok" OK

# Restart: the pool's connections are dead; it reconnects.
slapd_kill
check_eq "slapd down: no OK" "$(tsa alice Alice-Pass-1 smtp)" ERR
slapd_restart || exit 1
ok=""
for i in $(seq 20); do
	ok=$(tsa alice Alice-Pass-1 smtp)
	[ "$ok" = OK ] && break
	sleep 0.5
done
check_eq "slapd restarted: OK again" "$ok" OK
p2=$(authd_stat pool_binds)
check_eq "and again" "$(tsa alice Alice-Pass-1 smtp)" OK
check_eq "... on the pool" "$(authd_stat pool_binds)" $((p2 + 1))
authd_stop

# Over StartTLS and ldaps:// (the pool's connections are TLS ones then).
for how in "ldap_start_tls: yes" "ldap_servers: $LDAPS_URI"; do
	authd_conf "$T/tls.conf" "authd_penalty: no" "$how" "ldap_tls_cacert_file: $TLS_CA" \
		"ldap_tls_check_peer: yes"
	authd_start tls "$T/tls.conf" || exit 1
	p3=$(authd_stat pool_binds)
	check_eq "$how: OK, OK, NO" "$(tsa alice Alice-Pass-1 smtp) $(tsa alice Alice-Pass-1 smtp) \
$(tsa alice Alice-Pass-2 smtp)" "OK OK NO"
	# The first login waits for the search connection to open, then binds on the pool too.
	check_eq "$how: all three on the pool" "$(authd_stat pool_binds)" $((p3 + 3))
	check_eq "$how: the first searched there" "$(authd_stat pool_searches)" 1
	authd_stop
done

# Off: every bind on a worker.
authd_conf "$T/off.conf" "authd_penalty: no" "authd_bind_connections: 0"
authd_start off "$T/off.conf" || exit 1
check_eq "pool off: OK" "$(tsa alice Alice-Pass-1 smtp) $(tsa alice Alice-Pass-1 smtp)" "OK OK"
check_eq "pool off: nothing bound on it" "$(authd_stat pool_binds)" 0
authd_stop
no_password_in_log Alice-Pass-2
t_done authd-pool
