# SPDX-License-Identifier: BSD-2-Clause
# tests/harness/slapd.sh: throwaway slapd instances on 127.0.0.1 for the
# integration tests, the demo and the benchmark. A bash library: source it,
# do not run it.
#
#   . "$TOP/tests/harness/slapd.sh"
#   harness_init mytest            # temp dir $T, cleanup trap
#   slapd_start                    # sample DIT; exports LDAP_URI etc.
#   slapd_start -n b -u 1000       # second instance, same DIT + 1000 users
#
# Interface
#   harness_init [NAME]
#       Creates the temp dir $T (under ${TMPDIR:-/tmp}) and installs a trap
#       on EXIT INT TERM HUP that runs the harness_at_exit commands, stops
#       every tracked PID (SIGCONT first, then SIGTERM, SIGKILL after 5 s; by
#       PID, never by name) and removes $T unless KEEP_TMP=1. Tests must not
#       install their own EXIT trap; they use harness_at_exit instead.
#       bash runs a trap only when the foreground command ends, so a test
#       that waits long should wait in the background ("cmd & wait $!").
#       HARNESS_DIR=DIR uses DIR instead of a new temp dir (kept on exit);
#       HARNESS_NO_TRAP=1 installs no trap (the demo, whose processes outlive
#       the shell); HARNESS_DETACH=1 starts slapd in its own session.
#   harness_track_pid PID     stop PID at exit (records its start time, so a
#                             recycled PID is never signalled)
#   harness_at_exit CMD       eval CMD at exit, before the PIDs are stopped
#   harness_free_ports N      print N free TCP ports on 127.0.0.1, one a line
#   harness_wait_ldap URI [SECONDS]
#                             wait (default 15 s) until an anonymous
#                             ldapwhoami against URI succeeds
#   harness_wait_gone PID TENTHS
#                             wait up to TENTHS tenths of a second until
#                             PID is gone; non-zero if it is still there
#   slapd_start [-n NAME] [-u NUSERS] [-f|-D]
#       Starts Debian's /usr/sbin/slapd with its own configuration and data in
#       $T/slapd (or $T/slapd-NAME): the postino schema, the ACLs, ppolicy,
#       syncprov (content synchronisation, for authd's change stream), the
#       sample DIT (schema/sample.ldif, schema/ppolicy.ldif) and NUSERS
#       generated users u00001.. (password pw-u00001 ...), loaded with slapadd
#       before slapd starts. Listens on ldap:// and ldaps:// at free ports on
#       127.0.0.1 and on an ldapi:// socket in its directory; StartTLS works.
#       The configuration is cn=config (slapd.d, built from the .ldif files of
#       schema/) or, with -f, slapd.conf (from the .schema/.conf files), or,
#       with -D, Debian's initial cn=config to which schema/*.ldif are applied
#       online with ldapadd/ldapmodify, as the README tells administrators.
#       Returns once slapd answers, or non-zero (with its log) after 15 s.
#       Each instance has its own copy of the data (no replication), so
#       writes to one are not seen by another; tests/harness/replicas.sh
#       builds replicated ones with HARNESS_SERVER_ID (olcServerID),
#       HARNESS_MDB_EXTRA (more attribute lines of the database entry:
#       olcSyncrepl, olcMultiProvider), HARNESS_NO_DATA=1 (start empty) and
#       HARNESS_DB_NOSYNC=FALSE (commits reach the disk, for tests that
#       SIGKILL a server and expect its writes back).
#       Over ldapi://, SASL EXTERNAL as uid 0 is
#       gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth, which may
#       manage the data and cn=config; other uids are plain authenticated
#       identities (they may read accounts, not secrets).
#       slapd runs as the "openldap" user when started as root and that user
#       exists; SLAPD_DEBUG=<level> (e.g. stats) sets its log level (the log
#       is $SLAPD_LOG). HARNESS_LASTBIND=0 turns off the lastbind option,
#       which otherwise makes every successful bind a database write
#       (pwdLastSuccess), for measurements that want binds without it.
#   slapd_stop [NAME]     SIGTERM, wait up to 10 s, then SIGKILL
#   slapd_kill [NAME]     SIGKILL (a crash); waits until it is gone
#   slapd_pause [NAME]    SIGSTOP (a hung server: connections accepted by
#                         the kernel, never answered)
#   slapd_resume [NAME]   SIGCONT
#   slapd_restart [NAME]  stop, then start again on the same ports with the
#                         same data; waits until it answers
#
# Exports after slapd_start (for -n NAME, the same names prefixed "NAME_",
# e.g. b_LDAP_URI; the constant ones are also exported unprefixed):
#   LDAP_URI (ldap://127.0.0.1:PORT), LDAPS_URI, LDAPI_URI, LDAP_PORT,
#   LDAPS_PORT, SLAPD_PID, SLAPD_DIR, SLAPD_LOG, BASE_DN, PEOPLE_DN,
#   ROOT_DN/ROOT_PW (rootdn: no ACLs apply), AUTHD_DN/AUTHD_PW,
#   SCRAM_DN/SCRAM_PW, ADMIN_DN/ADMIN_PW, TLS_CA, TLS_SERVER_CERT/KEY,
#   TLS_CLIENT_CERT/KEY (issued by TLS_CA), TLS_CAROL_CERT/KEY (subject
#   /C=IT/O=Example/OU=People/CN=Carol Example, issued by TLS_CA),
#   TLS_OTHER_CA and TLS_OTHER_CERT/KEY (the same Carol subject, issued by
#   an untrusted CA: a certificate that must not map), and LDAPTLS_CACERT
#   so that ldapsearch -ZZ and ldaps:// verify the server.
#   Also HARNESS_TOP, the repository root.
# All certificates and keys are in $T/tls; the keys are world-readable
# because they protect nothing and tests may run programs as other users.

