#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/service.sh: postino installed and run as a Debian
# service would run it.
#  - make install honours DESTDIR and PREFIX (schema .conf files, plugin
#    under PREFIX, man pages, units, sysusers.d, tmpfiles.d) and uninstall
#    removes every file again;
#  - the manual pages pass mandoc -Tlint, the units systemd-analyze verify,
#    tmpfiles.d makes the run directories with Debian's saslauthd modes;
#  - every program prints the one version of the Makefile;
#  - postino-authd started as root with the defaults drops to postino,
#    reports READY=1 on $NOTIFY_SOCKET, reloads as postino with a 0640
#    root:postino password file (and fails to with a root-only one), lets
#    group postino use the control socket, and at stop removes its sockets
#    and pid file.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/authd-common.bash"

authd_init service
D="$T/destdir"
VERSION=$(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")

# -- make install / uninstall
make -s -C "$TOP" BUILD="$BUILD" DESTDIR="$D" PREFIX=/usr install >"$T/install.log" 2>&1
check_eq "make install DESTDIR PREFIX=/usr" "$?" 0
for f in usr/sbin/postino-authd usr/sbin/postino-pwchange usr/sbin/postinoctl \
	usr/lib/sasl2/libpostino.so usr/share/postino/schema/database.conf \
	usr/share/postino/schema/postino.schema usr/share/man/man8/postino-authd.8 \
	usr/share/man/man8/postino-pwchange.8 usr/share/man/man8/postinoctl.8 \
	usr/share/man/man5/postino.conf.5 usr/share/man/man5/postino-sasl.5 \
	usr/lib/systemd/system/postino-authd.service usr/lib/systemd/system/postino-pwchange.service \
	usr/lib/sysusers.d/postino.conf usr/lib/tmpfiles.d/postino.conf; do
	check "installed $f" test -f "$D/$f"
done
check_match "unit runs the installed binary" \
	"$(grep ^ExecStart= "$D/usr/lib/systemd/system/postino-authd.service")" \
	"^ExecStart=/usr/sbin/postino-authd .*-C /etc/postino/postino.conf"
make -s -C "$TOP" BUILD="$BUILD" DESTDIR="$T/local" install >/dev/null 2>&1
check "PREFIX=/usr/local: plugin under the prefix" test -f "$T/local/usr/local/lib/sasl2/libpostino.so"
check "PREFIX=/usr/local: nothing outside it" \
	test -z "$(cd "$T/local" && find . -type f ! -path './usr/local/*')"
make -s -C "$TOP" BUILD="$BUILD" DESTDIR="$T/local" uninstall >/dev/null 2>&1
check_eq "uninstall removes every file" "$(find "$T/local" -type f | wc -l)" 0

# -- manual pages
for m in "$D"/usr/share/man/man*/*; do
	check_eq "mandoc -Tlint $(basename "$m")" "$(mandoc -Tlint -Wwarning "$m" 2>&1)" ""
done
check_match "postino.conf(5) lists a setting from the tables" \
	"$(MANWIDTH=200 mandoc -Tascii "$D/usr/share/man/man5/postino.conf.5" | col -b)" \
	"authd_control_group"
check_match "postino-sasl(5) lists the plugin's options" \
	"$(MANWIDTH=200 mandoc -Tascii "$D/usr/share/man/man5/postino-sasl.5" | col -b)" \
	"postino_ldap_uri"

# -- units, sysusers.d, tmpfiles.d
for u in postino-authd postino-pwchange postino-socketmap; do
	sed "s|/usr/sbin/|$D/usr/sbin/|" "$D/usr/lib/systemd/system/$u.service" >"$T/$u.service"
	check_eq "systemd-analyze verify $u.service" \
		"$(systemd-analyze verify --man=no "$T/$u.service" 2>&1)" ""
done
check_match "authd conflicts with saslauthd" \
	"$(grep ^Conflicts= "$D/usr/lib/systemd/system/postino-authd.service")" saslauthd.service
mkdir -p "$D/etc"
cp /etc/passwd /etc/group "$D/etc/"
systemd-tmpfiles --create --root="$D" "$D/usr/lib/tmpfiles.d/postino.conf" >"$T/tmpfiles.log" 2>&1
check_eq "tmpfiles: /run/saslauthd" "$(stat -c '%a %U %G' "$D/run/saslauthd")" "710 postino sasl"
check_eq "tmpfiles: /run/postino" "$(stat -c '%a %U %G' "$D/run/postino")" "710 postino postino"
check_eq "sysusers.d parses" "$(systemd-sysusers --dry-run "$D/usr/lib/sysusers.d/postino.conf" 2>&1 |
	grep -ci 'fail\|error')" 0

# -- one version
check_eq "authd --version" "$("$AUTHD" --version)" "postino-authd $VERSION (saslauthd protocol, mechanism: ldap)"
check_eq "pwchange --version" "$("$BUILD/postino-pwchange" --version)" "postino-pwchange $VERSION"
check_eq "postinoctl --version" "$("$BUILD/postinoctl" --version)" "postinoctl $VERSION"
check "the plugin carries the version" grep -q "version %s configured" "$BUILD/sasl2/libpostino.so"

# -- authd as the service user, with the defaults
if [ "$(id -u)" != 0 ] || ! getent passwd postino >/dev/null; then
	echo "service: not root or no postino user (scripts/install-deps makes it); skipping the daemon part"
	t_done service
	exit
fi
chmod 755 "$T"
R="$T/run"
mkdir -p "$R" && chmod 755 "$R"
authd_conf "$T/svc.conf" "mux_socket: $R/saslauthd/mux" "control_socket: $R/postino/control" \
	"authd_cache: yes" "log_stderr: yes"
chgrp postino "$T/svc.conf" "$T/authd.pw"
chmod 640 "$T/svc.conf" "$T/authd.pw"
: >"$T/empty.conf"
SOCK="$R/saslauthd/mux"
CTL="$R/postino/control"
ALOG="$T/svc.log"
$PY - "$T/notify" >"$T/notify.out" 2>&1 <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1]); s.settimeout(30)
while True:
    m = s.recv(4096).decode()
    print(m, flush=True)
    if "STOPPING=1" in m: break
PY
NPID=$!
harness_track_pid "$NPID"
for i in $(seq 50); do [ -S "$T/notify" ] && break; sleep 0.1; done
chmod 777 "$T/notify"
NOTIFY_SOCKET="$T/notify" "$AUTHD" -a ldap -f -C "$T/svc.conf" -O "$T/empty.conf" \
	>"$ALOG" 2>&1 </dev/null &
APID=$!
harness_track_pid "$APID"
for i in $(seq 100); do [ -S "$SOCK" ] && [ -S "$CTL" ] && break; sleep 0.1; done
check_eq "OK from the service" "$(tsa alice Alice-Pass-1 smtp)" OK
check_eq "runs as postino" "$(awk '/^Uid:/ {print $2}' /proc/$APID/status)" "$(id -u postino)"
for i in $(seq 50); do grep -q READY=1 "$T/notify.out" && break; sleep 0.1; done
check_match "READY=1 on NOTIFY_SOCKET" "$(cat "$T/notify.out")" "READY=1"
check_eq "socket directory made for the service user" "$(stat -c '%a %U' "$R/saslauthd")" "755 postino"
check_eq "control directory: postino, 0710" "$(stat -c '%a %U %G' "$R/postino")" "710 postino postino"
check_eq "control socket 0660 group postino" "$(stat -c '%a %G' "$CTL")" "660 postino"
check_match "group postino may use the control socket" \
	"$(runuser -u postino -- "$BUILD/postinoctl" -C "$T/svc.conf" stats 2>&1)" "requests"
kill -HUP "$APID"
for i in $(seq 50); do grep -q "reloaded\|reload failed" "$ALOG" && break; sleep 0.1; done
check_match "reload as postino with a 0640 root:postino password file" "$(cat "$ALOG")" \
	"configuration reloaded"
check_eq "and still OK" "$(tsa alice Alice-Pass-1 smtp)" OK
chmod 600 "$T/authd.pw"
kill -HUP "$APID"
for i in $(seq 50); do grep -q "reload failed" "$ALOG" && break; sleep 0.1; done
check_match "a root-only password file cannot be read at reload" "$(cat "$ALOG")" \
	"reload failed.*[Pp]ermission denied"
check_eq "stats: one reload" "$(ctl stats | sed -n 's/^reloads=//p')" 1
authd_stop
check_eq "authd stopped cleanly" "$?" 0
check "mux socket removed at stop" test ! -e "$SOCK"
check "control socket removed at stop" test ! -e "$CTL"
check "pid file removed at stop" test ! -e "$R/saslauthd/saslauthd.pid"
for i in $(seq 50); do grep -q STOPPING=1 "$T/notify.out" && break; sleep 0.1; done
check_match "STOPPING=1 on NOTIFY_SOCKET" "$(cat "$T/notify.out")" "STOPPING=1"
no_password_in_log
t_done service
