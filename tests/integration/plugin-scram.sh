#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/plugin-scram.sh: full SCRAM-SHA-256 and SCRAM-SHA-1
# exchanges between a libsasl2 client and a libsasl2 server in one
# process, the server reading authPassword through libpostino.so's auxprop
# plugin from slapd. Secrets come from the sample DIT and from lib/'s own
# RFC 5803 encoder (sasl_mksecret); a hashed userPassword on the same
# entry, even when the plugin's bind could read it, must not interfere.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/plugin-common.bash"

plugin_init plugin-scram -u 1
SCRAM_CLIENT=("$BUILD/tests/tools/sasl_scram_client" -p "$PLUGIN_PATH")
MKSECRET="$BUILD/tests/tools/sasl_mksecret"

# pwfile NAME PASSWORD - a password file for the client side
pwfile()
{
	printf '%s\n' "$2" >"$T/$1"
	echo "$T/$1"
}
ALICE=$(pwfile alice 'Alice-Pass-1')
WRONG=$(pwfile wrong 'Alice-Pass-2')

# ---- the sample DIT's secrets
for m in scram-sha-256 scram-sha-1; do
	expect "$m: alice with her password" ok alice -s imap -u alice -w "$ALICE" $m
	expect "$m: alice with a wrong password" BADAUTH "" -s imap -u alice -w "$WRONG" $m
done
expect "the realm is stripped for the lookup" ok alice@example.org \
	-s imap -r example.org -u alice -w "$ALICE" scram-sha-256
expect "... unless postino_strip_realm is off" NOUSER "" \
	-o postino_strip_realm=no -s imap -r example.org -u alice -w "$ALICE" scram-sha-256
expect "an unknown user gets no secrets" NOUSER "" -s imap -u nobody -w "$ALICE" scram-sha-256
expect "a disabled account gets no secrets" DISABLED "" \
	-s imap -u dave -w "$(pwfile dave 'Dave-Pass-1')" scram-sha-256
expect "a ppolicy-locked account gets no secrets" DISABLED "" \
	-s imap -u frank -w "$(pwfile frank 'Frank-Pass-1')" scram-sha-256
BOB=$(pwfile bob 'Bob-Pass-1')
expect "bob may use imap" ok bob -s imap -u bob -w "$BOB" scram-sha-256
expect "bob may not use smtp" NOAUTHZ "" -s smtp -u bob -w "$BOB" scram-sha-256
expect "the client side of canon_user_plugin: postino works in the same process" ok alice \
	-s imap -u alice -w "$ALICE" scram-sha-256

# ---- secrets written with lib/scram.h, on an entry with a hashed userPassword
{
	cat <<EOF
dn: uid=u00001,$PEOPLE_DN
changetype: modify
replace: authPassword
EOF
	printf '%s\n' 'New-Pass-1' | "$MKSECRET"
} >"$T/u1.ldif"
check "sasl_mksecret wrote two secrets" grep -c '^authPassword: SCRAM-SHA-' "$T/u1.ldif"
check_eq "... one per hash" "$CHECK_OUT" 2
check "the secrets are stored" ldapmodify -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" -f "$T/u1.ldif"
check "u00001 has a hashed userPassword too" \
	ldapsearch -x -LLL -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" -b "uid=u00001,$PEOPLE_DN" \
	-s base userPassword
check_match "... an {SSHA} hash" "$CHECK_OUT" '^userPassword:: '
NEW=$(pwfile new 'New-Pass-1')
OLD=$(pwfile old 'pw-u00001')
for m in scram-sha-256 scram-sha-1; do
	expect "$m: lib-made secret, right password" ok u00001 -s imap -u u00001 -w "$NEW" $m
	expect "$m: lib-made secret, the bind password is not a SCRAM password" BADAUTH "" \
		-s imap -u u00001 -w "$OLD" $m
done
# The rootdn may read userPassword: if the plugin asked for it, libsasl2
# would take the hash for the plaintext password and SCRAM would fail.
printf '%s\n' "$ROOT_PW" >"$T/root.pw"
check "with a bind that can read userPassword, SCRAM still works" \
	try -x ok -o "postino_ldap_bind_dn=$ROOT_DN" -o "postino_ldap_password_file=$T/root.pw" \
	-s imap -u u00001 -w "$NEW" scram-sha-256

# ---- the reusable client tool
check "sasl_scram_client: right password" "${SCRAM_CLIENT[@]}" u00001 <"$NEW"
check_match "... says OK" "$CHECK_OUT" 'u00001: SCRAM-SHA-256 OK'
check "sasl_scram_client: SCRAM-SHA-1" "${SCRAM_CLIENT[@]}" -m SCRAM-SHA-1 alice <"$ALICE"
"${SCRAM_CLIENT[@]}" alice <"$WRONG" >"$T/out" 2>&1
check_eq "sasl_scram_client: wrong password exits 1" "$?" 1
"${SCRAM_CLIENT[@]}" -s smtp dave <"$ALICE" >"$T/out" 2>&1
check_eq "sasl_scram_client: disabled account exits 1" "$?" 1

# ---- a directory that is down is not "wrong password"
slapd_stop
expect "directory down: SCRAM is temporarily unavailable" UNAVAIL "" \
	-s imap -u alice -w "$ALICE" scram-sha-256
"${SCRAM_CLIENT[@]}" alice <"$ALICE" >"$T/out" 2>&1
check_eq "sasl_scram_client: directory down exits 2" "$?" 2

t_done plugin-scram
