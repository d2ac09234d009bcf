#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/replicas.sh: many hosts, one replicated directory.
# Two providers (multi-provider) and two consumers (tests/harness/
# replicas.sh); host A = authd A (reads c1, then c2, p1, p2) + pwchange A
# (writes p1, then p2); host B = authd B (reads c2 first) + pwchange B
# (writes p2 first). Both authds follow the providers' change stream.
#   1. read your writes: B's consumer held behind its paused proxy; a
#      password change through pwchange A -> B refuses the old password
#      and takes the new one; so for a lock and a disable. With the DN
#      cached on B (learned again at a provider after the change), the old
#      password is still refused: B's bind pool, which reads c2, does not
#      judge a just-changed account.
#   1b. the SASL plugin on host B, c2 held (libsasl2 through sasl_try,
#      postino_ldap_write_servers p2 p1): after a change through pwchange A,
#      SCRAM takes the new password and refuses the old; a lock at p1 refuses
#      SCRAM and EXTERNAL; a dead first provider is skipped.
#   2. failures, under load from both hosts (every answer checked, 0 wrong):
#      kill c1 (A fails over, non-answers only in the first second); kill
#      p1 (logins go on, pwchange A writes to p2); kill p2 too (logins go
#      on; pwchange 503, postinoctl exit 3, nothing written); heal: all
#      converge and every change is visible on all four.
# Prints the largest time from a change on one host to the old password's
# refusal on the other.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/authd-common.bash"
. "$TOP/tests/harness/replicas.sh"
# shellcheck disable=SC2154 # slapd_start exports p1_LDAP_URI and the others

harness_init replicas
replicas_start -u 20 || exit 1
printf '%s\n' "$AUTHD_PW" >"$T/authd.pw"
chmod 644 "$T/authd.pw"
# Generous: the machine is shared; the figure printed at the end is the measure.
LIMIT_MS=${REPLICA_LIMIT_MS:-2000}

# host NAME READ-URIS WRITE-URIS - authd and pwchange for one host
host()
{
	local name=$1
	LDAP_URI=$2 authd_conf "$T/$name.conf" "ldap_write_servers: $3" "authd_sync_stale_s: 2" \
		"authd_cache_negative_ttl: 300" "ldap_failback_interval: 2"
	authd_start "$name" "$T/$name.conf" -c -t 300 || exit 1
	eval "SOCK_$name=\$SOCK ALOG_$name=\$ALOG APID_$name=\$APID"
	LDAP_URI=$2 pwchange_start "ldap_write_servers=$3" || exit 1
	mv "$PW_LOG" "$T/pwchange-$name.log"
	eval "PW_$name=\$PW_URL"
}
. "$TOP/tests/integration/pwchange-common.bash"
host A "$c1_LDAP_URI $c2_LDAP_URI $p1_LDAP_URI $p2_LDAP_URI" "$p1_LDAP_URI $p2_LDAP_URI"
host B "$c2_LDAP_URI $c1_LDAP_URI $p2_LDAP_URI $p1_LDAP_URI" "$p2_LDAP_URI $p1_LDAP_URI"

# on HOST CMD... - run an authd helper against HOST's socket
on()
{
	local v="SOCK_$1"
	SOCK=${!v} "${@:2}"
}

# change HOST USER OLD NEW - a password change through HOST's pwchange
change()
{
	local v="PW_$1"
	PW_URL=${!v} api "{\"user\":\"$2\",\"current\":\"$3\",\"new\":\"$4\"}"
}

# refused_within HOST USER PW - after a change: ask HOST until PW is NO (at
# most 5 s); prints the ms from now, or "never"; records the largest
refused_within()
{
	local t0 ms=never
	t0=$(now_ms)
	for _ in $(seq 500); do
		if [ "$(on "$1" tsa "$2" "$3" imap)" = NO ]; then
			ms=$(($(now_ms) - t0))
			break
		fi
		sleep 0.01
	done
	echo "$ms" >>"$T/lags"
	echo "$ms"
}

