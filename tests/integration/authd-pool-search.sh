#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/authd-pool-search.sh: account searches on the I/O
# thread's search connection (bind mode's DN-cache misses, fastbind's
# policy read). Logins never seen before give the same answers (right,
# wrong, unknown, two entries with one uid) as with the pool off, and
# are counted as pool_searches; with slapd stopped mid-load the searches
# time out, go to the workers, which fail over to a second slapd: no
# wrong password is ever OK, no right one NO, and nobody waits forever.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/authd-common.bash"

authd_init authd-pool-search -u 70
TIMEOUT_S=2
# Two entries with one uid: a login that must be refused as ambiguous.
ldapadd -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" >/dev/null <<EOT
dn: ou=more,$PEOPLE_DN
objectClass: organizationalUnit
ou: more

dn: uid=twin,$PEOPLE_DN
objectClass: inetOrgPerson
uid: twin
cn: Twin One
sn: One
userPassword: Twin-Pass-1

dn: uid=twin,ou=more,$PEOPLE_DN
objectClass: inetOrgPerson
uid: twin
cn: Twin Two
sn: Two
userPassword: Twin-Pass-1
EOT
check "two entries with uid twin added" test $? -eq 0

# warm NAME - open the search connection: logins of unknown names until one is searched there
warm()
{
	local i s0
	s0=$(authd_stat pool_searches)
	for i in $(seq 40); do
		tsa "warm-$1-$i" Warm-Pass-1 smtp >/dev/null
		[ "$(authd_stat pool_searches)" -gt "$s0" ] && return 0
		sleep 0.1
	done
	return 1
}

