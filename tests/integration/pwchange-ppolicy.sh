#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/pwchange-ppolicy.sh: password_store = directory against
# a real slapd. The directory's ppolicy judges the new password (Password
# Modify, RFC 3062): under a permissive policy and a hardened one
# (pwdCheckQuality 2, pwdMinLength, pwdInHistory) a change works, a refusal
# reaches the API in words, the page shows the directory's rules, the SCRAM
# values follow the password that holds (new on success, old on refusal),
# an account reset by an administrator (pwdReset, pwdMustChange) can
# change, and when the SCRAM write fails after the password changed, no
# SCRAM value matches the old password. The same hardened directory
# refuses every change with password_store = local: the reason for the mode.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/harness/assert.sh"
. "$TOP/tests/integration/pwchange-common.bash"

harness_init pwchange-ppolicy
slapd_start -u 2 || exit 1
POLICY="cn=default,ou=policies,$BASE_DN"
DIRMODE=(password_store=directory "pwchange_directory_policy=$POLICY" pwchange_min_length=8
	pwchange_min_classes=1)

# scram_matches USER PASSWORD - 0 if the user has two SCRAM values and both
# verify PASSWORD (RFC 5802 StoredKey), 1 otherwise
scram_matches()
{
	ldapsearch -LLL -o ldif-wrap=no -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" \
		-b "uid=$1,$PEOPLE_DN" -s base authPassword >"$T/scram.ldif" || return 1
	PW="$2" "$HARNESS_PYTHON" - "$T/scram.ldif" <<'PY'
import base64, hashlib, hmac, os, sys
vals = [l.split(": ", 1)[1].strip() for l in open(sys.argv[1]) if l.startswith("authPassword: ")]
pw = os.environ["PW"].encode()
ok = 0
for v in vals:
    mech, info, keys = v.split("$")
    it, salt = info.split(":")
    stored = keys.split(":")[0]
    h = {"SCRAM-SHA-1": "sha1", "SCRAM-SHA-256": "sha256"}[mech]
    salted = hashlib.pbkdf2_hmac(h, pw, base64.b64decode(salt), int(it))
    ck = hmac.new(salted, b"Client Key", h).digest()
    ok += hashlib.new(h, ck).digest() == base64.b64decode(stored)
sys.exit(0 if len(vals) == 2 and ok == 2 else 1)
PY
}

scram_count()
{
	ldapsearch -LLL -o ldif-wrap=no -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" \
		-b "uid=$1,$PEOPLE_DN" -s base authPassword | grep -c '^authPassword:'
}

root_modify()
{
	ldapmodify -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" >/dev/null
}

