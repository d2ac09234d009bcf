#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/policy-agree.sh: one account, one verdict. For each
# account state (ok, disabled, locked by an administrator, locked by
# ppolicy after failures, expired, expired with grace logins left, service
# not allowed) the same account is tried through every door: postino-authd
# (testsaslauthd), SCRAM-SHA-256 and EXTERNAL through libsasl2 with
# libpostino.so, and the pwchange API (curl). Logins must agree with
# doc/account-policy.md's table; pwchange must still take a new password
# for an expired account (as today: grace login or pwchange_expired_dn),
# never for a disabled one.
#
# Then the identity rule: spellings of an account that slapd folds into
# its uid (fullwidth, mixed fullwidth, a ligature, a compatibility form,
# trailing blanks, a combining mark) are refused by authd, SCRAM, PLAIN
# through auxprop, EXTERNAL's authorization id and pwchange, while the real
# uid works; pwchange's per-account rate limit and audit line count the
# account, not the spelling.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/authd-common.bash"
. "$TOP/tests/integration/pwchange-common.bash"

authd_init policy-agree
TRY="$BUILD/tests/tools/sasl_try"
MKSECRET="$BUILD/tests/tools/sasl_mksecret"
PLUGIN_PATH=${PLUGIN_PATH:-$BUILD/sasl2:/usr/lib/x86_64-linux-gnu/sasl2}
export ASAN_OPTIONS=detect_leaks=0
POLICY_DN="cn=default,ou=policies,$BASE_DN"
printf '%s\n' "$SCRAM_PW" >"$T/scram.pw"
chmod 600 "$T/scram.pw"
OPTS=(-p "$PLUGIN_PATH" -o canon_user_plugin=postino -o auxprop_plugin=postino
	-o "postino_ldap_uri=$LDAP_URI" -o "postino_ldap_bind_dn=$SCRAM_DN"
	-o "postino_ldap_password_file=$T/scram.pw" -o "postino_ldap_search_base=$PEOPLE_DN")

ldif_root()
{
	ldapmodify -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" -e relax >/dev/null
}

# add_account UID PASSWORD [EXTRA LDIF LINES...] - a postinoAccount for imap
# with both password forms and a certificate subject CN=UID
add_account()
{
	local uid=$1 pw=$2 hash
	shift 2
	hash=$(printf '%s' "$pw" | openssl passwd -6 -stdin)
	{
		cat <<EOF
dn: uid=$uid,$PEOPLE_DN
changetype: add
objectClass: inetOrgPerson
objectClass: postinoAccount
uid: $uid
cn: $uid
sn: Test
userPassword: {CRYPT}$hash
postinoService: imap
postinoCertSubject: CN=$uid,OU=People,O=Example,C=IT
EOF
		printf '%s\n' "$pw" | "$MKSECRET"
		for l in "$@"; do
			printf '%s\n' "$l"
		done
	} | ldif_root
}

# A policy like expire-fast, with three grace logins.
ldif_root <<EOF
dn: cn=expire-grace,ou=policies,$BASE_DN
changetype: add
objectClass: applicationProcess
objectClass: pwdPolicy
cn: expire-grace
pwdAttribute: userPassword
pwdMaxAge: 86400
pwdGraceAuthnLimit: 3
pwdAllowUserChange: TRUE
EOF
check "the grace policy is there" ldapsearch -x -LLL -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" \
	-b "cn=expire-grace,ou=policies,$BASE_DN" -s base cn

add_account p-ok Ok-Pass-123
add_account p-disabled Dis-Pass-123 'postinoDisabled: TRUE'
add_account p-adminlock Adm-Pass-123 'pwdAccountLockedTime: 000001010000Z'
add_account p-timedlock Tim-Pass-123
add_account p-expired Exp-Pass-123 "pwdPolicySubentry: cn=expire-fast,ou=policies,$BASE_DN" \
	'pwdChangedTime: 20000101000000Z'
add_account p-grace Gra-Pass-123 "pwdPolicySubentry: cn=expire-grace,ou=policies,$BASE_DN" \
	'pwdChangedTime: 20000101000000Z'
add_account p-service Svc-Pass-123
printf 'dn: uid=p-service,%s\nchangetype: modify\nreplace: postinoService\npostinoService: smtp\n' \
	"$PEOPLE_DN" | ldif_root
