#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/plugin-timeout.sh: the plugin against a directory that
# accepts connections and never answers (a silent TCP listener). A SCRAM
# exchange and an EXTERNAL mapping each fail with UNAVAIL after one
# postino_ldap_timeout, not two, having opened one connection: libsasl2
# asks the plugin twice per authentication, and the second question must
# neither wait again nor search again; a second authentication right after
# fails fast.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/plugin-common.bash"

harness_init plugin-timeout
if [ ! -x "$TRY" ] || [ ! -f "$BUILD/sasl2/libpostino.so" ]; then
	echo "plugin: $TRY or $BUILD/sasl2/libpostino.so missing; run make first" >&2
	exit 1
fi
TIMEOUT_S=2
PY=${PY:-python3}
# The listener: accepts, holds every connection, never writes; logs each accept.
"$PY" - "$T/port" "$T/accepts" <<'PYEOF' &
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(64)
open(sys.argv[1], "w").write("%d\n" % s.getsockname()[1])
s.settimeout(0.2)
held, end = [], time.time() + 120
while time.time() < end:
    try:
        c, _ = s.accept()
        held.append(c)
        with open(sys.argv[2], "a") as f:
            f.write("%d\n" % (time.time() * 1000))
    except socket.timeout:
        pass
PYEOF
harness_track_pid $!
for _ in $(seq 100); do
	[ -s "$T/port" ] && break
	sleep 0.1
done
PORT=$(cat "$T/port")
printf 'x\n' >"$T/svc.pw"
printf 'Alice-Pass-1\n' >"$T/alice.pw"
chmod 600 "$T/svc.pw" "$T/alice.pw"
silent()
{
	"$TRY" -p "$PLUGIN_PATH" -o canon_user_plugin=postino -o auxprop_plugin=postino \
		-o "postino_ldap_uri=ldap://127.0.0.1:$PORT" -o postino_ldap_bind_dn=cn=svc \
		-o "postino_ldap_password_file=$T/svc.pw" -o postino_ldap_search_base=dc=example \
		-o "postino_ldap_timeout=$TIMEOUT_S" "$@" >"$T/out" 2>&1
}
accepts() { wc -l <"$T/accepts" 2>/dev/null || echo 0; }
# elapsed CMD... - run CMD, print the milliseconds it took
elapsed()
{
	local s e
	s=$(date +%s%3N)
	"$@"
	e=$(date +%s%3N)
	echo $((e - s))
}
lo=$((TIMEOUT_S * 1000 - 100))
hi=$((TIMEOUT_S * 1000 + 1500))

: >"$T/accepts"
ms=$(elapsed silent -s imap -u alice -w "$T/alice.pw" scram-sha-256)
check_match "SCRAM: UNAVAIL" "$(cat "$T/out")" 'UNAVAIL'
check "SCRAM fails after one time-out (${ms} ms, want ${lo}..${hi})" \
	test "$ms" -ge "$lo" -a "$ms" -le "$hi"
check_eq "SCRAM opened one connection" "$(accepts)" 1

: >"$T/accepts"
ms=$(elapsed silent -s imap -e "/C=IT/O=Example/CN=Alice Example" external)
check_match "EXTERNAL: UNAVAIL" "$(cat "$T/out")" 'UNAVAIL'
check "EXTERNAL fails after one time-out (${ms} ms, want ${lo}..${hi})" \
	test "$ms" -ge "$lo" -a "$ms" -le "$hi"
check_eq "EXTERNAL opened one connection" "$(accepts)" 1

# A second authentication right after, in the same process, fails fast:
# the directory that did not answer is not asked again for a second.
: >"$T/accepts"
ms=$(elapsed silent -n 2 -s imap -u alice -w "$T/alice.pw" scram-sha-256)
check "two SCRAM runs back to back: one time-out in all (${ms} ms, want <= ${hi})" \
	test "$ms" -le "$hi"
check_eq "... and one connection" "$(accepts)" 1
t_done plugin-timeout
