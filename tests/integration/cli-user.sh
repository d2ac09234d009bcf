#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/cli-user.sh: postinoctl's user commands (add, show,
# list, passwd, lock, unlock, del) against a real slapd, each result checked
# with ldapsearch as the rootdn; then the same accounts through
# postino-authd (testsaslauthd) and libsasl2 SCRAM-SHA-256 via the plugin.
# Also the refusals: duplicate and unknown accounts, bad names and services,
# passwords in argv, empty passwords, and a directory that is down (exit 3).
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/cli-common.bash"
# 600 generated users: more than slapd's default size limit of 500.
cli_init cli-user -u 600

have_authd=0
if authd_start -c; then
	have_authd=1
fi
ZDN="uid=zed,$PEOPLE_DN"

# ---- user add
ctl_in 'Zed-Pass-12' user add zed --name "Zed Zebra" --mail zed@example.org \
	--service smtp,imap --password-stdin
check_eq "user add exits 0" "$RC" 0
check_match "user add names the entry" "$OUT" "created $ZDN"
check_eq "entry has postinoAccount" "$(attr "$ZDN" objectClass | sort | tr '\n' ' ')" \
	"inetOrgPerson postinoAccount "
check_eq "cn" "$(attr "$ZDN" cn)" "Zed Zebra"
check_eq "sn is the last word of the name" "$(attr "$ZDN" sn)" "Zebra"
check_eq "mail" "$(attr "$ZDN" mail)" "zed@example.org"
check_eq "services" "$(attr "$ZDN" postinoService | sort | tr '\n' ' ')" "imap smtp "
check_match "userPassword is a {CRYPT}\$6\$ hash" "$(attr "$ZDN" userPassword)" '^\{CRYPT\}\$6\$'
check_eq "two SCRAM secrets" "$(attr "$ZDN" authPassword | sed 's/\$.*//' | sort | tr '\n' ' ')" \
	"SCRAM-SHA-1 SCRAM-SHA-256 "
check_match "postinoPasswordChanged set" "$(attr "$ZDN" postinoPasswordChanged)" '^[0-9]{14}Z$'
check "zed binds with the new password" bind_ok zed 'Zed-Pass-12'
check_fail "the cleartext is stored nowhere" grep -q 'Zed-Pass-12' <(dump_all)

if [ "$have_authd" = 1 ]; then
	check "authd: zed OK for smtp" sasl_ok zed 'Zed-Pass-12' smtp
	check_fail "authd: zed NO for pop3 (not allowed)" sasl_ok zed 'Zed-Pass-12' pop3
	check_fail "authd: zed NO with a wrong password" sasl_ok zed 'Wrong-Pass-1' smtp
else
	echo "SKIP: postino-authd not built; authd checks after user add skipped"
fi
if have_scram; then
	check "SCRAM-SHA-256 via the plugin with the new password" scram_ok zed 'Zed-Pass-12'
	check_fail "SCRAM-SHA-256 refuses a wrong password" scram_ok zed 'Wrong-Pass-1'
else
	echo "SKIP: SASL plugin or sasl_scram_client not built; SCRAM checks skipped"
fi

ctl_in 'Zed-Pass-12' user add zed --password-stdin
check_eq "duplicate uid refused (exit 1)" "$RC" 1
check_match "duplicate: says it exists" "$ERR" 'exists'

ctl user add yves --random
check_eq "user add --random exits 0" "$RC" 0
rnd=$(printf '%s\n' "$OUT" | sed -n 's/^password: //p')
check_match "random password printed once" "$rnd" '^[A-Za-z0-9]{20}$'
check "yves binds with the printed password" bind_ok yves "$rnd"
check_eq "default services from ctl_default_services" \
	"$(attr "uid=yves,$PEOPLE_DN" postinoService | sort | tr '\n' ' ')" "imap smtp "

ctl user add xena --no-password --service imap --json
check_eq "user add --no-password exits 0" "$RC" 0
check "--json result is JSON with ok:true" python3 -c \
	'import json,sys; d=json.loads(sys.argv[1]); assert d["ok"] is True and d["uid"]=="xena"' "$OUT"
check_eq "no password stored" "$(attr "uid=xena,$PEOPLE_DN" userPassword)" ""