add_account filippo Fil-Pass-123
# No pwdPolicySubentry and an old password: only a default policy can expire it.
add_account p-olddefault Old-Pass-123 'pwdChangedTime: 20000101000000Z'
check "the accounts are there" ldapsearch -x -LLL -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" \
	-b "$PEOPLE_DN" '(|(uid=p-*)(uid=filippo))' uid
check_eq "... all nine" "$(grep -c '^uid:' <<<"$CHECK_OUT")" 9

# The timed lock: five failed binds (the default policy's pwdMaxFailure).
for _ in 1 2 3 4 5; do
	ldapwhoami -x -H "$LDAP_URI" -D "uid=p-timedlock,$PEOPLE_DN" -w wrong >/dev/null 2>&1
done
LOCKED=$(ldapsearch -x -LLL -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" \
	-b "uid=p-timedlock,$PEOPLE_DN" -s base pwdAccountLockedTime | sed -n 's/^pwdAccountLockedTime: //p')
check_match "ppolicy locked p-timedlock after five failures (a time, not the admin value)" \
	"$LOCKED" '^20[0-9]{12}Z$'

authd_conf "$T/a.conf" "ldap_ppolicy_default: $POLICY_DN" "authd_cache: no"
authd_start a "$T/a.conf" || exit 1
PW_RATE_USER_MAX=4 pwchange_start "ldap_ppolicy_default=$POLICY_DN" || exit 1

# verdicts UID PASSWORD SERVICE - "authd scram external" as OK/NO each
verdicts()
{
	local uid=$1 pw=$2 svc=$3 a s e
	printf '%s\n' "$pw" >"$T/pw"
	a=$(tsa "$uid" "$pw" "$svc")
	if "$TRY" "${OPTS[@]}" -s "$svc" -u "$uid" -w "$T/pw" scram-sha-256 >"$T/try.out" 2>&1; then
		s=OK
	else
		s=NO
	fi
	if "$TRY" "${OPTS[@]}" -s "$svc" -U "$uid" -e "CN=$uid,OU=People,O=Example,C=IT" external \
		>"$T/try.out" 2>&1; then
		e=OK
	else
		e=NO
	fi
	echo "$a $s $e"
}


# state UID PASSWORD SERVICE WANT_LOGINS WANT_CHANGE
state()
{
	local got
	got=$(verdicts "$1" "$2" "$3")
	check_eq "$1: authd, SCRAM and EXTERNAL agree" "$got" "$4"
	api "{\"user\":\"$1\",\"current\":\"$2\",\"new\":\"Brand-New-Pass-$RANDOM-9\"}"
	check_eq "$1: pwchange" "$HTTP_CODE" "$5"
}

# postinoctl shows the same policy (user show --json: policy_state, logins).
printf '%s\n' "$ADMIN_PW" >"$T/admin.pw"
chmod 600 "$T/admin.pw"
cat >"$T/ctl.conf" <<CONF
ldap_servers: $LDAP_URI
ldap_search_base: $PEOPLE_DN
ldap_bind_dn: $AUTHD_DN
ldap_password: $AUTHD_PW
ldap_ppolicy_default: $POLICY_DN
ctl_bind_dn: $ADMIN_DN
ctl_password_file: $T/admin.pw
CONF
# shown UID - "STATE LOGINS" from postinoctl user show --json
shown()
{
	"$BUILD/postinoctl" -C "$T/ctl.conf" user show "$1" --json 2>&1 | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d.get("policy_state"), ",".join(d.get("logins") or []))'
}
R6="authd-bind=refuse,authd-fetch=refuse,scram=refuse,external=refuse,plain-auxprop=refuse"
check_eq "postinoctl: p-ok" "$(shown p-ok)" \
	"ok authd-bind=allow,authd-fetch=allow,scram=allow,external=allow,plain-auxprop=allow,pwchange=allow,relay=refuse"
check_eq "postinoctl: p-disabled" "$(shown p-disabled)" "disabled $R6,pwchange=refuse,relay=refuse"
check_eq "postinoctl: p-adminlock" "$(shown p-adminlock)" "locked-admin $R6,pwchange=refuse,relay=refuse"
check_eq "postinoctl: p-timedlock" "$(shown p-timedlock)" "locked-timed $R6,pwchange=refuse,relay=refuse"
check_eq "postinoctl: p-expired" "$(shown p-expired)" "expired $R6,pwchange=allow,relay=refuse"
check_eq "postinoctl: p-grace" "$(shown p-grace)" \
	"expired-grace authd-bind=grace-only,authd-fetch=refuse,scram=refuse,external=refuse,plain-auxprop=refuse,pwchange=allow,relay=refuse"
