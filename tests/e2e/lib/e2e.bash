# SPDX-License-Identifier: BSD-2-Clause
# tests/e2e/lib/e2e.bash: helpers of the end-to-end tests with real mail
# servers. A bash library: source it after tests/harness/slapd.sh.
#
#   e2e_init NAME          harness temp dir, log dir, counters
#   check DESC CMD...      run CMD; "ok - DESC" if it succeeds, else "not ok"
#   check_eq DESC WANT GOT
#   e2e_done               the closing "NAME: N passed, N failed" line
#   e2e_render TEMPLATE KEY=VALUE...   a conf/*.in template with @KEY@ set
#   e2e_wait_port PORT [SECONDS]       until something accepts on 127.0.0.1:PORT
#   e2e_wait_file PATH [SECONDS]       until PATH exists
#
# The servers' own start functions live in servers.bash, the protocol
# clients in clients.bash.

E2E_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck disable=SC2034 # used by the scripts that source this file
E2E_DIR=$(cd "$E2E_LIB/.." && pwd)
E2E_PASS=0
E2E_FAIL=0

e2e_init()
{
	E2E_NAME=$1
	# The mail servers run in a private mount namespace (lib/nsrun), which
	# needs "/" to be a mount point. In a chroot it is not: say so and skip,
	# rather than fail on the test bed instead of on postino.
	if ! mountpoint -q / 2>/dev/null; then
		echo "$E2E_NAME: skipped: / is not a mount point (a chroot), so no private mount" \
			"namespace can be made for the mail servers; run on a machine or VM"
		echo "$E2E_NAME: 0 passed, 0 failed"
		exit 0
	fi
	harness_init "e2e-$1" || exit 1
	BUILD=${BUILD:-$HARNESS_TOP/build}
	case $BUILD in /*) ;; *) BUILD="$HARNESS_TOP/$BUILD" ;; esac
	E2E_LOGS="$BUILD/test-logs/e2e"
	mkdir -p "$E2E_LOGS"
	rm -f "$E2E_LOGS/$E2E_NAME".*
	# The servers' logs and configs are kept after the temp dir is gone.
	harness_at_exit e2e_save_logs
}

e2e_save_logs()
{
	local f d name
	for f in "$T"/syslog "$T"/*.log "$T"/*/*.log "$T"/*/*.conf "$T"/*/*.mc "$T"/*/sasl2/*.conf \
		"$T"/san/*; do
		[ -f "$f" ] || continue
		d=$(dirname "$f")
		if [ "$d" = "$T" ]; then
			name="$E2E_NAME.$(basename "$f")"
		else
			name="$E2E_NAME.$(basename "$d").$(basename "$f")"
		fi
		cp "$f" "$E2E_LOGS/$name" 2>/dev/null
	done
}

e2e_log()
{
	echo "# $*"
}

e2e_result()
{
	if [ "$1" = 0 ]; then
		E2E_PASS=$((E2E_PASS + 1))
		echo "ok - $2"
	else
		E2E_FAIL=$((E2E_FAIL + 1))
		echo "not ok - $2"
	fi
}

check()
{
	local desc=$1
	shift
	"$@"
	e2e_result $? "$desc"
}

check_eq()
{
	if [ "$2" = "$3" ]; then
		e2e_result 0 "$1"
	else
		e2e_result 1 "$1 (wanted '$2', got '$3')"
	fi
}

# check_match DESC REGEX TEXT - TEXT matches the extended REGEX
check_match()
{
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		e2e_result 0 "$1"
	else
		e2e_result 1 "$1 (wanted /$2/, got '$3')"
	fi
}

# check_nomatch DESC REGEX TEXT - TEXT does not match the extended REGEX
check_nomatch()
{
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		e2e_result 1 "$1 (got '$3', which matches /$2/)"
	else
		e2e_result 0 "$1"
	fi
}

e2e_done()
{
	echo "$E2E_NAME: $E2E_PASS passed, $E2E_FAIL failed"
	[ "$E2E_FAIL" = 0 ]
}

# e2e_fatal MESSAGE - a set-up step failed: count it and stop
e2e_fatal()
{
	e2e_result 1 "$*"
	e2e_done
	exit 1
}

e2e_render()
{
	local t=$1 s kv
	shift
	s=$(cat "$t") || return 1
	for kv in "$@"; do
		s=${s//@${kv%%=*}@/${kv#*=}}
	done
	if [[ $s =~ @[A-Z_]+@ ]]; then
		echo "e2e_render: $t: ${BASH_REMATCH[0]} not set" >&2
		return 1
	fi
	printf '%s\n' "$s"
}

e2e_wait_port()
{
	local port=$1 secs=${2:-15} _
	for _ in $(seq $((secs * 10))); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

e2e_wait_file()
{
	local path=$1 secs=${2:-15} _
	for _ in $(seq $((secs * 10))); do
		[ -e "$path" ] && return 0
		sleep 0.1
	done
	return 1
}

# e2e_wait_log REGEX [SECONDS] - until the servers' syslog has a matching line
e2e_wait_log()
{
	local re=$1 secs=${2:-5} _
	for _ in $(seq $((secs * 10))); do
		grep -Eq -- "$re" "$T/syslog" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