# ---- input validation: nothing is written
ctl user add ulla --service smtp,fax --no-password
check_eq "unknown service refused (exit 2)" "$RC" 2
check_match "names the bad service" "$ERR" 'unknown service "fax"'
check_eq "nothing written for ulla" "$(attr "uid=ulla,$PEOPLE_DN" uid)" ""
ctl user add 'bad,uid=x' --no-password
check_eq "bad uid refused (exit 2)" "$RC" 2
ctl user add ulla --mail 'not an address' --no-password
check_eq "bad mail refused (exit 2)" "$RC" 2
ctl_in '' user add ulla --password-stdin
check_eq "empty password refused (exit 1)" "$RC" 1
check_eq "nothing written for ulla" "$(attr "uid=ulla,$PEOPLE_DN" uid)" ""
# Not UTF-8 (Latin-1 "a-grave"), and a control character: refused as the page refuses them.
ctl_in "$(printf 'Ulla-Pass-\340')" user add ulla --password-stdin
check_eq "invalid UTF-8 password refused (exit 1)" "$RC" 1
check_match "says why" "$ERR" 'not valid UTF-8'
check_eq "nothing written for ulla" "$(attr "uid=ulla,$PEOPLE_DN" uid)" ""
ctl_in "$(printf 'Ulla-Pass-\033x')" user add ulla --password-stdin
check_eq "control character refused (exit 1)" "$RC" 1
ctl_in "$(printf 'Zed-Pass-\300\257')" user passwd zed --password-stdin
check_eq "overlong UTF-8 refused by passwd (exit 1)" "$RC" 1

# ---- passwords in argv are refused, whatever the spelling
for form in "--password=Ulla-Pass-1" "--password Ulla-Pass-1" "-w Ulla-Pass-1" \
	"-wUlla-Pass-1" "--passwd=Ulla-Pass-1"; do
	# shellcheck disable=SC2086
	ctl user add ulla $form
	check_eq "argv password refused: $form (exit 2)" "$RC" 2
	check_match "refusal explains why: $form" "$ERR" 'visible to every user'
done
ctl user passwd zed --password=Zed-Pass-99
check_eq "passwd with an argv password refused" "$RC" 2
check_eq "nothing written for ulla" "$(attr "uid=ulla,$PEOPLE_DN" uid)" ""
check "zed's password unchanged" bind_ok zed 'Zed-Pass-12'

# ---- show and list
ctl user show zed
check_eq "user show exits 0" "$RC" 0
check_match "show: services" "$OUT" 'services: +smtp, imap'
check_match "show: password schemes, not values" "$OUT" 'password: +\{CRYPT\}\$6\$, SCRAM-SHA-1, SCRAM-SHA-256'
check_fail "show prints no hash" grep -q 'CRYPT}\$6\$[A-Za-z0-9./]\{4\}' <<<"$OUT"
ctl user show frank --json
check "show --json: frank is locked (ppolicy), in lib's account policy's words" python3 -c \
	'import json,sys; d=json.loads(sys.argv[1]); assert d["locked"] and d["state"]==d["policy_state"]=="locked-admin"' "$OUT"
ctl user show erin --json
check "show --json: erin (no postinoAccount) may use every service" python3 -c \
	'import json,sys; d=json.loads(sys.argv[1]); assert d["all_services"] and d["services"]==[]' "$OUT"
ctl user show nobody
check_eq "show of an unknown uid exits 1" "$RC" 1
check_match "names the account" "$ERR" 'no such account "nobody"'
ctl --json user show nobody
check "--json error is a JSON document" python3 -c \
	'import json,sys; d=json.loads(sys.argv[1]); assert d["ok"] is False and d["exit"]==1' "$OUT"
ctl user list
check_eq "user list exits 0" "$RC" 0
for u in alice bob carol dave erin frank gina zed yves xena; do
	check_match "list has $u" "$OUT" "(^|$(printf '\n'))$u "
done
check_match "list shows dave disabled" "$OUT" 'dave .* disabled'
check "list is not cut at slapd's 500-entry limit (600 generated users)" \
	test "$(grep -c '^u00' <<<"$OUT")" -eq 600
# The STATE column is lib's account policy's decision: the words of user show.
LIST_OUT=$OUT
for u in alice dave erin frank; do
	ctl user show "$u" --json
	shown=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["policy_state"])' "$OUT")
	check_match "list: $u's state is user show's ($shown)" \
		"$(grep "^$u " <<<"$LIST_OUT")" " $shown\$"
done
check_match "list: frank is locked-admin, not the old home-made \"locked\"" \
	"$(grep '^frank ' <<<"$LIST_OUT")" ' locked-admin$'
ctl user list --filter 'Zebra' --json
check "list --filter finds by name" python3 -c \
	'import json,sys; d=json.loads(sys.argv[1]); assert [e["uid"] for e in d]==["zed"]' "$OUT"
ctl user list --filter '*)(uid=*'
check_eq "filter text is escaped (no injection)" "$OUT" "UID  NAME  MAIL  SERVICES  STATE"