check_eq "postinoctl: gina" "$(shown gina)" "expired $R6,pwchange=allow,relay=refuse"

state p-ok Ok-Pass-123 imap "OK OK OK" 200
state p-disabled Dis-Pass-123 imap "NO NO NO" 403
check_match "pwchange: a disabled account may not change its password" "$BODY" '"not_allowed"'
state p-adminlock Adm-Pass-123 imap "NO NO NO" 401
state p-timedlock Tim-Pass-123 imap "NO NO NO" 401
state p-expired Exp-Pass-123 imap "NO NO NO" 200
check_match "pwchange: the expired password could still be changed" "$BODY" 'had expired'
state p-grace Gra-Pass-123 imap "NO NO NO" 200
check_eq "p-service may use smtp everywhere" "$(verdicts p-service Svc-Pass-123 smtp)" \
	"OK OK OK"
state p-service Svc-Pass-123 imap "NO NO NO" 200
check_eq "gina (sample, expired): authd, SCRAM, EXTERNAL" \
	"$(verdicts gina Gina-Pass-1 imap)" "NO NO NO"

# ---- the identity rule
FW_F=$(printf '\xef\xbd\x86')     # U+FF46 fullwidth f
FW_I=$(printf '\xef\xbd\x89')     # U+FF49 fullwidth i
LIG_FI=$(printf '\xef\xac\x81')   # U+FB01 ligature fi
ROMAN_I=$(printf '\xe2\x85\xb0')  # U+2170 small roman numeral one (NFKC: i)
CGJ=$(printf '\xcd\x8f')          # U+034F combining grapheme joiner
SPELLINGS=("${FW_F}${FW_I}lippo" "${FW_F}ilippo" "${LIG_FI}lippo" "fil${ROMAN_I}ppo"
	"filippo " "filippo  " "fil${CGJ}ippo" "FILIPPO")
PLAIN=(-o pwcheck_method=saslauthd -o "saslauthd_path=$SOCK" -o mech_list=PLAIN)
folded=0
codes=
for s in "${SPELLINGS[@]}"; do
	n=$(ldapsearch -x -LLL -H "$LDAP_URI" -D "$AUTHD_DN" -w "$AUTHD_PW" -b "$PEOPLE_DN" \
		"(uid=$s)" uid 2>/dev/null | grep -c '^uid: filippo')
	[ "$n" = 1 ] && folded=$((folded + 1))
	q=$(printf '%q' "$s")
	printf '%s\n' Fil-Pass-123 >"$T/pw"
	if [ "$s" = FILIPPO ]; then
		# ASCII case is the one difference allowed.
		check_eq "$q: authd OK (ASCII case)" "$(tsa "$s" Fil-Pass-123 imap)" OK
		continue
	fi
	check_eq "$q: authd NO" "$(tsa "$s" Fil-Pass-123 imap)" NO
	api "{\"user\":\"$s\",\"current\":\"Fil-Pass-123\",\"new\":\"Other-Pass-456-x\"}"
	check_match "$q: pwchange refuses it (unknown user, a blank, or over filippo's limit)" \
		"$HTTP_CODE" '^(400|401|429)$'
	codes+=" $HTTP_CODE"
	if [ "${s% }" != "$s" ]; then
		# libsasl2 trims blanks itself: the name it authenticates is the uid.
		check "$q: SCRAM authenticates exactly filippo (libsasl2 trims)" \
			"$TRY" "${OPTS[@]}" -x ok -U filippo -s imap -u "$s" -w "$T/pw" scram-sha-256
		continue
	fi
	check_fail "$q: SCRAM refused" "$TRY" "${OPTS[@]}" -s imap -u "$s" -w "$T/pw" scram-sha-256
	check_fail "$q: PLAIN (authd as password checker, postino auxprop) refused" \
		"$TRY" "${OPTS[@]}" "${PLAIN[@]}" -s imap -u "$s" -w "$T/pw" plain-raw
	check_fail "$q: EXTERNAL with it as authorization id refused" \
		"$TRY" "${OPTS[@]}" -s imap -z "$s" -e "CN=filippo,OU=People,O=Example,C=IT" external
