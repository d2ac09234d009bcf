# SPDX-License-Identifier: BSD-2-Clause
# tests/harness/assert.sh: a tiny assertion library for shell tests (bash).
#
#   . "$TOP/tests/harness/assert.sh"
#   check "alice can bind" ldapwhoami -x -H "$LDAP_URI" -D "$dn" -w "$pw"
#   check_fail "frank cannot bind" ldapwhoami ...
#   check_eq "reply" "$got" "OK"
#   check_match "log names the reason" "$log" 'locked'
#   t_done schema            # prints "schema: N passed, N failed", exits
#
# Safe under "set -eu". check/check_fail run the command with its output captured; on a failure
# they print the description, the command and the last lines of its output.
# The output of the last check is in $CHECK_OUT for further assertions.
# t_done exits 1 if anything failed, else 0; tests/run-tests adds up the
# closing line.

T_PASSED=0
T_FAILED=0
CHECK_OUT=""

t_pass()
{
	T_PASSED=$((T_PASSED + 1))
	echo "ok - $1"
}

t_fail()
{
	T_FAILED=$((T_FAILED + 1))
	echo "FAIL - $1"
	shift
	[ $# -gt 0 ] && printf '  %s\n' "$@"
	return 0
}

# t_show_out - the tail of the captured output, indented
t_show_out()
{
	[ -n "$CHECK_OUT" ] && printf '%s\n' "$CHECK_OUT" | tail -n 15 | sed 's/^/  | /'
	return 0
}

check()
{
	local desc=$1 rc
	shift
	if CHECK_OUT=$("$@" 2>&1); then rc=0; else rc=$?; fi
	if [ "$rc" -eq 0 ]; then
		t_pass "$desc"
	else
		t_fail "$desc" "command failed (exit $rc): $*"
		t_show_out
	fi
	return 0
}

check_fail()
{
	local desc=$1 rc
	shift
	if CHECK_OUT=$("$@" 2>&1); then rc=0; else rc=$?; fi
	if [ "$rc" -ne 0 ]; then
		t_pass "$desc"
	else
		t_fail "$desc" "command succeeded but should have failed: $*"
		t_show_out
	fi
	return 0
}

check_eq()
{
	if [ "$2" = "$3" ]; then
		t_pass "$1"
	else
		t_fail "$1" "got:  '$2'" "want: '$3'"
	fi
	return 0
}

check_match()
{
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		t_pass "$1"
	else
		t_fail "$1" "no match for /$3/ in:"
		printf '%s\n' "$2" | tail -n 15 | sed 's/^/  | /'
	fi
	return 0
}

t_done()
{
	if [ "$T_PASSED" -eq 0 ] && [ "$T_FAILED" -eq 0 ]; then
		echo "FAIL - $1 ran no checks"
	fi
	echo "$1: $T_PASSED passed, $T_FAILED failed"
	[ "$T_FAILED" -eq 0 ] && [ "$T_PASSED" -gt 0 ]
	exit $?
}