# ---- passwd
ctl_in 'Zed-Pass-34' user passwd zed --password-stdin
check_eq "user passwd exits 0" "$RC" 0
check "new password binds" bind_ok zed 'Zed-Pass-34'
check_fail "old password no longer binds" bind_ok zed 'Zed-Pass-12'
if [ "$have_authd" = 1 ]; then
	# authd runs with its cache on: only the flush makes this immediate.
	check "authd: new password OK at once" sasl_ok zed 'Zed-Pass-34' smtp
	check_fail "authd: old password NO at once" sasl_ok zed 'Zed-Pass-12' smtp
fi
if have_scram; then
	check "SCRAM works with the new password" scram_ok zed 'Zed-Pass-34'
	check_fail "SCRAM refuses the old password" scram_ok zed 'Zed-Pass-12'
fi
# On a terminal: asked twice, without echo; a mismatch changes nothing.
tty_run 'Zed-Tty-Pass-5' 'Zed-Tty-Pass-5' "$CTL_BIN" -C "$T/postino.conf" user passwd zed
check_eq "passwd on a terminal exits 0" "$RC" 0
check_match "asked twice" "$OUT" 'New password for zed: .*'$'\r''?$'
check_match "... the second time to confirm" "$OUT" 'Again, to confirm'
check_fail "the password was not echoed" grep -qF 'Zed-Tty-Pass-5' <<<"$OUT"
check "the password typed on the terminal binds" bind_ok zed 'Zed-Tty-Pass-5'
tty_run 'Zed-Tty-Pass-6' 'Zed-Tty-Pass-7' "$CTL_BIN" -C "$T/postino.conf" user passwd zed
check_eq "two different passwords on the terminal: exit 2" "$RC" 2
check_match "... saying nothing changed" "$OUT" 'differ; nothing was changed'
check "the password is unchanged" bind_ok zed 'Zed-Tty-Pass-5'
ctl_in 'Zed-Pass-34' user passwd zed --password-stdin
ctl_in 'Gina-Pass-2' user passwd gina --password-stdin
check_eq "passwd of an expired account exits 0" "$RC" 0
check "gina binds again after an administrator set her password" bind_ok gina 'Gina-Pass-2'
ctl_in 'x' user passwd nobody --password-stdin
check_eq "passwd of an unknown uid exits 1" "$RC" 1

# ---- lock and unlock
check_fail "a wrong password does not bind" bind_ok zed 'Not-Zeds-Pass'
ctl user show zed --json
check "show: the failed bind is recorded" python3 -c \
	'import json,sys; d=json.loads(sys.argv[1]); assert d["login_failures"]>0, d' "$OUT"
ctl user lock zed
check_eq "user lock exits 0" "$RC" 0
check_eq "postinoDisabled TRUE" "$(attr "$ZDN" postinoDisabled)" "TRUE"
check_eq "ppolicy lock until unlocked" "$(attr "$ZDN" pwdAccountLockedTime)" "000001010000Z"
check_fail "a locked account cannot bind" bind_ok zed 'Zed-Pass-34'
[ "$have_authd" = 1 ] && check_fail "authd: locked account NO at once" sasl_ok zed 'Zed-Pass-34' smtp
ctl user lock zed
check_match "locking twice says so" "$OUT" 'already'
ctl user unlock zed
check_eq "user unlock exits 0" "$RC" 0
check_eq "postinoDisabled gone" "$(attr "$ZDN" postinoDisabled)" ""
check_eq "ppolicy lock gone" "$(attr "$ZDN" pwdAccountLockedTime)" ""
ctl user show zed --json
check "unlock: the failed logins recorded by ppolicy are gone" python3 -c \
	'import json,sys; d=json.loads(sys.argv[1]); assert d["login_failures"]==0 and not d["locked"]' "$OUT"
check "an unlocked account binds" bind_ok zed 'Zed-Pass-34'
[ "$have_authd" = 1 ] && check "authd: unlocked account OK at once" sasl_ok zed 'Zed-Pass-34' smtp
ctl user unlock frank
check_eq "unlock of a ppolicy-locked account exits 0" "$RC" 0
check "frank binds once unlocked" bind_ok frank 'Frank-Pass-1'
# erin is a plain inetOrgPerson (no postinoAccount): she may use every service.
EDN="uid=erin,$PEOPLE_DN"
ctl_in 'Erin-Pass-2' user passwd erin --password-stdin
check_eq "passwd of an account without postinoAccount exits 0" "$RC" 0
check_match "... says only userPassword was stored" "$OUT" 'userPassword only'
check "erin binds with the new password" bind_ok erin 'Erin-Pass-2'
check_eq "erin is still a plain inetOrgPerson" "$(attr "$EDN" objectClass)" "inetOrgPerson"
check_eq "no SCRAM secrets for her" "$(attr "$EDN" authPassword)" ""
ctl user lock erin
check_eq "lock of an account without postinoAccount exits 0" "$RC" 0
check_eq "erin got postinoAccount to carry the flag" \
	"$(attr "$EDN" objectClass | grep -ci postinoAccount)" 1