done
check "slapd folds most of these spellings into filippo ($folded of ${#SPELLINGS[@]})" \
	test "$folded" -ge 6
check_match "authd logs why" "$(cat "$ALOG")" 'not the account.s own name'
check_eq "the real uid still works in authd" "$(tsa filippo Fil-Pass-123 imap)" OK
check "... and SCRAM" "$TRY" "${OPTS[@]}" -x ok -U filippo -s imap -u filippo -w "$T/pw" \
	scram-sha-256
check "... and EXTERNAL with it as authorization id" "$TRY" "${OPTS[@]}" -x ok -U filippo \
	-s imap -z filippo -e "CN=filippo,OU=People,O=Example,C=IT" external
check_match "pwchange's audit line names the account, not the spelling" \
	"$(grep "${FW_F}ilippo\|user=\"filippo\"" "$T/audit.log" | tail -1)" 'user="filippo"'
check_fail "no audit line names a folded spelling" grep -F "user=\"${FW_F}" "$T/audit.log"
# Four folded spellings went to filippo's one counter (limit 4); the blanks
# are refused before the directory, the combining mark matches no entry.
check_eq "pwchange: answers to the spellings" "$codes" " 401 401 401 401 400 400 401"
api '{"user":"filippo","current":"Fil-Pass-123","new":"Other-Pass-456-y"}'
check_eq "... and filippo himself is over it now" "$HTTP_CODE" 429
check "the real uid: PLAIN works" "$TRY" "${OPTS[@]}" "${PLAIN[@]}" -x ok -s imap -u filippo \
	-w "$T/pw" plain-raw

pwchange_stop
authd_stop

# With authd's credential cache on, a folded spelling is refused before any
# answer is stored, so it is never answered from the cache as OK.
authd_conf "$T/b.conf" "ldap_ppolicy_default: $POLICY_DN" "authd_cache: yes"
authd_start b "$T/b.conf" || exit 1
check_eq "cached authd: filippo OK" "$(tsa filippo Fil-Pass-123 imap)" OK
for s in "${FW_F}ilippo" "${LIG_FI}lippo" "${FW_F}${FW_I}lippo"; do
	q=$(printf '%q' "$s")
	check_eq "cached authd: $q NO" "$(tsa "$s" Fil-Pass-123 imap)" NO
	check_eq "cached authd: $q NO again" "$(tsa "$s" Fil-Pass-123 imap)" NO
done
check_eq "cached authd: filippo still OK" "$(tsa filippo Fil-Pass-123 imap)" OK
authd_stop

# The default policy (entries without pwdPolicySubentry): the plugin's
# postino_ldap_ppolicy_default is authd's ldap_ppolicy_default, so both
# judge p-olddefault by the same policy. expire-fast (pwdMaxAge one day)
# expires its password of 2000; the harness's cn=default does not.
FAST_DN="cn=expire-fast,ou=policies,$BASE_DN"
authd_conf "$T/c.conf" "ldap_ppolicy_default: $FAST_DN" "authd_cache: no"
authd_start c "$T/c.conf" || exit 1
printf '%s\n' Old-Pass-123 >"$T/pw"
check_eq "default policy expire-fast: authd refuses p-olddefault" \
	"$(tsa p-olddefault Old-Pass-123 imap)" NO
check_fail "... and so does SCRAM (postino_ldap_ppolicy_default)" "$TRY" "${OPTS[@]}" \
	-o "postino_ldap_ppolicy_default=$FAST_DN" -s imap -u p-olddefault -w "$T/pw" scram-sha-256
check_fail "... and EXTERNAL" "$TRY" "${OPTS[@]}" -o "postino_ldap_ppolicy_default=$FAST_DN" \
	-s imap -U p-olddefault -e "CN=p-olddefault,OU=People,O=Example,C=IT" external
authd_stop
authd_conf "$T/d.conf" "ldap_ppolicy_default: $POLICY_DN" "authd_cache: no"
authd_start d "$T/d.conf" || exit 1
check_eq "default policy cn=default: authd lets p-olddefault in" \
	"$(tsa p-olddefault Old-Pass-123 imap)" OK
check "... and so does SCRAM" "$TRY" "${OPTS[@]}" -o "postino_ldap_ppolicy_default=$POLICY_DN" \
	-x ok -s imap -u p-olddefault -w "$T/pw" scram-sha-256
authd_stop
t_done policy-agree
