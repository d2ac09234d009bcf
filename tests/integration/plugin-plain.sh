#!/bin/bash
# tests/integration/plugin-plain.sh: PLAIN through a libsasl2 server that
# has libpostino.so as canonuser and auxprop plugin, with passwords checked
# by a saslauthd-protocol daemon (pwcheck_method: saslauthd): postino-authd
# when it is built, else Debian's saslauthd -a ldap, started the same way
# (-a ldap -O conf -m dir -d). Canonical names must be exactly what
# libsasl2's INTERNAL plugin gives (trimmed, realm appended), and PLAIN
# users must not notice the plugin, except that a disabled account, which
# the auxprop plugin reports, is refused whatever the daemon says.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/plugin-common.bash"

plugin_init plugin-plain

# ---- the password daemon
mkdir -p "$T/mux"
chmod 755 "$T/mux"
cat >"$T/saslauthd.conf" <<EOF
ldap_servers: $LDAP_URI
ldap_search_base: $PEOPLE_DN
ldap_bind_dn: $AUTHD_DN
ldap_password: $AUTHD_PW
ldap_filter: (uid=%U)
EOF
chmod 600 "$T/saslauthd.conf"
if [ -x "$BUILD/postino-authd" ]; then
	DAEMON=("$BUILD/postino-authd" -C "$T/none.conf")
else
	DAEMON=(/usr/sbin/saslauthd)
fi
echo "password daemon: ${DAEMON[0]}"
"${DAEMON[@]}" -a ldap -O "$T/saslauthd.conf" -m "$T/mux" -d >"$T/daemon.log" 2>&1 &
harness_track_pid $!
for _ in $(seq 1 100); do
	[ -S "$T/mux/mux" ] && break
	sleep 0.1
done
check "the password daemon listens" test -S "$T/mux/mux"

PW=(-o pwcheck_method=saslauthd -o "saslauthd_path=$T/mux/mux" -o mech_list=PLAIN)
printf '%s\n' 'Alice-Pass-1' >"$T/alice"
printf '%s\n' 'Alice-Pass-2' >"$T/wrong"
printf '%s\n' 'Dave-Pass-1' >"$T/dave"

# same DESC ARGS... - canonical names with the plugin equal INTERNAL's
same()
{
	local desc=$1 a b
	shift
	a=$(try_bare "${PW[@]}" "$@" | grep '^run ')
	b=$(try "${PW[@]}" "$@" | grep '^run ')
	check_eq "$desc" "$b" "$a"
}

expect "PLAIN: alice with her password" ok alice "${PW[@]}" -u alice -w "$T/alice" plain
expect "PLAIN: alice with a wrong password" BADAUTH "" "${PW[@]}" -u alice -w "$T/wrong" plain
expect "PLAIN: surrounding white space is trimmed" ok alice \
	"${PW[@]}" -u '  alice	' -w "$T/alice" plain-raw
expect "PLAIN: the user realm is appended" ok alice@example.org \
	"${PW[@]}" -r example.org -u alice -w "$T/alice" plain-raw
expect "PLAIN: 20 logins in one process" ok alice \
	"${PW[@]}" -n 20 -u alice -w "$T/alice" plain
same "the same names as INTERNAL (trim)" -u ' alice ' -w "$T/alice" plain-raw
same "the same names as INTERNAL (realm)" -r example.org -u alice -w "$T/alice" plain-raw
same "the same result as INTERNAL (wrong password)" -u alice -w "$T/wrong" plain-raw
expect "PLAIN: a disabled account is refused by the auxprop check" DISABLED "" \
	"${PW[@]}" -u dave -w "$T/dave" plain-raw

t_done plugin-plain