check_eq "... with every known service, so she loses nothing on unlock" \
	"$(attr "$EDN" postinoService | sort | tr '\n' ' ')" \
	"imap lmtp pop3 sieve smtp submission xmpp "
[ "$have_authd" = 1 ] && check_fail "authd: locked erin NO" sasl_ok erin 'Erin-Pass-2' imap
ctl user unlock erin
check_eq "unlock erin exits 0" "$RC" 0
if [ "$have_authd" = 1 ]; then
	check "authd: unlocked erin OK for imap" sasl_ok erin 'Erin-Pass-2' imap
	check "authd: unlocked erin OK for pop3" sasl_ok erin 'Erin-Pass-2' pop3
fi
ctl user lock nobody
check_eq "lock of an unknown uid exits 1" "$RC" 1

# ---- del
ctl user del yves
check_eq "user del exits 0" "$RC" 0
check_eq "entry gone" "$(attr "uid=yves,$PEOPLE_DN" uid)" ""
ctl user del yves
check_eq "del of an unknown uid exits 1" "$RC" 1
if [ "$have_authd" = 1 ]; then
	check "authd: zed still OK" sasl_ok zed 'Zed-Pass-34' smtp
	ctl user del zed
	check_fail "authd: deleted account NO at once (cache flushed)" sasl_ok zed 'Zed-Pass-34' smtp
fi

# ---- as root over ldapi:// with SASL EXTERNAL: no bind DN, no password file
if [ "$(id -u)" = 0 ]; then
	grep -v '^ctl_' "$T/postino.conf" >"$T/ldapi.conf"
	printf '%s\n' 'Ldapi-Pass-12' | "$CTL_BIN" -C "$T/ldapi.conf" -H "$LDAPI_URI" \
		user add ldapiuser --password-stdin >"$T/ldapi.out" 2>&1
	check_eq "user add over ldapi:// as root exits 0" "$?" 0
	check_eq "the entry was written by root's EXTERNAL identity" \
		"$(attr "uid=ldapiuser,$PEOPLE_DN" modifiersName)" \
		"gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth"
	check "ldapiuser binds" bind_ok ldapiuser 'Ldapi-Pass-12'
else
	echo "SKIP: not root; the ldapi:// SASL EXTERNAL check needs uid 0"
fi
grep -v '^ctl_' "$T/postino.conf" >"$T/nobind.conf"
"$CTL_BIN" -C "$T/nobind.conf" user show alice >/dev/null 2>"$T/nobind.err" </dev/null
check_eq "over TCP without ctl_bind_dn: exit 2" "$?" 2
check_match "... saying what to set" "$(cat "$T/nobind.err")" 'set ctl_bind_dn'
printf 'wrong\n' >"$T/wrong.pw"
ctl -y "$T/wrong.pw" user show alice
check_eq "a wrong bind password: exit 1" "$RC" 1
check_match "... naming the bind DN and the server's reason" "$ERR" \
	"bind as $ADMIN_DN .*Invalid credentials"

# An identity without write rights: the server's refusal is named.
printf '%s\n' "$AUTHD_PW" >"$T/authd.pw"
ctl_in 'Wally-Pass-12' -D "$AUTHD_DN" -y "$T/authd.pw" user add wally --password-stdin
check_eq "add as cn=authd (no write access): exit 1" "$RC" 1
check_match "... naming the entry and the server's reason" "$ERR" \
	"uid=wally,$PEOPLE_DN: Insufficient access"
check_eq "nothing written for wally" "$(attr "uid=wally,$PEOPLE_DN" uid)" ""

# ---- the directory is down: exit 3, and a clear message
slapd_stop
ctl user show alice
check_eq "directory down: show exits 3" "$RC" 3
check_match "directory down: says so" "$ERR" 'unavailable'
ctl_in 'Vera-Pass-12' user add vera --password-stdin
check_eq "directory down: add exits 3" "$RC" 3
ctl user list --json
check_eq "directory down: list exits 3" "$RC" 3
check "directory down: --json error document" python3 -c \
	'import json,sys; d=json.loads(sys.argv[1]); assert d["ok"] is False and d["exit"]==3' "$OUT"

t_done cli-user
