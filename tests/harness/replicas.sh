# SPDX-License-Identifier: BSD-2-Clause
# tests/harness/replicas.sh: a replicated directory on 127.0.0.1 for the
# tests and the demo: two providers (multi-provider, syncrepl both ways,
# serverIDs 1 and 2) and two read-only consumers, c1 fed by p1 and c2 by
# p2, each through a proxy that a test can hold or cut. A bash library on
# top of slapd.sh: source that first.
#
#   . "$TOP/tests/harness/slapd.sh"; . "$TOP/tests/harness/replicas.sh"
#   harness_init mytest
#   replicas_start -u 20       # p1 gets the data (+20 users), the rest replicate
#
# Interface
#   replicas_start [-u NUSERS]
#       Starts p1, p2, the proxies and c1, c2, and waits (up to 30 s) until
#       all four hold the same contextCSN. Exports, besides slapd_start's
#       p1_LDAP_URI, c2_LDAP_URI and so on: REPL_PROVIDERS ("p1 p2" URIs)
#       and REPL_CONSUMERS ("c1 c2" URIs).
#   replicas_csn NAME        the instance's contextCSN values, sorted, one a
#                            line; those of serverID 0 (bind bookkeeping a
#                            consumer writes locally) are left out
#   replicas_wait_converged [SECONDS]
#                            wait (default 30 s) until the four agree;
#                            non-zero (with each one's values) if not
#   replicas_restart_provider P
#                            start killed provider P again, and write once
#                            there so that its peers fetch what it wrote last
#   proxy_hold C / proxy_release C
#                            SIGSTOP / SIGCONT the proxy between consumer C
#                            and its provider: C keeps answering, from
#                            data that no longer moves
#   proxy_cut C / proxy_heal C
#                            SIGKILL the proxy (C loses its provider) /
#                            start it again on the same port
# Consumers forward their ppolicy bookkeeping to the providers and keep
# no lastbind stamp (replicas_forward). They bind to their provider as the rootdn (ROOT_DN), which the
# harness has; the syncrepl settings are those of doc/scaling-out.md.

# shellcheck disable=SC2154 # slapd_start exports p1_LDAP_URI and the others
REPL_PROXY=${REPL_PROXY:-$HARNESS_TOP/tests/tools/repl_proxy.py}

# replicas_syncrepl RID URI - an olcSyncrepl value pulling the whole suffix
replicas_syncrepl()
{
	printf 'olcSyncrepl: rid=%s provider=%s bindmethod=simple binddn="%s" credentials=%s searchbase="%s" type=refreshAndPersist retry="1 +" timeout=2 network-timeout=2 keepalive=5:2:1\n' \
		"$1" "$2" "$ROOT_DN" "$ROOT_PW" "$BASE_DN"
}

# replicas_ldapi NAME - the ldapi:// URI an instance will listen on
replicas_ldapi()
{
	printf 'ldapi://%s' "$(printf '%s' "$T/slapd-$1/ldapi" | sed 's|%|%25|g; s|/|%2F|g; s|,|%2C|g; s| |%20|g')"
}

# proxy_start C PROVIDER_PORT [LISTEN_PORT]
proxy_start()
{
	local c=$1 target=$2 port=${3:-} pid
	[ -n "$port" ] || port=$(harness_free_ports 1)
	local pre=()
	[ "${HARNESS_DETACH:-0}" = 1 ] && pre=(setsid)
	"${pre[@]}" "$HARNESS_PYTHON" "$REPL_PROXY" "$port" "$target" </dev/null >>"$T/proxy-$c.log" 2>&1 &
	pid=$!
	disown "$pid" 2>/dev/null || true
	harness_track_pid "$pid"
	echo "$pid $port $target" >"$T/proxy-$c"
	for _ in $(seq 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	harness_log "proxy for $c did not start"
	return 1
}

proxy_hold() { kill -STOP "$(cut -d' ' -f1 "$T/proxy-$1")"; }
proxy_release() { kill -CONT "$(cut -d' ' -f1 "$T/proxy-$1")"; }

proxy_cut()
{
	local pid
	pid=$(cut -d' ' -f1 "$T/proxy-$1")
	kill -KILL "$pid" 2>/dev/null || true
	harness_wait_gone "$pid" 50
}

proxy_heal()
{
	local pid port target
	read -r pid port target <"$T/proxy-$1"
	kill -0 "$pid" 2>/dev/null && kill -CONT "$pid" && return 0
	proxy_start "$1" "$target" "$port"
}

# replicas_forward C URI - consumer C sends the bind bookkeeping of its
# ppolicy overlay (failure counts, lockouts) to the providers (chain
# overlay to its provider URI, olcUpdateRef, olcPPolicyForwardUpdates), instead of writing it
# locally: a local write gives the entry a newer entryCSN than a change
# still on its way from a provider, and syncrepl would then drop that
# change for good. Its lastbind is off (OpenLDAP 2.5 cannot forward it).
replicas_forward()
{
	ldapmodify -Q -Y EXTERNAL -H "$(replicas_ldapi "$1")" >>"$T/slapd-$1/slapadd.log" 2>&1 <<LDIF
dn: cn=module{0},cn=config
changetype: modify
add: olcModuleLoad
olcModuleLoad: back_ldap

dn: olcOverlay=chain,olcDatabase={-1}frontend,cn=config
changetype: add
objectClass: olcOverlayConfig
objectClass: olcChainConfig
olcOverlay: chain
olcChainReturnError: TRUE

dn: olcDatabase=ldap,olcOverlay={0}chain,olcDatabase={-1}frontend,cn=config
changetype: add
objectClass: olcLDAPConfig
objectClass: olcChainDatabase
olcDatabase: ldap
olcDbURI: $2
olcDbIDAssertBind: bindmethod=simple binddn="$ROOT_DN" credentials=$ROOT_PW mode=self
olcDbRebindAsUser: TRUE

dn: olcDatabase={1}mdb,cn=config
changetype: modify
add: olcUpdateRef
olcUpdateRef: $2

dn: olcOverlay={0}ppolicy,olcDatabase={1}mdb,cn=config
changetype: modify
replace: olcPPolicyForwardUpdates
olcPPolicyForwardUpdates: TRUE
LDIF
}

replicas_start()
{
	local OPTIND opt nusers=0 pp1 pp2 mp
	while getopts u: opt; do
		case $opt in
		u) nusers=$OPTARG ;;
		*) return 2 ;;
		esac
	done
	[ -n "${T:-}" ] || harness_init
	mp="olcMultiProvider: TRUE"
	# The providers reach each other over their ldapi sockets, whose names
	# are known before either starts.
	# A provider's commits must survive its SIGKILL, as a real one's do.
	HARNESS_DB_NOSYNC=FALSE HARNESS_SERVER_ID=1 HARNESS_MDB_EXTRA="$(replicas_syncrepl 002 "$(replicas_ldapi p2)")