HARNESS_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export HARNESS_TOP
SLAPD_BIN=${SLAPD_BIN:-/usr/sbin/slapd}
SLAPADD_BIN=${SLAPADD_BIN:-/usr/sbin/slapadd}
export BASE_DN="dc=example,dc=org"
export PEOPLE_DN="ou=people,$BASE_DN"
export ROOT_DN="cn=manager,$BASE_DN" ROOT_PW="manager-secret"
export AUTHD_DN="cn=authd,ou=services,$BASE_DN" AUTHD_PW="authd-secret"
export SCRAM_DN="cn=scram,ou=services,$BASE_DN" SCRAM_PW="scram-secret"
export ADMIN_DN="cn=admin,ou=services,$BASE_DN" ADMIN_PW="admin-secret"
# {SSHA} of manager-secret; the rootdn is for the harness and tests only.
HARNESS_ROOT_HASH='{SSHA}lpEmCvhVK5SkR0VfVqi7uFOqBGT85kj7'
HARNESS_AT_EXIT=""
HARNESS_PIDS=""
# Debian's python3, not a wrapper earlier in PATH that may take seconds to
# start.
HARNESS_PYTHON=${HARNESS_PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}

harness_log()
{
	echo "harness: $*" >&2
}

harness_init()
{
	local name=${1:-test}
	if [ -n "${HARNESS_DIR:-}" ]; then
		mkdir -p "$HARNESS_DIR" || return 1
		T=$(cd "$HARNESS_DIR" && pwd)
		KEEP_TMP=1
	else
		T=$(mktemp -d "${TMPDIR:-/tmp}/postino-$name.XXXXXX") || return 1
	fi
	# slapd and programs under test may run as other users and must reach
	# their files and sockets in $T.
	chmod 755 "$T"
	: >"$T/.pids"
	export T
	if [ "${HARNESS_NO_TRAP:-0}" != 1 ]; then
		trap harness_cleanup EXIT
		trap 'exit 130' INT
		trap 'exit 143' TERM
		trap 'exit 129' HUP
	fi
}

# harness_pid_start - the start time of PID (field 22 of /proc/PID/stat),
# or nothing if it is gone
harness_pid_start()
{
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	# shellcheck disable=SC2086 # split the fields on purpose
	set -- $stat
	echo "${20}"
}

