#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/cli-authd.sh: postinoctl's commands that talk to
# postino-authd rather than the directory: "auth test" over the saslauthd
# socket (exit 0 OK, 1 NO, 2 unavailable, like testsaslauthd), and "cache
# flush" and "stats" over the control socket. authd runs with its cache on,
# so a flush is what makes a password change visible at once.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/cli-common.bash"
cli_init cli-authd

# ---- without authd: unavailable, never a wrong answer
ctl_in 'Alice-Pass-1' auth test alice --password-stdin
check_eq "auth test without authd: exit 2 (unavailable)" "$RC" 2
check_match "... saying so" "$OUT" '^UNAVAILABLE'
ctl stats
check_eq "stats without authd: exit 3" "$RC" 3
ctl cache flush alice
check_eq "cache flush without authd: exit 3" "$RC" 3

# The cache flush is checked on a change made behind authd's back: the
# change stream, which would see it, is off (authd-sync.sh tests it).
echo "authd_sync: off" >>"$T/postino.conf"
if ! authd_start -c; then
	echo "SKIP: postino-authd not built; auth test, cache flush and stats need it"
	check "postinoctl is built" test -x "$CTL_BIN"
	t_done cli-authd
fi

# ---- auth test
ctl_in 'Alice-Pass-1' auth test alice --service smtp --password-stdin
check_eq "auth test, right password: exit 0" "$RC" 0
check_eq "... prints OK" "$OUT" "OK"
ctl_in 'Alice-Pass-x' auth test alice --service smtp --password-stdin
check_eq "auth test, wrong password: exit 1" "$RC" 1
check_match "... prints NO" "$OUT" '^NO'
ctl_in 'Bob-Pass-1' auth test bob --service smtp --password-stdin --json
check_eq "auth test, service not allowed: exit 1" "$RC" 1
check "auth test --json" python3 -c \
	'import json,sys; d=json.loads(sys.argv[1]); assert d["result"]=="NO" and d["uid"]=="bob"' "$OUT"
ctl_in 'Bob-Pass-1' auth test bob --password-stdin
check_eq "auth test defaults to service imap: bob OK" "$RC" 0
ctl_in '' auth test alice --password-stdin
check_eq "auth test with an empty password: exit 1, nothing sent" "$RC" 1
ctl auth test alice --password Alice-Pass-1
check_eq "auth test with a password in argv: refused (exit 2)" "$RC" 2
ctl_in 'Alice-Pass-1' auth test alice --password-stdin --socket "$T/nothing-here"
check_eq "auth test --socket to nowhere: exit 2" "$RC" 2

# ---- stats
ctl stats
check_eq "stats exits 0" "$RC" 0
check_match "stats has key: value lines" "$OUT" '^[a-z_]+: +[0-9]+'
ctl stats --json
check "stats --json is an object with numbers" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert isinstance(d, dict) and d and any(isinstance(v, int) for v in d.values()), d
' "$OUT"

before=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["requests"])' "$OUT")
ctl_in 'Alice-Pass-x' auth test alice --password-stdin
ctl stats --json
after=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["requests"])' "$OUT")
check_eq "stats: one more request after one auth test" "$after" "$((before + 1))"

# ---- cache flush: a password changed behind authd's back (in the
# directory directly) stays cached until flushed.
check "alice OK (now cached)" sasl_ok alice 'Alice-Pass-1' smtp
ldappasswd -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" -s 'Alice-Pass-2' \
	"uid=alice,$PEOPLE_DN" >/dev/null
check "the cache still says OK for the old password" sasl_ok alice 'Alice-Pass-1' smtp
ctl cache flush alice
check_eq "cache flush UID exits 0" "$RC" 0
check_match "... says so" "$OUT" 'flushed .* for alice'
check_fail "after the flush the old password is NO" sasl_ok alice 'Alice-Pass-1' smtp
check "... and the new one OK" sasl_ok alice 'Alice-Pass-2' smtp
ldappasswd -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" -s 'Alice-Pass-3' \
	"uid=alice,$PEOPLE_DN" >/dev/null
ctl cache flush --json
check_eq "cache flush (all) exits 0" "$RC" 0
check "cache flush --json" python3 -c \
	'import json,sys; d=json.loads(sys.argv[1]); assert d["ok"] and d["flushed"]=="*"' "$OUT"
check_fail "after flushing all, the old password is NO" sasl_ok alice 'Alice-Pass-2' smtp
ctl cache flush 'alice)(x'
check_eq "cache flush with a bad name: exit 2" "$RC" 2

t_done cli-authd
