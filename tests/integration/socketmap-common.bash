# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/socketmap-common.bash: what the socketmap tests share
# (tests/integration/socketmap*.sh, tests/e2e/relay-cert.sh). Sourced.
#
#   sm_conf FILE [LINES...]  append the socketmap settings for $SM_SOCK to FILE
#   sm_start CONF            start postino-socketmap -d; sets SM_PID, SM_LOG
#   sm_stop                  SIGTERM, wait for it to go
#   smq MAP KEY...           one pipelined connection, one reply per line
#   sm_raw HEX [WAIT]        raw bytes in, replies + EOF/TIMEOUT + seconds out
#   sm_oneline DN-RFC4514    sendmail's spelling: "/C=IT/O=x/CN=a+20b"
#   postmap_bin              print a usable Postfix postmap (the system's, or
#                            one unpacked from Debian's postfix package next to
#                            sendmail, which it conflicts with); empty if none
SM_BIN=${SM_BIN:-$BUILD/postino-socketmap}
SM_QUERY="$TOP/tests/tools/socketmap_query.py"
# The harness's CA and the untrusted one, in sendmail's ${cert_issuer} spelling.
# shellcheck disable=SC2034 # used by the scripts that source this file
SM_CA_ONELINE='/O=postino+20test/CN=postino+20test+20CA' \
	SM_OTHER_CA_ONELINE='/O=postino+20untrusted/CN=postino+20untrusted+20CA' \
	SM_CAROL_ONELINE='/C=IT/O=Example/OU=People/CN=Carol+20Example'

sm_conf()
{
	local f=$1
	shift
	SM_SOCK=${SM_SOCK:-$T/sm/socketmap}
	cat >>"$f" <<CONF
socketmap_socket: $SM_SOCK
socketmap_user: root
socketmap_issuers: CN=postino test CA,O=postino test
CONF
	for l in "$@"; do printf '%s\n' "$l" >>"$f"; done
}

sm_start()
{
	SM_LOG="$T/socketmap.log"
	"$SM_BIN" -d -c "$1" </dev/null >>"$SM_LOG" 2>&1 &
	SM_PID=$!
	harness_track_pid "$SM_PID"
	for _ in $(seq 1 100); do
		[ -S "$SM_SOCK" ] && return 0
		kill -0 "$SM_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "postino-socketmap did not start:" >&2
	tail -n 20 "$SM_LOG" >&2
	return 1
}

sm_stop()
{
	kill "$SM_PID" 2>/dev/null
	harness_wait_gone "$SM_PID" 50
}

smq()
{
	python3 "$SM_QUERY" "$SM_SOCK" "$@" 2>&1
}

sm_raw()
{
	python3 "$SM_QUERY" --raw "$SM_SOCK" "$@" 2>&1
}

sm_oneline()
{
	python3 -c '
import sys
rdns = sys.argv[1].split(",")
def xt(s):
    return "".join(c if "!" <= c <= "~" and c not in "+=" else "+%02X" % ord(c) for c in s)
print("".join("/" + r.split("=", 1)[0] + "=" + xt(r.split("=", 1)[1]) for r in reversed(rdns)))
' "$1"
}

postmap_bin()
{
	local d="${SM_POSTFIX_DIR:-${TMPDIR:-/tmp}/postino-postfix}"
	if command -v postmap >/dev/null 2>&1; then
		command -v postmap
		return 0
	fi
	if [ ! -x "$d/root/usr/sbin/postmap" ]; then
		mkdir -p "$d" && (cd "$d" && timeout 120 apt-get download postfix >/dev/null 2>&1) &&
			dpkg -x "$d"/postfix_*.deb "$d/root" 2>/dev/null || return 0
	fi
	# postmap refuses to run without a main.cf naming users that exist.
	mkdir -p "$d/cfg"
	printf '%s\n' 'mail_owner = nobody' 'default_privs = daemon' 'setgid_group = mail' \
		'compatibility_level = 3.6' "shlib_directory = $d/root/usr/lib/postfix" \
		"meta_directory = $d/cfg" >"$d/cfg/main.cf"
	cat >"$d/postmap" <<SH
#!/bin/sh
LD_LIBRARY_PATH="$d/root/usr/lib/postfix" exec "$d/root/usr/sbin/postmap" -c "$d/cfg" "\$@"
SH
	chmod +x "$d/postmap"
	echo "$d/postmap"
}