# within DESC MS - MS is a number no larger than LIMIT_MS
within()
{
	case $2 in
	never | '') check_eq "$1" "$2" "at most ${LIMIT_MS} ms" ;;
	*) check "$1 ($2 ms)" test "$2" -le "$LIMIT_MS" ;;
	esac
}

# consumer_bind NAME USER PW - a simple bind at one instance
consumer_bind()
{
	local v="${1}_LDAP_URI"
	timeout 5 ldapwhoami -x -H "${!v}" -o nettimeout=2 -D "uid=$2,$PEOPLE_DN" -w "$3" >/dev/null 2>&1
}

admin_modify()
{
	timeout 5 ldapmodify -x -H "$1" -D "$ADMIN_DN" -w "$ADMIN_PW" -o nettimeout=2 >/dev/null 2>&1
}

# ---- 1. read your writes, B's consumer held
check_eq "B: u00003 old password OK (cached)" "$(on B tsa u00003 pw-u00003 imap)" OK
check_eq "A: u00003 old password OK" "$(on A tsa u00003 pw-u00003 imap)" OK
proxy_hold c2
change A u00003 pw-u00003 Tr0mbone-Sky-3
check_eq "pwchange A: 200" "$HTTP_CODE" 200
within "B refuses u00003's old password (c2 held)" "$(refused_within B u00003 pw-u00003)"
check_eq "... and takes the new one" "$(on B tsa u00003 Tr0mbone-Sky-3 imap)" OK
check "... while c2 still has the old one (it lags)" consumer_bind c2 u00003 pw-u00003
check_eq "A: the new one OK too" "$(on A tsa u00003 Tr0mbone-Sky-3 imap)" OK

# B's bind pool in use: a login whose DN B has cached (the credential
# cache keys by service, the DN cache does not) binds on the pool, which
# reads c2 first. Users have the services imap and smtp.
bstat()
{
	SOCK=$SOCK_B CTL="$T/B/control" ctl stats | sed -n "s/^$1=//p"
}
for svc in imap smtp; do
	for u in 15 16 17 18 19; do
		on B tsa u000$u pw-u000$u $svc >/dev/null
	done
	[ "$(bstat pool_binds)" -gt 0 ] && break
done
check "B: the bind pool answers logins with a cached DN" test "$(bstat pool_binds)" -gt 0
# A right new password first: B learns the entry at a provider and then
# has its DN cached while c2 still lags. The old password after it must
# not be judged by c2 on the pool.
check_eq "B: u00014 OK" "$(on B tsa u00014 pw-u00014 imap)" OK
change A u00014 pw-u00014 Tr0mbone-Sky-14
check_eq "pwchange A: 200 (u00014)" "$HTTP_CODE" 200
got=NO
for _ in $(seq 500); do
	got=$(on B tsa u00014 Tr0mbone-Sky-14 imap)
	[ "$got" = OK ] && break
	sleep 0.01
done
check_eq "B takes u00014's new password (c2 held)" "$got" OK
# The change arrives as more than one event, each an eviction; a refused
# attempt is one more (pwdFailureTime, forwarded to a provider), and so is
# the next success, which clears it. Each round: B learns the DN again at a
# provider (the new password, the other service) until its stream stays
# quiet, then tries the old one. Some round must find the DN cached, or
# nothing was shown.
quiet()
{
	local ev
	ev=$(bstat sync_events)
	for _ in $(seq 20); do
		sleep 0.3
		[ "$(bstat sync_events)" = "$ev" ] && return 0
		ev=$(bstat sync_events)
	done
}
wrong=0 shown=0
for round in 1 2 3 4 5; do
	for _ in 1 2; do
		quiet
		[ "$(on B tsa u00014 Tr0mbone-Sky-14 smtp)" = OK ] || wrong=$((wrong + 1))
	done
	hits=$(bstat dn_cache_hits)
	[ "$(on B tsa u00014 pw-u00014 imap)" = NO ] || wrong=$((wrong + 1))
	[ "$(bstat dn_cache_hits)" -gt "$hits" ] && shown=$round && break