# answers - each login once, never seen before by this daemon
CASES="alice:Alice-Pass-1 alice2:Alice-Pass-1 u00001:pw-u00001 u00002:wrong-pw \
u00003:pw-u00003 nosuch:Nosuch-Pass-1 twin:Twin-Pass-1 carol:Carol-Pass-1 \
u00004:pw-u00005 Alice:Alice-Pass-1"
answers()
{
	local c out=""
	for c in $CASES; do
		out="$out ${c%%:*}=$(tsa "${c%%:*}" "${c#*:}" smtp)"
	done
	echo "$out"
}

authd_conf "$T/on.conf" "ldap_timeout: $TIMEOUT_S" "authd_penalty: no" \
	"authd_bind_connections: 2"
authd_start on "$T/on.conf" || exit 1
check "the search connection opens" warm on
s0=$(authd_stat pool_searches)
f0=$(authd_stat pool_search_fallbacks)
on=$(answers)
check_eq "every login searched on the I/O thread" \
	"$(($(authd_stat pool_searches) - s0))" "$(echo $CASES | wc -w)"
check_eq "... none handed to the workers" "$(authd_stat pool_search_fallbacks)" "$f0"
check_match "right, wrong, unknown, ambiguous" "$on" \
	"alice=OK .*u00001=OK u00002=NO .*nosuch=NO twin=NO .*u00004=NO"
check_match "... twin refused as ambiguous" "$(cat "$ALOG")" \
	'user="twin".*reason="more than one entry matches"'
# The answers fill the DN cache as the workers do: the second round searches nothing.
s1=$(authd_stat pool_searches)
check_eq "second round: the same answers" "$(answers)" "$on"
check_eq "... only twin searched again (ambiguity is not cached)" \
	"$(authd_stat pool_searches)" $((s1 + 1))
# A reload: the search connection is opened again with the new settings;
# the search meanwhile waits for it rather than go to the workers.
authd_conf "$T/on.conf" "ldap_timeout: 3" "authd_penalty: no" "authd_bind_connections: 2"
r0=$(authd_stat reloads)
ctl reload >/dev/null
check_eq "reloaded" "$(authd_stat reloads)" $((r0 + 1))
s2=$(authd_stat pool_searches)
f2=$(authd_stat pool_search_fallbacks)
check_eq "after the reload: a new login OK" "$(tsa u00020 pw-u00020 smtp)" OK
check_eq "... searched on the reopened connection" "$(authd_stat pool_searches)" $((s2 + 1))
check_eq "... not handed to the workers" "$(authd_stat pool_search_fallbacks)" "$f2"
authd_stop

authd_conf "$T/off.conf" "ldap_timeout: $TIMEOUT_S" "authd_penalty: no" \
	"authd_bind_connections: 0"
authd_start off "$T/off.conf" || exit 1
check_eq "pool off: the same answers" "$(answers)" "$on"
check_eq "pool off: no search on the I/O thread" "$(authd_stat pool_searches)" 0
authd_stop

# fastbind with the policy checks: the policy read on the search connection.
authd_conf "$T/fast.conf" "ldap_timeout: $TIMEOUT_S" "authd_penalty: no" \
	"ldap_auth_method: fastbind" "ldap_filter: uid=%u,$PEOPLE_DN"
authd_start fast "$T/fast.conf" || exit 1
check "fastbind: the search connection opens" warm fast
s0=$(authd_stat pool_searches)
check_eq "fastbind: right, wrong, disabled, service" \
	"$(tsa u00010 pw-u00010 smtp) $(tsa u00011 wrong smtp) $(tsa dave Dave-Pass-1 smtp) \
$(tsa bob Bob-Pass-1 smtp)" "OK NO NO NO"
check "fastbind: the policy reads on the I/O thread" \
	test "$(authd_stat pool_searches)" -ge $((s0 + 3))
authd_stop

# slapd stopped mid-load; the workers fail over to a second one.
slapd_start -n b -u 70 -f || exit 1
authd_conf "$T/fo.conf" "ldap_timeout: $TIMEOUT_S" "authd_penalty: no" \
	"authd_bind_connections: 2" "ldap_servers: $LDAP_URI $b_LDAP_URI"
authd_start fo "$T/fo.conf" || exit 1
check "failover: the search connection opens" warm fo
# login I - u000I, a wrong password for every third, in the background
login()
{
	local u
	u=$(printf 'u%05d' "$1")
	if [ $(($1 % 3)) = 0 ]; then
		(echo "$u wrong $(tsa "$u" "wrong-$u" imap)" >"$T/load.$1") &
	else
		(echo "$u right $(tsa "$u" "pw-$u" imap)" >"$T/load.$1") &
	fi
	pids+=($!)
}
# 40 logins, slapd stopped while they run, then 10 more whose searches
# can only time out
load()
{
	local i pids=()
	for i in $(seq 11 50); do
		login "$i"
	done
	sleep 0.2
	slapd_pause
	for i in $(seq 51 60); do
		login "$i"
	done
	wait "${pids[@]}"
}
t0=$(now_ms)
load
t1=$(now_ms)
cat "$T"/load.* >"$T/load.all"
echo "  load answers: $(awk '{print $2 "-" $3}' "$T/load.all" | sort | uniq -c | tr -s ' \n' ' ')"
check_eq "stopped mid-load: no wrong password OK" "$(grep -c ' wrong OK' "$T/load.all")" 0
check_eq "... no right password NO" "$(grep -c ' right NO' "$T/load.all")" 0
check_eq "... every client answered" "$(wc -l <"$T/load.all")" 50
check "... within the time-outs ($((t1 - t0)) ms)" test $((t1 - t0)) -lt $((TIMEOUT_S * 6000))
check "... searches timed out and went to the workers" \
	test "$(authd_stat pool_search_fallbacks)" -gt 0
check "... right passwords answered OK by the second slapd" \
	test "$(grep -c ' right OK' "$T/load.all")" -gt 0
check_eq "after failover: a new login OK" "$(tsa u00065 pw-u00065 imap)" OK
check_eq "... a wrong one NO" "$(tsa u00066 wrong imap)" NO
slapd_resume
authd_stop
no_password_in_log Alice-Pass-1
t_done authd-pool-search