# The PIDs are kept in $T/.pids, so that subshells can add to the list,
# and in HARNESS_PIDS, so that they are stopped even if $T is gone.
harness_track_pid()
{
	local start
	start=$(harness_pid_start "$1") || return 0
	HARNESS_PIDS="$HARNESS_PIDS$1 $start
"
	echo "$1 $start" >>"$T/.pids"
}

harness_at_exit()
{
	HARNESS_AT_EXIT="$HARNESS_AT_EXIT$1
"
}

# harness_pid_ours - true if PID still runs and is the process we tracked
harness_pid_ours()
{
	local now
	now=$(harness_pid_start "$1") || return 1
	[ "$now" = "$2" ]
}

# harness_stop_pids FILE - stop the processes listed ("PID START" lines)
# in FILE
harness_stop_pids()
{
	[ -s "$1" ] || return 0
	harness_stop_pid_list "$(cat "$1")"
}

# harness_stop_pid_list LIST - stop the processes of the "PID START" lines
# in LIST: SIGCONT and SIGTERM, SIGKILL for those left after 5 s
harness_stop_pid_list()
{
	local list=$1 pid start left i
	[ -n "$list" ] || return 0
	while read -r pid start; do
		[ -n "$pid" ] || continue
		if harness_pid_ours "$pid" "$start"; then
			kill -CONT "$pid" 2>/dev/null || true
			kill -TERM "$pid" 2>/dev/null || true
		fi
	done <<<"$list"
	for i in $(seq 50); do
		left=0
		while read -r pid start; do
			[ -n "$pid" ] && harness_pid_ours "$pid" "$start" && left=1
		done <<<"$list"
		[ "$left" = 0 ] && return 0
		sleep 0.1
	done
	while read -r pid start; do
		if [ -n "$pid" ] && harness_pid_ours "$pid" "$start"; then
			harness_log "PID $pid ignored SIGTERM, sending SIGKILL"
			kill -KILL "$pid" 2>/dev/null || true
		fi
	done <<<"$list"
	sleep 0.1
}

harness_cleanup()
{
	local cmd
	trap - EXIT INT TERM HUP
	# A test may run under "set -e"; cleaning up must not stop half-way.
	set +e
	while IFS= read -r cmd; do
		[ -n "$cmd" ] && eval "$cmd"
	done <<<"$HARNESS_AT_EXIT"
	HARNESS_AT_EXIT=""
	harness_stop_pid_list "$(
		cat "${T:-/nonexistent}/.pids" 2>/dev/null
		printf '%s' "$HARNESS_PIDS"
	)"
	HARNESS_PIDS=""
	[ -n "${T:-}" ] && [ -d "$T" ] || return 0
	if [ "${KEEP_TMP:-0}" = 1 ]; then
		harness_log "kept $T"
	else
		rm -rf "$T"
	fi
}

