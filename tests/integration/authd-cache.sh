#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/authd-cache.sh: the credential cache (hit, miss, a
# changed password going to the directory, TTL expiry, flush through the
# control socket), the DN cache, the brute-force delay and its limit, the
# stats counters moving with all of that, and reloading the configuration
# (SIGHUP and "reload"; a bad file keeps the running configuration).
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/authd-common.bash"

authd_init authd-cache -u 10

# n KEY - a counter, as a number
n()
{
	local v
	v=$(authd_stat "$1")
	echo "${v:-0}"
}

set_password()
{
	ldappasswd -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" -s "$2" "uid=$1,$PEOPLE_DN" \
		>/dev/null
}

# The change stream is off: this test is about the TTLs and the control
# socket's flush (authd-sync.sh tests the stream).
authd_conf "$T/c.conf" "authd_cache_negative_ttl: 30" "authd_sync: off"
authd_start c "$T/c.conf" -c -t 60 || exit 1

# -- hit and miss
m0=$(n cache_misses)
h0=$(n cache_hits)
check_eq "first login: OK" "$(tsa alice Alice-Pass-1 smtp)" OK
check_eq "a miss was counted" "$(n cache_misses)" $((m0 + 1))
check_eq "second login: OK" "$(tsa alice Alice-Pass-1 smtp)" OK
check_eq "... from the cache" "$(n cache_hits)" $((h0 + 1))
check_match "logged as a hit" "$(tail -n 1 "$ALOG")" 'result=OK.*cache=hit'
check_eq "another service is its own entry: OK" "$(tsa alice Alice-Pass-1 imap)" OK
check_eq "... a miss" "$(n cache_misses)" $((m0 + 2))
# -- negative entries
check_eq "wrong password: NO" "$(tsa alice wrong-1 smtp)" NO
check_eq "same wrong password again: NO" "$(tsa alice wrong-1 smtp)" NO
check_match "... answered from the cache" "$(tail -n 1 "$ALOG")" 'result=NO.*cache=hit'
check_eq "the right one still OK" "$(tsa alice Alice-Pass-1 smtp)" OK

# -- the password changes in the directory
set_password u00001 New-Pass-1
check_eq "new password: not cached, the directory says OK" "$(tsa u00001 New-Pass-1 smtp)" OK
check_match "... a miss" "$(tail -n 1 "$ALOG")" 'cache=miss'
check_eq "old password (never cached): NO" "$(tsa u00001 pw-u00001 smtp)" NO
check_eq "u00002 logs in (cached)" "$(tsa u00002 pw-u00002 smtp)" OK
set_password u00002 New-Pass-2
check_eq "u00002 new password: OK from the directory" "$(tsa u00002 New-Pass-2 smtp)" OK
check_eq "u00002 old password: the new good one replaced it -> NO" \
	"$(tsa u00002 pw-u00002 smtp)" NO

# -- flush through the control socket (what pwchange does after a change)
check_eq "u00003 cached" "$(tsa u00003 pw-u00003 smtp)$(tsa u00003 pw-u00003 imap)" OKOK
set_password u00003 New-Pass-3
check_eq "u00003 old password still answered from the cache" "$(tsa u00003 pw-u00003 smtp)" OK
check_match "flush u00003" "$(ctl 'flush u00003')" 'flushed=[1-9][0-9]*'$'\n''OK'
check_eq "after the flush the old password is NO (smtp)" "$(tsa u00003 pw-u00003 smtp)" NO
check_eq "... and NO (imap): every service flushed" "$(tsa u00003 pw-u00003 imap)" NO
check_eq "alice was not flushed" "$(tsa alice Alice-Pass-1 smtp)" OK
check_match "... still a hit" "$(tail -n 1 "$ALOG")" 'cache=hit'
check_match "flush everything" "$(ctl flush)" 'OK'
check_eq "alice after flush: OK" "$(tsa alice Alice-Pass-1 smtp)" OK
check_match "... a miss" "$(tail -n 1 "$ALOG")" 'cache=miss'
check_match "bad command: ERR" "$(ctl 'flush a b')" '^ERR'

# -- TTL: a second instance with -t 1 (only expiry is checked: a slow
# machine may take longer than a second between two logins)
SOCK_C=$SOCK CTL_C=$CTL APID_C=$APID ALOG_C=$ALOG
authd_start t "$T/c.conf" -c -t 1 || exit 1
check_eq "cached with -t 1" "$(tsa carol Carol-Pass-1 imap)" OK
sleep 1.5
check_eq "after the TTL: OK" "$(tsa carol Carol-Pass-1 imap)" OK
check_match "... from the directory again" "$(tail -n 1 "$ALOG")" 'cache=miss'
authd_stop
SOCK=$SOCK_C CTL=$CTL_C APID=$APID_C ALOG=$ALOG_C

# -- keys: the entry's uid, not the client's spelling. slapd matches the
# fullwidth "ｕ00007" to u00007; a flush of u00007 must drop what was
# cached under that spelling too (credential cache and DN cache).
fw="$(printf '\xef\xbd\x95')00007"
ctl flush >/dev/null
if [ "$(tsa "$fw" pw-u00007 imap)" = OK ]; then
	check_match "flush u00007 finds the fullwidth spelling's entries" \
		"$(ctl flush u00007)" 'flushed=2'
	m1=$(n cache_misses)
	tsa "$fw" pw-u00007 imap >/dev/null
	check_eq "... which is then asked of the directory again" "$(n cache_misses)" $((m1 + 1))
