#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/plugin-plain.sh: PLAIN through a libsasl2 server that
# has libpostino.so as canonuser and auxprop plugin, with passwords checked
# by a saslauthd-protocol daemon (pwcheck_method: saslauthd): postino-authd
# when it is built, and Debian's saslauthd -a ldap, both started the same
# way (-a ldap -O conf -m dir -d). Canonical names must be exactly what
# libsasl2's INTERNAL plugin gives (trimmed, realm appended), and PLAIN
# users must not notice the plugin, except that a disabled account, which
# the auxprop plugin reports, is refused whatever the daemon says.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/plugin-common.bash"

plugin_init plugin-plain

printf '%s\n' 'Alice-Pass-1' >"$T/alice"
printf '%s\n' 'Alice-Pass-2' >"$T/wrong"
printf '%s\n' 'Dave-Pass-1' >"$T/dave"
cat >"$T/saslauthd.conf" <<EOF
ldap_servers: $LDAP_URI
ldap_search_base: $PEOPLE_DN
ldap_bind_dn: $AUTHD_DN
ldap_password: $AUTHD_PW
ldap_filter: (uid=%U)
EOF
chmod 600 "$T/saslauthd.conf"
: >"$T/postino.conf"

# start_daemon NAME CMD... - a saslauthd-protocol daemon listening on $T/NAME/mux
start_daemon()
{
	local name=$1
	shift
	mkdir -p "$T/$name"
	chmod 755 "$T/$name"
	# Its own session: saslauthd signals its whole process group when it stops.
	setsid "$@" -a ldap -O "$T/saslauthd.conf" -m "$T/$name" -d >"$T/$name.log" 2>&1 &
	harness_track_pid $!
	for _ in $(seq 1 100); do
		[ -S "$T/$name/mux" ] && break
		sleep 0.1
	done
	check "$name listens" test -S "$T/$name/mux"
	[ -S "$T/$name/mux" ] || tail -n 5 "$T/$name.log"
}

# same DESC ARGS... - canonical names with the plugin equal INTERNAL's
same()
{
	local desc=$1 a b
	shift
	a=$(try_bare "${PW[@]}" "$@" | grep '^run ')
	b=$(try "${PW[@]}" "$@" | grep '^run ')
	check_eq "$desc" "$b" "$a"
}

# checks_with NAME - every check, with passwords verified by daemon NAME
checks_with()
{
	local d=$1
	PW=(-o pwcheck_method=saslauthd -o "saslauthd_path=$T/$d/mux" -o mech_list=PLAIN)

	expect "$d: alice with her password" ok alice "${PW[@]}" -u alice -w "$T/alice" plain
	expect "$d: alice with a wrong password" BADAUTH "" "${PW[@]}" -u alice -w "$T/wrong" plain
	expect "$d: surrounding white space is trimmed" ok alice \
		"${PW[@]}" -u '  alice	' -w "$T/alice" plain-raw
	expect "$d: the user realm is appended" ok alice@example.org \
		"${PW[@]}" -r example.org -u alice -w "$T/alice" plain-raw
	expect "$d: 20 logins in one process" ok alice \
		"${PW[@]}" -n 20 -u alice -w "$T/alice" plain
	same "$d: the same names as INTERNAL (trim)" -u ' alice ' -w "$T/alice" plain-raw
	same "$d: the same names as INTERNAL (realm)" -r example.org -u alice -w "$T/alice" \
		plain-raw
	same "$d: the same result as INTERNAL (wrong password)" -u alice -w "$T/wrong" plain-raw
	expect "$d: a disabled account is refused by the auxprop check" DISABLED "" \
		"${PW[@]}" -u dave -w "$T/dave" plain-raw
}

if [ -x "$BUILD/postino-authd" ]; then
	start_daemon postino-authd "$BUILD/postino-authd" -C "$T/postino.conf"
	checks_with postino-authd
else
	echo "postino-authd is not built: only Debian's saslauthd is used"
fi
# -n 0: no pre-forked workers, so none outlive the daemon when it stops.
start_daemon saslauthd /usr/sbin/saslauthd -n 0
checks_with saslauthd

t_done plugin-plain