done
check_eq "... new password OK, old one NO, with the DN cached (c2 lags)" "$wrong" 0
check "... the old one was tried with the DN cached (round $shown)" test "$shown" -gt 0
check "... while c2 still takes it" consumer_bind c2 u00014 pw-u00014


check_eq "B: u00004 OK" "$(on B tsa u00004 pw-u00004 imap)" OK
admin_modify "$p1_LDAP_URI" <<LDIF
dn: uid=u00004,$PEOPLE_DN
changetype: modify
add: pwdAccountLockedTime
pwdAccountLockedTime: 000001010000Z
LDIF
within "lock at p1: B refuses u00004 (c2 held)" "$(refused_within B u00004 pw-u00004)"
check_eq "B: u00005 OK" "$(on B tsa u00005 pw-u00005 imap)" OK
admin_modify "$p2_LDAP_URI" <<LDIF
dn: uid=u00005,$PEOPLE_DN
changetype: modify
replace: postinoDisabled
postinoDisabled: TRUE
LDIF
within "disable at p2: B refuses u00005 (c2 held)" "$(refused_within B u00005 pw-u00005)"
check_eq "B: u00006 (unchanged) still answered" "$(on B tsa u00006 pw-u00006 imap)" OK
routed=$(SOCK=$SOCK_B CTL="$T/B/control" ctl stats | sed -n 's/^replica_routed=//p')
check "B sent the changed accounts to a provider (replica_routed=$routed)" test "${routed:-0}" -gt 0
proxy_release c2
check "released: the four converge" replicas_wait_converged 20
check "c2 now has u00003's new password" consumer_bind c2 u00003 Tr0mbone-Sky-3
check_eq "B: u00003 new password OK" "$(on B tsa u00003 Tr0mbone-Sky-3 imap)" OK

# ---- 1b. the SASL plugin on host B (libsasl2, reading c2; providers p2 p1)
TRY="$BUILD/tests/tools/sasl_try"
printf '%s\n' "$SCRAM_PW" >"$T/scram.pw"
PLUG=(-p "$BUILD/sasl2:/usr/lib/x86_64-linux-gnu/sasl2" -o canon_user_plugin=postino
	-o auxprop_plugin=postino -o "postino_ldap_uri=$c2_LDAP_URI"
	-o "postino_ldap_bind_dn=$SCRAM_DN" -o "postino_ldap_password_file=$T/scram.pw"
	-o "postino_ldap_search_base=$PEOPLE_DN" -o postino_ldap_timeout=2 -s imap)