else
	# A policy may refuse spellings other than the stored uid; the
	# refusal is still cached under the entry's uid.
	check_match "a refused fullwidth spelling is flushed with its uid" \
		"$(ctl flush u00007)" 'flushed=[1-9]'
fi

# -- DN cache: a known user's second uncached login needs no search
ctl flush >/dev/null
d0=$(n dn_cache_hits)
check_eq "erin, wrong password (DN searched)" "$(tsa erin nope-1 imap)" NO
check_eq "erin, right password (DN cached)" "$(tsa erin Erin-Pass-1 imap)" OK
check "the DN cache was used" test "$(n dn_cache_hits)" -gt "$d0"

# -- counters add up
req=$(n requests)
ok=$(n ok)
no=$(n no)
tf=$(n tempfail)
check_eq "requests = ok + no + tempfail" "$req" $((ok + no + tf))
check_match "latency histogram present" "$(ctl stats)" 'latency_ms_le_1='
check_match "per-server counters present" "$(ctl stats)" 'ldap_server_0_ops=[1-9]'
authd_stop

# -- brute force: 3 failures free, then delays (in the delay queue)
authd_conf "$T/p.conf" "authd_penalty_pending: 2" "authd_penalty_max: 2"
authd_start p "$T/p.conf" || exit 1
for i in 1 2 3; do
	tsa u00005 "guess-$i" imap >/dev/null
done
check_eq "no delay for the first three" "$(n penalty_delayed)" 0
check_eq "4th attempt: NO" "$(tsa u00005 guess-4 imap)" NO
check_eq "... was delayed" "$(n penalty_delayed)" 1
# The filter ignores the realm, so a made-up realm is the same account.
check_eq "5th attempt under a made-up realm: NO" "$(tsa u00005 guess-r imap made.up)" NO
check_eq "... delayed all the same" "$(n penalty_delayed)" 2
# While delays run, other accounts are served at once (no worker is held).
tsa u00005 guess-5 imap >/dev/null &
g5=$!
sleep 0.2
check_eq "another account meanwhile: OK" "$(tsa u00006 pw-u00006 imap)" OK
check_eq "... not delayed" "$(n penalty_delayed)" 3
wait "$g5"
# More parallel attempts than pending slots: they queue up behind each
# other and every one is answered (NO), none is refused or dropped.
d0=$(n penalty_delayed)
pids=""
for i in 1 2 3 4 5 6; do
	tsa u00005 "par-$i" imap >"$T/par.$i" &
	pids="$pids $!"
done
# shellcheck disable=SC2086
wait $pids
check_eq "every parallel guess was delayed" "$(n penalty_delayed)" $((d0 + 6))
check_eq "every parallel guess was answered NO" "$(cat "$T"/par.* | grep -c '^NO')" 6
check_eq "none refused" "$(n penalty_refused)" 0
check_eq "none of the parallel guesses was OK" "$(cat "$T"/par.* | grep -c OK)" 0
authd_stop

# -- reload: SIGHUP with a new filter, then a broken file
authd_conf "$T/r.conf"
authd_start r "$T/r.conf" || exit 1
check_eq "uid filter: alice -> OK" "$(tsa alice Alice-Pass-1 smtp)" OK
check_eq "uid filter: alice@example.org -> NO" "$(tsa alice@example.org Alice-Pass-1 smtp)" NO
sed -i 's/^ldap_filter:.*/ldap_filter: (mail=%u)/' "$T/r.authd.conf"
kill -HUP "$APID"
for i in $(seq 50); do
	[ "$(n reloads)" = 1 ] && break
	sleep 0.1
done
check_eq "SIGHUP reloaded" "$(n reloads)" 1
check_eq "mail filter: alice@example.org -> OK" "$(tsa alice@example.org Alice-Pass-1 smtp)" OK
echo "authd_cache_ttl: forever" >>"$T/r.authd.conf"
check_match "reload of a broken file: ERR" "$(ctl reload)" '^ERR .*authd_cache_ttl'
check_match "... logged" "$(cat "$ALOG")" 'reload failed, keeping the running configuration'
check_eq "the running configuration still serves" \
	"$(tsa alice@example.org Alice-Pass-1 smtp)" OK
kill -HUP "$APID"
sleep 0.5
check "a broken file on SIGHUP: still running" kill -0 "$APID"
check_eq "... and serving" "$(tsa alice@example.org Alice-Pass-1 smtp)" OK
sed -i '$d' "$T/r.authd.conf"
check_eq "reload through the control socket" "$(ctl reload)" OK
check_eq "reloads counted" "$(n reloads)" 2
# -- the default: an OK is not logged (as saslauthd), a refusal is
echo "authd_log_success: no" >>"$T/r.authd.conf"
check_eq "reload with authd_log_success off" "$(ctl reload)" OK
oks=$(grep -c 'result=OK' "$ALOG")
check_eq "an OK answer" "$(tsa alice@example.org Alice-Pass-1 smtp)" OK
check_eq "... is not logged" "$(grep -c 'result=OK' "$ALOG")" "$oks"
check_eq "a refusal" "$(tsa alice@example.org not-hers smtp)" NO
check_match "... is" "$(tail -n 1 "$ALOG")" 'user="alice@example.org" .*result=NO'
authd_stop

no_password_in_log New-Pass-1 New-Pass-2 New-Pass-3 pw-u00001 pw-u00002 pw-u00003 pw-u00006
t_done authd-cache
