#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/plugin-process.sh: libpostino.so's life inside a host
# process. Its directory connection is opened lazily and belongs to one
# process: a forked child opens its own and never touches its parent's
# (counted from slapd's connection log), and the parent keeps using its
# connection afterwards; a restarted directory is reconnected to and a
# hung one is a time-out. Repeated connection set-up and tear-down (200
# EXTERNAL logins with a directory search each, SCRAM logins) is clean
# under valgrind: no invalid accesses, no leaks in the plugin.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
export SLAPD_DEBUG=stats
. "$TOP/tests/integration/plugin-common.bash"

plugin_init plugin-process
CAROL='/C=IT/O=Example/OU=People/CN=Carol+20Example'
printf '%s\n' 'Alice-Pass-1' >"$T/alice"
# Without the cache every login searches the directory.
NOCACHE=(-o postino_cache_ttl=0)

accepts()
{
	grep -c ' ACCEPT from ' "$SLAPD_LOG"
}

# ---- lazy, per-process connections
before=$(accepts)
check "no directory connection before the first login" try "${NOCACHE[@]}" -n 0 \
	-e "$CAROL" external
check_eq "... none was opened" "$(accepts)" "$before"

before=$(accepts)
check "a forked child maps certificates, then the parent again" \
	try "${NOCACHE[@]}" -x ok -U carol -F 3 -e "$CAROL" external
check_match "... the child succeeded" "$CHECK_OUT" '^child: exit 0$'
check_match "... and the parent after it" "$CHECK_OUT" '^run 5: result=0'
check_eq "one connection for the parent, one for the child" "$(($(accepts) - before))" 2

before=$(accepts)
check "a child that never logs in leaves its parent's connection alone" \
	try "${NOCACHE[@]}" -x ok -U carol -F 0 -e "$CAROL" external
check_match "... the parent's second login works" "$CHECK_OUT" '^run 2: result=0'
check_eq "... on its first connection" "$(($(accepts) - before))" 1

before=$(accepts)
check "SCRAM in a forked child" try "${NOCACHE[@]}" -x ok -U alice -F 2 \
	-s imap -u alice -w "$T/alice" scram-sha-256
check_eq "... again one connection per process" "$(($(accepts) - before))" 2

before=$(accepts)
check "the cache answers repeated logins" try -x ok -U carol -n 20 -e "$CAROL" external
check_eq "... over one connection" "$(($(accepts) - before))" 1

# ---- restarts: a connection the server dropped is replaced, quietly
"$TRY" "${OPTS[@]}" "${NOCACHE[@]}" -x ok -U carol -n 2 -P "$T/go" -e "$CAROL" external \
	>"$T/restart.out" 2>&1 &
tpid=$!
harness_track_pid $tpid
for _ in $(seq 1 100); do
	grep -q '^run 1:' "$T/restart.out" && break
	sleep 0.1
done
check_match "a login before the directory restarts" "$(cat "$T/restart.out")" '^run 1: result=0'
slapd_restart
before=$(accepts)
touch "$T/go"
wait $tpid
check_eq "the same process logs in after the restart" "$?" 0
check_match "... mapping carol again" "$(cat "$T/restart.out")" '^run 2: result=0\(OK\) user=carol'
check_eq "... over one new connection" "$(($(accepts) - before))" 1

# ---- a hung directory (accepts connections, never answers) is a time-out
slapd_pause
check "a hung directory gives a temporary failure, not a hang" timeout 60 \
	"$TRY" "${OPTS[@]}" "${NOCACHE[@]}" -o postino_ldap_timeout=2 -x UNAVAIL \
	-e "$CAROL" external
check_match "... saying the directory is unavailable" "$CHECK_OUT" 'directory unavailable'
check "... and SCRAM too" timeout 60 "$TRY" "${OPTS[@]}" -o postino_ldap_timeout=2 \
	-x UNAVAIL -s imap -u alice -w "$T/alice" scram-sha-256
slapd_resume
check "once it answers again, logins work" try "${NOCACHE[@]}" -x ok -U carol -e "$CAROL" external

# ---- valgrind: repeated set-up and tear-down
if command -v valgrind >/dev/null 2>&1 && [ "${SANITIZE:-0}" != 1 ]; then
	# vg DESC ARGS... - run sasl_try under valgrind; check errors and plugin leaks
	vg()
	{
		local desc=$1 log="$T/vg.$RANDOM.log"
		shift
		check "$desc (valgrind)" valgrind --quiet --leak-check=full --num-callers=40 \
			--error-exitcode=99 --errors-for-leak-kinds=none --log-file="$log" \
			"$TRY" "${OPTS[@]}" "$@"
		check_eq "... no invalid memory accesses" \
			"$(grep -c 'Invalid \|uninitialised\|Mismatched free' "$log")" 0
		# A leak whose allocation stack passes through the plugin's files is ours.
		check_eq "... no leaks from the plugin" \
			"$(awk '/definitely lost|indirectly lost/ { rec = 1; buf = "" }
				rec { buf = buf $0 "\n" }
				/^==[0-9]+== *$/ { if (rec && buf ~ /libpostino|\((plugin|canon|cert|auxprop)_[a-z_]*\.c:/) n++; rec = 0 }
				END { print n + 0 }' "$log")" 0
	}
	vg "200 EXTERNAL logins, each with a directory search" "${NOCACHE[@]}" -x ok -U carol \
		-n 200 -e "$CAROL" external
	vg "200 refused EXTERNAL logins" "${NOCACHE[@]}" -x BADAUTH -n 200 \
		-e '/C=IT/O=Other/CN=Mallory' external
	vg "EXTERNAL with rules, issuers and a forked child" -x ok -U carol -F 5 -n 1 \
		-o 'postino_cert_rule=^CN=([a-z]+),OU=People,O=Example,C=IT$' \
		-O 'postino_peer_issuer=/CN=Nobody' -o 'postino_cert_issuers=CN=Nobody' \
		-e "$CAROL" external
	vg "10 SCRAM-SHA-256 logins" -x ok -U alice -n 10 -s imap -u alice -w "$T/alice" \
		scram-sha-256
else
	echo "valgrind skipped (not installed, or a sanitizer build: ASan checks those runs)"
	check "200 EXTERNAL logins under the sanitizers" try "${NOCACHE[@]}" -x ok -U carol \
		-n 200 -e "$CAROL" external
	check "10 SCRAM-SHA-256 logins under the sanitizers" try -x ok -U alice -n 10 \
		-s imap -u alice -w "$T/alice" scram-sha-256
fi

t_done plugin-process