PLUG_B=("${PLUG[@]}" -o "postino_ldap_write_servers=$p2_LDAP_URI $p1_LDAP_URI")
# verdict ok|no CMD... - sasl_try CMD succeeded (ok), or ran and was refused
# (no: exit 1, and not for want of a directory: TRYAGAIN or UNAVAIL)
verdict()
{
	local want=$1 rc out
	shift
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" >>"$T/try.log"
	case $want in
	ok) test "$rc" = 0 ;;
	*) test "$rc" = 1 && ! grep -q 'TRYAGAIN\|UNAVAIL' <<<"$out" ;;
	esac
}
# scram_b [PLUGIN-ARGS...] -- USER PW ok|no - one SCRAM-SHA-256 exchange
scram_b()
{
	local a=()
	while [ "$1" != -- ]; do a+=("$1") && shift; done
	printf '%s\n' "$3" >"$T/try.pw"
	verdict "$4" "$TRY" "${a[@]}" -u "$2" -w "$T/try.pw" scram-sha-256
}
# external_b ok|no [PLUGIN-ARGS...] - EXTERNAL for u00006's subject
external_b()
{
	local want=$1 a=("${PLUG_B[@]}")
	shift
	[ $# -gt 0 ] && a=("$@")
	verdict "$want" "$TRY" "${a[@]}" -U u00006 -e "CN=u00006,OU=People,O=Example,C=IT" external
}
# until_b CMD... - CMD passes within 5 s (p2 may trail p1 by a moment)
until_b()
{
	for _ in $(seq 50); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
change A u00006 pw-u00006 Scram-Sky-6a
check_eq "pwchange A: u00006 gets SCRAM secrets (200)" "$HTTP_CODE" 200
admin_modify "$p1_LDAP_URI" <<LDIF
dn: uid=u00006,$PEOPLE_DN
changetype: modify
replace: postinoCertSubject
postinoCertSubject: CN=u00006,OU=People,O=Example,C=IT
LDIF
check "converged" replicas_wait_converged 20
check "plugin B: SCRAM with Scram-Sky-6a" scram_b "${PLUG_B[@]}" -- u00006 Scram-Sky-6a ok
check "plugin B: EXTERNAL maps u00006's subject" external_b ok
proxy_hold c2
change A u00006 Scram-Sky-6a Scram-Sky-6b
check_eq "pwchange A (c2 held): 200" "$HTTP_CODE" 200
check "plugin B: SCRAM takes the new password (c2 held)" \
	until_b scram_b "${PLUG_B[@]}" -- u00006 Scram-Sky-6b ok
check "... and refuses the old one" scram_b "${PLUG_B[@]}" -- u00006 Scram-Sky-6a no
check "... where a plugin reading c2 alone still takes the old one (c2 lags)" \
	scram_b "${PLUG[@]}" -- u00006 Scram-Sky-6a ok
admin_modify "$p1_LDAP_URI" <<LDIF
dn: uid=u00006,$PEOPLE_DN
changetype: modify
add: pwdAccountLockedTime
pwdAccountLockedTime: 000001010000Z
LDIF
check "lock at p1: plugin B refuses SCRAM (c2 held)" \
	until_b scram_b "${PLUG_B[@]}" -- u00006 Scram-Sky-6b no
check "... and EXTERNAL" external_b no
check "... where c2 alone still allows EXTERNAL (it lags)" external_b ok "${PLUG[@]}"
t0=$(now_ms)
scram_b "${PLUG[@]}" -o "postino_ldap_write_servers=ldap://127.0.0.1:9 $p2_LDAP_URI" \
	-- u00006 Scram-Sky-6b no
rc=$? ms=$(($(now_ms) - t0))
check "plugin B fails over past a dead provider to p2's lock ($ms ms)" test "$rc" = 0
proxy_release c2
check "released: converged" replicas_wait_converged 20

# ---- 2. failures under load
LOAD_USERS="u00010:pw-u00010:OK u00011:pw-u00011:OK u00012:pw-u00012:OK u00013:bad-pw:NO nosuch:x-pw:NO"
# shellcheck disable=SC2086 # the account list
load_start()
{
	"$PY" "$TOP/tests/tools/mux_load.py" "$SOCK_A" "$T/load-A" 120 2 $LOAD_USERS &
	LPID_A=$!
	harness_track_pid "$LPID_A"
	"$PY" "$TOP/tests/tools/mux_load.py" "$SOCK_B" "$T/load-B" 120 2 $LOAD_USERS &
	LPID_B=$!
	harness_track_pid "$LPID_B"
}
load_start
sleep 1

# kill c1: A fails over to c2
T_KILL_C1=$(now_ms)
slapd_kill c1
sleep 2
check_eq "c1 killed: A answers u00010 from elsewhere" "$(on A tsa u00010 pw-u00010 imap)" OK

# kill p1: logins go on, pwchange A writes to p2, B refuses the old password
slapd_kill p1
check_eq "p1 killed: A answers" "$(on A tsa u00011 pw-u00011 imap)" OK
change A u00007 pw-u00007 Tr0mbone-Sky-7
check_eq "pwchange A with p1 dead: 200 (written at p2)" "$HTTP_CODE" 200
within "B refuses u00007's old password" "$(refused_within B u00007 pw-u00007)"
check_eq "... and takes the new one" "$(on B tsa u00007 Tr0mbone-Sky-7 imap)" OK
check "p2 has it" consumer_bind p2 u00007 Tr0mbone-Sky-7

# kill p2 too: logins go on from c2; changes are refused, nothing written
slapd_kill p2
sleep 3
check_eq "both providers dead: A answers u00012" "$(on A tsa u00012 pw-u00012 imap)" OK
check_eq "... B answers u00010" "$(on B tsa u00010 pw-u00010 imap)" OK
check_eq "... B refuses a wrong password" "$(on B tsa u00011 wrong-pw imap)" NO
change B u00008 pw-u00008 Tr0mbone-Sky-8
check_eq "pwchange B: 503 (try again later)" "$HTTP_CODE" 503
printf '%s\n' "$ADMIN_PW" >"$T/admin.pw"
cat >"$T/ctl.conf" <<CONF
ldap_servers: $c2_LDAP_URI
ldap_write_servers: $p1_LDAP_URI $p2_LDAP_URI
ldap_search_base: $BASE_DN
ldap_filter: (uid=%u)
ldap_timeout: 2
control_socket: $T/no-authd-here
ctl_bind_dn: $ADMIN_DN
ctl_password_file: $T/admin.pw
CONF
printf '%s\n' Tr0mbone-Sky-9 | "$BUILD/postinoctl" -C "$T/ctl.conf" user passwd u00009 \
	--password-stdin >"$T/ctl.out" 2>&1
check_eq "postinoctl: exit status 3" "$?" 3
check "u00008's old password still good at c2" consumer_bind c2 u00008 pw-u00008
check "u00009's old password still good at c2" consumer_bind c2 u00009 pw-u00009

# heal
touch "$T/load-A.stop" "$T/load-B.stop"
wait "$LPID_A" "$LPID_B" 2>/dev/null
# p2 first: it holds u00007's change, which p1 never saw.
for n in p2 p1; do
	check "heal: $n restarts on its ports" replicas_restart_provider "$n"
done
check "heal: c1 restarts on its ports" harness_slapd_launch c1
check "healed: the four converge" replicas_wait_converged 30
for n in p1 p2 c1 c2; do
	check "$n: u00003 new password" consumer_bind "$n" u00003 Tr0mbone-Sky-3
	check "$n: u00007 new password" consumer_bind "$n" u00007 Tr0mbone-Sky-7
done
change A u00008 pw-u00008 Tr0mbone-Sky-8
check_eq "healed: pwchange A 200" "$HTTP_CODE" 200
within "B refuses u00008's old password" "$(refused_within B u00008 pw-u00008)"

# ---- the load's answers
for h in A B; do
	f="$T/load-$h"
	total=$(wc -l <"$f")
	wrong=$(awk '($3 == "OK" || $3 == "NO") && $3 != $4' "$f" | wc -l)
	late=$(awk -v t="$T_KILL_C1" '$3 != "OK" && $3 != "NO" && ($1 < t || $1 > t + 1000)' "$f" | wc -l)
	check "load on $h: $total answers, 0 wrong" test "$total" -gt 50 -a "$wrong" = 0
	check "load on $h: no non-answer outside the second after the consumer kill ($late)" \
		test "$late" = 0
done
MAXLAG=$(grep -v never "$T/lags" | sort -n | tail -n 1)
echo "replicas: largest time from a change on one host to the old password's refusal on the other: ${MAXLAG} ms"
# A clean exit of both, and (SANITIZE=1) no sanitizer report in their logs.
for h in A B; do
	v="APID_$h" l="ALOG_$h"
	APID=${!v} ALOG=${!l} authd_stop
	check "authd $h stopped" test $? = 0
done
no_password_in_log Tr0mbone-Sky-3 Tr0mbone-Sky-7 Tr0mbone-Sky-8
t_done replicas