# ---- a permissive policy (the sample: pwdCheckQuality 0, pwdInHistory 3)
pwchange_start "${DIRMODE[@]}" || exit 1
check "alice: old SCRAM values match before" scram_matches alice 'Alice-Pass-1'
api '{"user":"alice","current":"Alice-Pass-1","new":"Tr0mbone-Sky-1"}'
check_eq "permissive: change accepted" "$HTTP_CODE" 200
check "permissive: new password binds" bind_ok alice 'Tr0mbone-Sky-1'
check_fail "permissive: old password no longer binds" bind_ok alice 'Alice-Pass-1'
check "permissive: SCRAM values match the new password" scram_matches alice 'Tr0mbone-Sky-1'
up=$(ldapsearch -LLL -o ldif-wrap=no -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" \
	-b "uid=alice,$PEOPLE_DN" -s base userPassword | sed -n 's/^userPassword:: //p' | base64 -d)
check_match "the directory stored a hash, not the cleartext" "$up" '^\{[A-Z0-9.-]+\}'
check_fail "the cleartext is not stored" test "$up" = 'Tr0mbone-Sky-1'
api '{"user":"alice","current":"Tr0mbone-Sky-1","new":"Maple-Drum-42"}'
check_eq "permissive: a second change accepted" "$HTTP_CODE" 200
api '{"user":"alice","current":"Maple-Drum-42","new":"Tr0mbone-Sky-1"}'
check_eq "permissive: a recent password is refused" "$HTTP_CODE" 422
check_match "... as in_history" "$BODY" '"error":"in_history"'
check "... and alice keeps her SCRAM values" scram_matches alice 'Maple-Drum-42'
page=$(curl_pw "$PW_URL/")
check_match "page: the directory's history rule shown" "$page" 'refuses your last 3 passwords'
pwchange_stop

# ---- the hardened policy
root_modify <<LDIF
dn: $POLICY
changetype: modify
replace: pwdCheckQuality
pwdCheckQuality: 2
-
replace: pwdMinLength
pwdMinLength: 14
-
replace: pwdInHistory
pwdInHistory: 5
LDIF
check_eq "policy hardened" "$?" 0

# password_store = local: the directory cannot judge a hash and refuses
pwchange_start pwchange_min_length=8 pwchange_min_classes=1 || exit 1
api '{"user":"bob","current":"Bob-Pass-1","new":"Correct-Horse-Battery-9"}'
check_eq "hardened, local hashing: refused (why the directory mode exists)" "$HTTP_CODE" 422
check "... and bob's password is unchanged" bind_ok bob 'Bob-Pass-1'
pwchange_stop

pwchange_start "${DIRMODE[@]}" || exit 1
page=$(curl_pw "$PW_URL/")
check_match "page: the directory's minimum length shown" "$page" 'The directory requires at least 14 characters'
check_match "page: the directory's quality check shown" "$page" 'also checks the quality'
check_match "page: the local rules still shown" "$page" 'At least 8 and at most'
stamp()
{
	ldapsearch -LLL -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" -b "uid=$1,$PEOPLE_DN" \
		-s base postinoPasswordChanged | sed -n 's/^postinoPasswordChanged: //p'
}
bob_stamp=$(stamp bob)
api '{"user":"bob","current":"Bob-Pass-1","new":"Short-Pass-9"}'
check_eq "hardened: 12 characters refused by the directory" "$HTTP_CODE" 422
check_match "... as too_short" "$BODY" '"error":"too_short"'
check_match "... naming the directory's minimum" "$BODY" 'at least 14 characters'
check "... bob's password is unchanged" bind_ok bob 'Bob-Pass-1'
check "... and his SCRAM values still match it (restored)" scram_matches bob 'Bob-Pass-1'
check_eq "... and his password-changed time is untouched" "$(stamp bob)" "$bob_stamp"
api '{"user":"bob","current":"Bob-Pass-1","new":"Correct-Horse-Battery-9"}'
check_eq "hardened: a good password accepted" "$HTTP_CODE" 200
check "... binds" bind_ok bob 'Correct-Horse-Battery-9'
check "... SCRAM values match it" scram_matches bob 'Correct-Horse-Battery-9'
check_fail "... and not the old one" scram_matches bob 'Bob-Pass-1'
api '{"user":"bob","current":"Correct-Horse-Battery-9","new":"Quiet-River-Stone-31"}'
check_eq "hardened: a second long password accepted" "$HTTP_CODE" 200
# bob's first new password, sent again, is in the directory's pwdHistory;
# the directory mode leaves that comparison to the directory.
api '{"user":"bob","current":"Quiet-River-Stone-31","new":"Correct-Horse-Battery-9"}'
check_eq "hardened: history refusal" "$HTTP_CODE" 422
check_match "... in words" "$BODY" '"error":"in_history"'
check_match "... judged by the directory (audit)" "$(tail -n 1 "$T/audit.log")" \
	'user="bob".*password used before'
check_match "the directory's own text reaches the log" "$(cat "$PW_LOG")" \
	'directory refused the password change of uid=bob.*history'

# ---- pwdMinAge: bob changed a moment ago
root_modify <<LDIF
dn: $POLICY
changetype: modify
replace: pwdMinAge
pwdMinAge: 3600
LDIF
api '{"user":"bob","current":"Quiet-River-Stone-31","new":"Another-Long-Phrase-4"}'
check_eq "pwdMinAge: a second change within the hour refused" "$HTTP_CODE" 422
check_match "... as too_young" "$BODY" '"error":"too_young"'
check "... bob keeps his password" bind_ok bob 'Quiet-River-Stone-31'
check "... and his SCRAM values" scram_matches bob 'Quiet-River-Stone-31'
root_modify <<LDIF
dn: $POLICY
changetype: modify
replace: pwdMinAge
pwdMinAge: 0
LDIF

# ---- an administrator's reset: pwdReset + pwdMustChange restrict the bind
root_modify <<LDIF
dn: $POLICY
changetype: modify
replace: pwdMustChange
pwdMustChange: TRUE

dn: uid=u00001,$PEOPLE_DN
changetype: modify
replace: pwdReset
pwdReset: TRUE
LDIF
api '{"user":"u00001","current":"pw-u00001","new":"Reset-Then-Changed-42"}'
check_eq "reset account: change accepted" "$HTTP_CODE" 200
check "... binds with the new password" bind_ok u00001 'Reset-Then-Changed-42'
check "... SCRAM values match it" scram_matches u00001 'Reset-Then-Changed-42'
reset=$(ldapsearch -LLL -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" \
	-b "uid=u00001,$PEOPLE_DN" -s base pwdReset)
check_fail "... pwdReset cleared by the directory" grep -q 'pwdReset: TRUE' <<<"$reset"

# ---- the SCRAM write fails after the password changed: carol may delete
# her SCRAM values but not add any (a real slapd ACL, no mock)
ldapmodify -Q -Y EXTERNAL -H "$LDAPI_URI" >/dev/null <<LDIF
dn: olcDatabase={1}mdb,cn=config
changetype: modify
add: olcAccess
olcAccess: {1}to dn.exact="uid=carol,$PEOPLE_DN" attrs=authPassword by self =z by * none
LDIF
check_eq "ACL for carol installed" "$?" 0
check "carol: SCRAM values match her old password" scram_matches carol 'Carol-Pass-1'
api '{"user":"carol","current":"Carol-Pass-1","new":"Violet-Harbour-Lamp-7"}'
check_eq "carol: the password itself changed" "$HTTP_CODE" 200
check "... binds with the new one" bind_ok carol 'Violet-Harbour-Lamp-7'
check_fail "... no SCRAM value matches the old password" scram_matches carol 'Carol-Pass-1'
check_eq "... the account has no SCRAM values (fails closed)" "$(scram_count carol)" 0
check_match "... and the log says so" "$(cat "$PW_LOG")" 'SCRAM values of uid=carol.* not written'
pwchange_stop

# ---- postinoctl stores through the same path (lib/pw_store)
printf '%s\n' "$ADMIN_PW" >"$T/admin.pw"
cat >"$T/ctl.conf" <<CONF
ldap_servers: $LDAP_URI
ldap_search_base: $BASE_DN
ldap_bind_dn: $AUTHD_DN
ldap_password: $AUTHD_PW
ldap_timeout: 5
control_socket: $T/no-authd-here
ctl_bind_dn: $ADMIN_DN
ctl_password_file: $T/admin.pw
password_store: directory
CONF
printf 'Admin-Set-Password-55\n' |
	"$BUILD/postinoctl" -C "$T/ctl.conf" user passwd u00002 --password-stdin >"$T/ctl.out" 2>&1
check_eq "postinoctl user passwd (directory mode)" "$?" 0
check "... binds" bind_ok u00002 'Admin-Set-Password-55'
check "... SCRAM values match it" scram_matches u00002 'Admin-Set-Password-55'
up=$(ldapsearch -LLL -o ldif-wrap=no -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" \
	-b "uid=u00002,$PEOPLE_DN" -s base userPassword | sed -n 's/^userPassword:: //p' | base64 -d)
check_match "... hashed by the directory" "$up" '^\{SSHA\}'
printf 'Admin-Set-\340\n' |
	"$BUILD/postinoctl" -C "$T/ctl.conf" user passwd u00002 --password-stdin >"$T/ctl.out" 2>&1
check_eq "postinoctl refuses invalid UTF-8 here too" "$?" 1

t_done pwchange-ppolicy