# Ports come from 10000-32767, below Linux's default ephemeral range
# (32768-60999), so they do not collide with outgoing connections; ports
# with any socket in /proc/net/tcp{,6} are skipped, and slapd_start retries
# if another process binds one first.
harness_free_ports()
{
	awk -v n="$1" -v seed="$RANDOM$$" '
		function hex(s,  i, v) {
			v = 0
			s = toupper(s)
			for (i = 1; i <= length(s); i++)
				v = v * 16 + index("0123456789ABCDEF", substr(s, i, 1)) - 1
			return v
		}
		FNR > 1 { k = split($2, a, ":"); used[hex(a[k])] = 1 }
		END {
			srand(seed)
			for (tries = 0; got < n && tries < 100000; tries++) {
				p = 10000 + int(rand() * 22768)
				if (p in used) continue
				used[p] = 1
				print p
				got++
			}
		}' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

harness_wait_ldap()
{
	local uri=$1 secs=${2:-15} i
	for i in $(seq $((secs * 10))); do
		ldapwhoami -x -H "$uri" -o nettimeout=2 >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# harness_tls - make the test CAs and certificates once per $T
harness_tls()
{
	local d="$T/tls"
	[ -s "$d/other.pem" ] && return 0
	mkdir -p "$d"
	(
		set -e
		cd "$d"
		key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
		ca() { # ca NAME SUBJECT
			key "$1.key"
			openssl req -x509 -new -key "$1.key" -out "$1.pem" -days 3650 -subj "$2" \
				-addext "basicConstraints=critical,CA:TRUE" \
				-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
		}
		leaf() { # leaf NAME SUBJECT CA EXTENSIONS
			key "$1.key"
			openssl req -new -key "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
			printf '%s\n' "$4" >"$1.ext"
			openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -days 3650 \
				-set_serial "0x$(openssl rand -hex 8)" -extfile "$1.ext" -out "$1.pem" 2>/dev/null
			rm -f "$1.csr" "$1.ext"
		}
		client="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
		ca ca "/O=postino test/CN=postino test CA"
		leaf server "/O=postino test/CN=localhost" ca "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1"
		leaf client "/O=postino test/CN=postino test client" ca "$client"
		leaf carol "/C=IT/O=Example/OU=People/CN=Carol Example" ca "$client"
		ca other-ca "/O=postino untrusted/CN=postino untrusted CA"
		leaf other "/C=IT/O=Example/OU=People/CN=Carol Example" other-ca "$client"
		chmod 644 ./*.pem ./*.key
	) || {
		harness_log "cannot make test certificates in $d"
		return 1
	}
}

# harness_ldif_fold DN FILE - the attribute lines of FILE's changetype:
# modify records for DN, so an offline (slapadd) configuration can carry
# what a deployer applies with ldapmodify
harness_ldif_fold()
{
	awk -v dn="$1" '
		BEGIN { RS = ""; FS = "\n" }
		{
			n = 0
			for (i = 1; i <= NF; i++)
				if ($i !~ /^#/) line[++n] = $i
			if (line[1] != "dn: " dn) next
			modify = 0
			for (i = 2; i <= n; i++)
				if (line[i] == "changetype: modify") modify = 1
			if (!modify) next
			for (i = 2; i <= n; i++)
				if (line[i] !~ /^(changetype|add|replace|delete):/ && line[i] != "-")
					print line[i]
		}' "$2"
}

# harness_ldif_adds FILE - FILE's records that add entries
harness_ldif_adds()
{
	awk '
		BEGIN { RS = ""; FS = "\n" }
		{
			n = 0
			for (i = 1; i <= NF; i++)
				if ($i !~ /^#/ && $i != "changetype: add") line[++n] = $i
			for (i = 1; i <= n; i++)
				if (line[i] ~ /^changetype:/) next
			for (i = 1; i <= n; i++) print line[i]
			print ""
		}' "$1"
}

# harness_conf_cnconfig DIR - the cn=config form, as LDIF for slapadd -n0
harness_conf_cnconfig()
{
	local dir=$1 s="$HARNESS_TOP/schema"
	cat <<EOF
dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: $dir/slapd.pid
olcArgsFile: $dir/slapd.args
olcTLSCACertificateFile: $T/tls/ca.pem
olcTLSCertificateFile: $T/tls/server.pem
olcTLSCertificateKeyFile: $T/tls/server.key
${HARNESS_SERVER_ID:+olcServerID: $HARNESS_SERVER_ID}

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb
$(harness_ldif_fold 'cn=module{0},cn=config' "$s/database.ldif")

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif

include: file:///etc/ldap/schema/cosine.ldif

include: file:///etc/ldap/schema/inetorgperson.ldif

include: file://$s/postino.ldif

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend
olcAccess: {0}to dn.base="" by * read
olcAccess: {1}to dn.base="cn=Subschema" by * read

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by dn.exact="gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth" manage by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: $BASE_DN
olcRootDN: $ROOT_DN
olcRootPW: $HARNESS_ROOT_HASH
olcDbDirectory: $dir/db
olcDbMaxSize: ${HARNESS_DB_MAXSIZE:-4294967296}
olcDbNoSync: ${HARNESS_DB_NOSYNC:-TRUE}
olcDbIndex: objectClass eq
olcDbIndex: cn,uid eq
$(harness_ldif_fold 'olcDatabase={1}mdb,cn=config' "$s/database.ldif" |
		if [ "${HARNESS_LASTBIND:-1}" = 0 ]; then sed 's/^olcLastBind: TRUE$/olcLastBind: FALSE/'; else cat; fi)
$(harness_ldif_fold 'olcDatabase={1}mdb,cn=config' "$s/acl.ldif")
${HARNESS_MDB_EXTRA:-}

$(harness_ldif_adds "$s/database.ldif")
EOF
}

# harness_conf_slapdconf DIR - the slapd.conf form
harness_conf_slapdconf()
{
	local dir=$1 s="$HARNESS_TOP/schema"
	cat <<EOF
include		/etc/ldap/schema/core.schema
include		/etc/ldap/schema/cosine.schema
include		/etc/ldap/schema/inetorgperson.schema
include		$s/postino.schema
include		$s/modules.conf
pidfile		$dir/slapd.pid
argsfile	$dir/slapd.args
TLSCACertificateFile	$T/tls/ca.pem
TLSCertificateFile	$T/tls/server.pem
TLSCertificateKeyFile	$T/tls/server.key
access to dn.base="" by * read
access to dn.base="cn=Subschema" by * read

database	config
access to * by dn.exact="gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth" manage by * none

database	mdb
suffix		"$BASE_DN"
rootdn		"$ROOT_DN"
rootpw		$HARNESS_ROOT_HASH
directory	$dir/db
maxsize		${HARNESS_DB_MAXSIZE:-4294967296}
dbnosync
index		objectClass	eq
index		cn,uid		eq
include		$s/acl.conf
include		$s/database.conf
$([ "${HARNESS_LASTBIND:-1}" = 0 ] && echo "lastbind	off")
EOF
}

# harness_users_ldif N - the generated users, made once per $T and N
harness_users_ldif()
{
	local f="$T/users-$1.ldif"
	if [ ! -s "$f" ]; then
		# HARNESS_GENUSERS: bench/genusers, the same LDIF in C (for a million)
		if [ -x "${HARNESS_GENUSERS:-}" ]; then
			"$HARNESS_GENUSERS" "$1" "$PEOPLE_DN" >"$f.tmp"
		else
			"$HARNESS_PYTHON" "$HARNESS_TOP/tests/harness/gen-users.py" "$1" "$PEOPLE_DN" >"$f.tmp"
		fi && mv "$f.tmp" "$f" || return 1
	fi
	echo "$f"
}

# harness_instance NAME - sets dir and prefix variables for an instance
harness_instance()
{
	case $1 in
	'') h_dir="$T/slapd" h_pfx="" ;;
	[A-Za-z]*)
		case $1 in *[!A-Za-z0-9_]*)
			harness_log "bad instance name: $1"
			return 1
			;;
		esac
		h_dir="$T/slapd-$1" h_pfx="$1_"
		;;
	*)
		harness_log "bad instance name: $1"
		return 1
		;;
	esac
}

# harness_export NAME VALUE - export NAME with the instance prefix
harness_export()
{
	export "$h_pfx$1=$2"
}

slapd_start()
{
	local OPTIND opt name="" nusers=0 form=cnconfig h_dir h_pfx users=""
	while getopts n:u:fD opt; do
		case $opt in
		n) name=$OPTARG ;;
		u) nusers=$OPTARG ;;
		f) form=conf ;;
		D) form=deploy ;;
		*)
			harness_log "usage: slapd_start [-n NAME] [-u NUSERS] [-f|-D]"
			return 2
			;;
		esac
	done
	harness_instance "$name" || return 2
	[ -n "${T:-}" ] || harness_init
	if [ -e "$h_dir" ]; then
		harness_log "instance ${name:-default} exists in $h_dir"
		return 1
	fi
	harness_tls || return 1
	mkdir -p "$h_dir/db"
	{
		cat "$HARNESS_TOP/schema/sample.ldif"
		echo
		cat "$HARNESS_TOP/schema/ppolicy.ldif"
		echo
	} >"$h_dir/data.ldif"
	if [ "$nusers" -gt 0 ]; then
		users=$(harness_users_ldif "$nusers") || return 1
	fi
	local cfg
	case $form in
	conf)
		harness_conf_slapdconf "$h_dir" >"$h_dir/slapd.conf"
		cfg=(-f "$h_dir/slapd.conf")
		;;
	cnconfig | deploy)
		mkdir -p "$h_dir/slapd.d"
		if [ "$form" = deploy ]; then
			harness_conf_debian "$h_dir" >"$h_dir/config.ldif" || return 1
		else
			harness_conf_cnconfig "$h_dir" >"$h_dir/config.ldif"
		fi
		if ! "$SLAPADD_BIN" -F "$h_dir/slapd.d" -n 0 -l "$h_dir/config.ldif" >"$h_dir/slapadd.log" 2>&1; then
			harness_log "slapadd of the cn=config form failed:"
			cat "$h_dir/slapadd.log" >&2
			return 1
		fi
		cfg=(-F "$h_dir/slapd.d")
		;;
	esac
	local ldapi
	ldapi="ldapi://$(printf '%s' "$h_dir/ldapi" | sed 's|%|%25|g; s|/|%2F|g; s|,|%2C|g; s| |%20|g')"
	if [ "$form" = deploy ]; then
		# What an administrator does on a Debian slapd: the postino LDIFs
		# applied online, as root over ldapi://; the data then goes in
		# offline, as for the other forms.
		harness_slapd_own "$h_dir" "${cfg[@]}" "$ldapi" || return 1
		harness_slapd_launch_ports "$name" || return 1
		harness_deploy_ldifs "$ldapi" >>"$h_dir/slapadd.log" 2>&1 || {
			harness_log "applying schema/*.ldif over ldapi:// failed:"
			cat "$h_dir/slapadd.log" >&2
			return 1
		}
		slapd_stop "$name"
	fi
	# HARNESS_NO_DATA=1: an empty database (a replica that gets its data
	# by syncrepl); HARNESS_SERVER_ID stamps the loaded entries' CSNs.
	local sid=()
	[ -n "${HARNESS_SERVER_ID:-}" ] && sid=(-S "$HARNESS_SERVER_ID" -w)
	if [ "${HARNESS_NO_DATA:-0}" = 1 ]; then
		:
	elif ! "$SLAPADD_BIN" "${cfg[@]}" "${sid[@]}" -q -b "$BASE_DN" -l "$h_dir/data.ldif" >>"$h_dir/slapadd.log" 2>&1 ||
		{ [ -n "$users" ] &&
			! "$SLAPADD_BIN" "${cfg[@]}" "${sid[@]}" -q -b "$BASE_DN" -l "$users" >>"$h_dir/slapadd.log" 2>&1; }; then
		harness_log "slapadd of the sample DIT failed:"
		cat "$h_dir/slapadd.log" >&2
		return 1
	fi
	harness_slapd_own "$h_dir" "${cfg[@]}" "$ldapi" || return 1
	if [ "$form" = deploy ]; then
		harness_slapd_launch "$name"
		return
	fi
	harness_slapd_launch_ports "$name"
}

# harness_slapd_own DIR CFGOPT CFG LDAPI - hand DIR to the openldap user
# and write the instance's state file
harness_slapd_own()
{
	local h_dir=$1 owner=()
	if [ "$(id -u)" = 0 ] && id openldap >/dev/null 2>&1; then
		chown -R openldap:openldap "$h_dir"
		if runuser -u openldap -- test -w "$h_dir" 2>/dev/null; then
			owner=(-u openldap -g openldap)
		else
			# A parent directory closed to other users (HARNESS_DIR in a
			# private home, say): slapd stays root rather than fail.
			harness_log "openldap cannot reach $h_dir; slapd runs as root"
		fi
	fi
	# Ports chosen earlier stay: a restart must come back on them.
	local ports
	ports=$(grep '^H_PORT=' "$h_dir/state" 2>/dev/null | tail -n 1)
	{
		printf 'H_CFG=(%q %q)\n' "$2" "$3"
		printf 'H_OWNER=(%s)\n' "${owner[*]}"
		printf 'H_LDAPI=%q\n' "$4"
		if [ -n "$ports" ]; then echo "$ports"; fi
	} >"$h_dir/state"
}

# harness_slapd_launch_ports NAME - start on free ports, retrying on others
# if a port is taken between the choice and slapd's bind
harness_slapd_launch_ports()
{
	local h_dir h_pfx try ports
	harness_instance "$1" || return 2
	for try in 1 2 3 4 5; do
		ports=$(harness_free_ports 2 | tr '\n' ' ')
		# shellcheck disable=SC2086 # two port numbers
		set -- "$1" $ports
		echo "H_PORT=$2 H_SPORT=$3" >>"$h_dir/state"
		: >"$h_dir/slapd.log"
		harness_slapd_launch "$1"
		case $? in
		0) return 0 ;;
		3) harness_log "slapd ${1:-default}: port $2 or $3 taken, retrying (try $try)" ;;
		*) return 1 ;;
		esac
	done
	tail -20 "$h_dir/slapd.log" >&2
	return 1
}

# harness_conf_debian DIR - Debian's own initial cn=config
# (/usr/share/slapd/slapd.init.ldif, what the slapd package installs) for
# dc=example,dc=org, moved into DIR, with the test certificates
harness_conf_debian()
{
	local dir=$1 init=/usr/share/slapd/slapd.init.ldif
	[ -r "$init" ] || {
		harness_log "$init is missing (Debian's slapd package)"
		return 1
	}
	sed -e "s|^olcRootDN: cn=admin,@SUFFIX@\$|olcRootDN: $ROOT_DN|" \
		-e "s|@SUFFIX@|$BASE_DN|g" \
		-e "s|@PASSWORD@|$HARNESS_ROOT_HASH|" \
		-e "s|/var/run/slapd/|$dir/|" \
		-e "s|^olcDbDirectory: .*|olcDbDirectory: $dir/db|" \
		-e "s|^olcToolThreads: 1|&\\
olcTLSCACertificateFile: $T/tls/ca.pem\\
olcTLSCertificateFile: $T/tls/server.pem\\
olcTLSCertificateKeyFile: $T/tls/server.key|" "$init"
}

# harness_deploy_ldifs LDAPI - the README's installation commands
harness_deploy_ldifs()
{
	local s="$HARNESS_TOP/schema"
	ldapadd -Q -Y EXTERNAL -H "$1" -f "$s/postino.ldif" &&
		ldapmodify -Q -Y EXTERNAL -H "$1" -f "$s/database.ldif" &&
		ldapmodify -Q -Y EXTERNAL -H "$1" -f "$s/acl.ldif"
}

# harness_slapd_launch NAME - start the configured instance and wait;
# 0 when it answers, 3 if a port was taken, 1 on other failures
harness_slapd_launch()
{
	local h_dir h_pfx H_CFG H_OWNER H_LDAPI H_PORT H_SPORT pid
	harness_instance "$1" || return 2
	. "$h_dir/state"
	local urls="ldap://127.0.0.1:$H_PORT/ ldaps://127.0.0.1:$H_SPORT/ $H_LDAPI"
	rm -f "$h_dir/ldapi"
	# -d keeps slapd in the foreground, so $! is slapd's own PID; setsid
	# (which execs in place from a non-interactive shell) detaches it from
	# the terminal when asked.
	local pre=()
	[ "${HARNESS_DETACH:-0}" = 1 ] && pre=(setsid)
	"${pre[@]}" "$SLAPD_BIN" -d "${SLAPD_DEBUG:-none}" -h "$urls" "${H_CFG[@]}" "${H_OWNER[@]}" \
		</dev/null >>"$h_dir/slapd.log" 2>&1 &
	pid=$!
	# Not a job of the test's shell: bash would report "Killed" when a
	# test kills it on purpose. The harness waits by polling the PID.
	disown "$pid" 2>/dev/null || true
	echo "$pid" >"$h_dir/pid"
	harness_track_pid "$pid"
	local i
	for i in $(seq 150); do
		if ! kill -0 "$pid" 2>/dev/null; then
			wait "$pid" 2>/dev/null || true
			grep -q 'Address already in use' "$h_dir/slapd.log" && return 3
			harness_log "slapd ${1:-default} exited during start-up; its log:"
			tail -20 "$h_dir/slapd.log" >&2
			return 1
		fi
		# Ask over the instance's own ldapi socket: a TCP port answers even
		# when another process holds it, but slapd serves nothing until
		# every listener is bound.
		if ldapwhoami -x -H "$H_LDAPI" -o nettimeout=2 >/dev/null 2>&1 &&
			kill -0 "$pid" 2>/dev/null; then
			harness_export LDAP_URI "ldap://127.0.0.1:$H_PORT"
			harness_export LDAPS_URI "ldaps://127.0.0.1:$H_SPORT"
			harness_export LDAPI_URI "$H_LDAPI"
			harness_export LDAP_PORT "$H_PORT"
			harness_export LDAPS_PORT "$H_SPORT"
			harness_export SLAPD_PID "$pid"
			harness_export SLAPD_DIR "$h_dir"
			harness_export SLAPD_LOG "$h_dir/slapd.log"
			harness_export_constants
			return 0
		fi
		sleep 0.1
	done
	harness_log "slapd ${1:-default} did not answer within 15 s; its log:"
	tail -20 "$h_dir/slapd.log" >&2
	kill -KILL "$pid" 2>/dev/null || true
	return 1
}

harness_export_constants()
{
	local v
	export TLS_CA="$T/tls/ca.pem"
	export TLS_SERVER_CERT="$T/tls/server.pem" TLS_SERVER_KEY="$T/tls/server.key"
	export TLS_CLIENT_CERT="$T/tls/client.pem" TLS_CLIENT_KEY="$T/tls/client.key"
	export TLS_CAROL_CERT="$T/tls/carol.pem" TLS_CAROL_KEY="$T/tls/carol.key"
	export TLS_OTHER_CA="$T/tls/other-ca.pem"
	export TLS_OTHER_CERT="$T/tls/other.pem" TLS_OTHER_KEY="$T/tls/other.key"
	export LDAPTLS_CACERT="$TLS_CA"
	if [ -n "$h_pfx" ]; then
		for v in BASE_DN PEOPLE_DN ROOT_DN ROOT_PW AUTHD_DN AUTHD_PW SCRAM_DN SCRAM_PW \
			ADMIN_DN ADMIN_PW TLS_CA TLS_SERVER_CERT TLS_SERVER_KEY TLS_CLIENT_CERT \
			TLS_CLIENT_KEY TLS_CAROL_CERT TLS_CAROL_KEY TLS_OTHER_CA TLS_OTHER_CERT \
			TLS_OTHER_KEY; do
			export "$h_pfx$v=${!v}"
		done
	fi
}

# harness_slapd_pid NAME - the running PID of an instance, if any
harness_slapd_pid()
{
	local h_dir h_pfx pid
	harness_instance "$1" || return 2
	pid=$(cat "$h_dir/pid" 2>/dev/null) || return 1
	kill -0 "$pid" 2>/dev/null || return 1
	echo "$pid"
}

# harness_wait_gone PID TENTHS - wait until PID is gone
harness_wait_gone()
{
	local i
	for i in $(seq "$2"); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

slapd_stop()
{
	local pid
	pid=$(harness_slapd_pid "${1:-}") || return 0
	kill -CONT "$pid" 2>/dev/null || true
	kill -TERM "$pid" 2>/dev/null || true
	if ! harness_wait_gone "$pid" 100; then
		harness_log "slapd ${1:-default} ignored SIGTERM, sending SIGKILL"
		kill -KILL "$pid" 2>/dev/null || true
		harness_wait_gone "$pid" 50 || true
	fi
	wait "$pid" 2>/dev/null || true
	return 0
}

slapd_kill()
{
	local pid
	pid=$(harness_slapd_pid "${1:-}") || return 0
	kill -KILL "$pid" 2>/dev/null || true
	harness_wait_gone "$pid" 50 || true
	wait "$pid" 2>/dev/null || true
	return 0
}

slapd_pause()
{
	local pid
	pid=$(harness_slapd_pid "${1:-}") || return 1
	kill -STOP "$pid"
}

slapd_resume()
{
	local pid
	pid=$(harness_slapd_pid "${1:-}") || return 1
	kill -CONT "$pid"
}

slapd_restart()
{
	local h_dir h_pfx
	harness_instance "${1:-}" || return 2
	slapd_stop "${1:-}"
	harness_slapd_launch "${1:-}"
}