$mp" slapd_start -n p1 -u "$nusers" || return 1
	HARNESS_DB_NOSYNC=FALSE HARNESS_SERVER_ID=2 HARNESS_NO_DATA=1 HARNESS_MDB_EXTRA="$(replicas_syncrepl 001 "$(replicas_ldapi p1)")
$mp" slapd_start -n p2 || return 1
	pp1=$(harness_free_ports 1)
	pp2=$(harness_free_ports 1)
	proxy_start c1 "$p1_LDAP_PORT" "$pp1" || return 1
	proxy_start c2 "$p2_LDAP_PORT" "$pp2" || return 1
	HARNESS_LASTBIND=0 HARNESS_NO_DATA=1 \
		HARNESS_MDB_EXTRA="$(replicas_syncrepl 101 "ldap://127.0.0.1:$pp1")" \
		slapd_start -n c1 || return 1
	replicas_forward c1 "$p1_LDAP_URI" || return 1
	HARNESS_LASTBIND=0 HARNESS_NO_DATA=1 \
		HARNESS_MDB_EXTRA="$(replicas_syncrepl 102 "ldap://127.0.0.1:$pp2")" \
		slapd_start -n c2 || return 1
	replicas_forward c2 "$p2_LDAP_URI" || return 1
	export REPL_PROVIDERS="$p1_LDAP_URI $p2_LDAP_URI"
	export REPL_CONSUMERS="$c1_LDAP_URI $c2_LDAP_URI"
	replicas_wait_converged 30
}

# replicas_restart_provider P - start a killed provider again on its ports,
# then make one write there (a description on ou=people). A provider that
# was SIGKILLed comes back with the contextCSN of its last checkpoint, older
# than its own last writes (slapd 2.5.13, olcSpCheckpoint or not); until it
# writes again, its peers, asking "what changed since my cookie", hear
# "nothing" and never fetch those writes (doc/scaling-out.md).
replicas_restart_provider()
{
	local h_dir h_pfx uri
	harness_slapd_launch "$1" || return 1
	harness_instance "$1" || return 1
	uri="ldapi://$(printf '%s' "$h_dir/ldapi" | sed 's|/|%2F|g')"
	timeout 5 ldapmodify -x -H "$uri" -D "$ROOT_DN" -w "$ROOT_PW" >/dev/null <<LDIF
dn: $PEOPLE_DN
changetype: modify
replace: description
description: $1 restarted $(date -u +%Y%m%d%H%M%S)
LDIF
}

replicas_csn()
{
	local uri
	uri=$(harness_instance "$1" && echo "ldapi://$(printf '%s' "$h_dir/ldapi" | sed 's|/|%2F|g')")
	# timeout: a hung (SIGSTOPped) server accepts and never answers.
	timeout 3 ldapsearch -LLL -x -H "$uri" -D "$ROOT_DN" -w "$ROOT_PW" -o nettimeout=2 -b "$BASE_DN" \
		-s base contextCSN 2>/dev/null | sed -n 's/^contextCSN: //p' | grep -v '#000#' | sort
}

replicas_wait_converged()
{
	local secs=${1:-30} end n a
	end=$((SECONDS + secs))
	while [ "$SECONDS" -lt "$end" ]; do
		a=$(replicas_csn p1)
		if [ -n "$a" ]; then
			for n in p2 c1 c2; do
				[ "$(replicas_csn "$n")" = "$a" ] || continue 2
			done
			return 0
		fi
		sleep 0.1
	done
	for n in p1 p2 c1 c2; do
		harness_log "$n contextCSN: $(replicas_csn "$n" | tr '\n' ' ')"
	done
	return 1
}
