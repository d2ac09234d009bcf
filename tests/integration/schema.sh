#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/schema.sh: the directory side of postino, checked
# against a real slapd: both schema forms load, the sample DIT is there,
# the ACLs refuse what they must, and ppolicy reports locked and expired
# accounts. Everything else in postino relies on these rules, so each
# forbidden operation is tried, not just read in the config.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/harness/assert.sh"

harness_init schema
slapd_start || exit 1
slapd_start -n conf -f || exit 1
# Debian's own initial configuration with schema/*.ldif applied online,
# the way doc/directory.md tells administrators to install postino's schema.
slapd_start -n deb -D || exit 1

# v PREFIX NAME - the instance's value of NAME (e.g. conf_LDAP_URI)
v()
{
	local n="$1$2"
	echo "${!n}"
}

dn_of()
{
	echo "uid=$1,$PEOPLE_DN"
}

# search URI BINDDN PW FILTER ATTRS... - an unwrapped ldapsearch of people
search()
{
	local uri=$1 dn=$2 pw=$3 filter=$4
	shift 4
	if [ -n "$dn" ]; then
		ldapsearch -x -LLL -o ldif-wrap=no -H "$uri" -D "$dn" -w "$pw" -b "$PEOPLE_DN" "$filter" "$@"
	else
		ldapsearch -x -LLL -o ldif-wrap=no -H "$uri" -b "$PEOPLE_DN" "$filter" "$@"
	fi
}

# modify URI BINDDN PW - ldapmodify with the LDIF on stdin
modify()
{
	ldapmodify -x -H "$1" -D "$2" -w "$3"
}

# checks_for PREFIX FORM - every check, against one instance
checks_for()
{
	local p=$1 form=$2 uri out
	uri=$(v "$p" LDAP_URI)

	# ---- the sample DIT and the postino attributes
	out=$(search "$uri" "$AUTHD_DN" "$AUTHD_PW" '(objectClass=inetOrgPerson)' uid)
	check_eq "$form: seven sample users" "$(grep -c '^uid:' <<<"$out")" 7
	out=$(search "$uri" "$AUTHD_DN" "$AUTHD_PW" '(uid=alice)' postinoService)
	check_match "$form: alice may use smtp" "$out" '^postinoService: smtp$'
	check_match "$form: alice may use imap" "$out" '^postinoService: imap$'
	out=$(search "$uri" "$AUTHD_DN" "$AUTHD_PW" \
		'(postinoCertSubject=cn=carol example,ou=people,o=example,c=it)' uid)
	check_eq "$form: certificate subject matches case-insensitively" "$out" "dn: $(dn_of carol)
uid: carol"
	out=$(search "$uri" "$AUTHD_DN" "$AUTHD_PW" '(postinoCertSubject=*Carol*)' uid)
	check_match "$form: certificate subject substring match" "$out" '^uid: carol$'
	out=$(search "$uri" "$AUTHD_DN" "$AUTHD_PW" '(postinoDisabled=TRUE)' uid)
	check_eq "$form: only dave is disabled" "$(grep '^uid:' <<<"$out")" "uid: dave"
	out=$(search "$uri" "$AUTHD_DN" "$AUTHD_PW" '(postinoPasswordChanged<=20240101000000Z)' uid)
	check_eq "$form: password-changed time orders" "$(grep -c '^uid:' <<<"$out")" 6
	out=$(search "$uri" "$AUTHD_DN" "$AUTHD_PW" '(&(uid=erin)(!(objectClass=postinoAccount)))' uid)
	check_match "$form: erin is a plain inetOrgPerson" "$out" '^uid: erin$'

	# ---- binds, and the password-hash modules
	check "$form: alice binds" ldapwhoami -x -H "$uri" -D "$(dn_of alice)" -w Alice-Pass-1
	check_fail "$form: alice with a wrong password fails" \
		ldapwhoami -x -H "$uri" -D "$(dn_of alice)" -w wrong
	check "$form: cn=authd binds ({SSHA512}, pw-sha2 module)" \
		ldapwhoami -x -H "$uri" -D "$AUTHD_DN" -w "$AUTHD_PW"
	check "$form: cn=admin binds ({ARGON2}, argon2 module)" \
		ldapwhoami -x -H "$uri" -D "$ADMIN_DN" -w "$ADMIN_PW"
	check "$form: StartTLS verifies the test CA" \
		ldapwhoami -x -ZZ -H "$uri" -D "$(dn_of bob)" -w Bob-Pass-1
	check "$form: ldaps:// works" ldapwhoami -x -H "$(v "$p" LDAPS_URI)" -D "$SCRAM_DN" -w "$SCRAM_PW"
	check "$form: ldapi:// root is mapped by SASL EXTERNAL" \
		ldapwhoami -Y EXTERNAL -H "$(v "$p" LDAPI_URI)"
	check_match "$form: ... to the peercred identity" "$CHECK_OUT" \
		'^dn:gidNumber=0\+uidNumber=0,cn=peercred,cn=external,cn=auth$'

	# ---- ppolicy: locked, expired, and lastbind
	check_fail "$form: frank (locked) cannot bind" \
		ldapwhoami -x -H "$uri" -D "$(dn_of frank)" -w Frank-Pass-1 -e ppolicy
	check_match "$form: the ppolicy control says frank is locked" "$CHECK_OUT" 'Account locked'
	check_fail "$form: gina (expired) cannot bind" \
		ldapwhoami -x -H "$uri" -D "$(dn_of gina)" -w Gina-Pass-1 -e ppolicy
	check_match "$form: the ppolicy control says gina's password expired" "$CHECK_OUT" 'Password expired'
	out=$(search "$uri" "$ROOT_DN" "$ROOT_PW" '(uid=alice)' pwdLastSuccess)
	check_match "$form: lastbind recorded alice's bind" "$out" '^pwdLastSuccess: [0-9]{14}Z$'

	# ---- the empty-password trap: a simple bind with a DN and an empty
	# password is an "unauthenticated bind" (RFC 4513 5.1.2). slapd 2.5
	# refuses it by default with unwillingToPerform, which is not
	# invalidCredentials and would read as a directory fault; with
	# "allow bind_anon_dn" (and on many other servers) it succeeds as
	# anonymous. Either way postino must refuse empty passwords before it
	# binds.
	check_fail "$form: alice with an empty password is refused by default" \
		ldapwhoami -x -H "$uri" -D "$(dn_of alice)" -w ''
	check_match "$form: ... as unwillingToPerform, not invalidCredentials" "$CHECK_OUT" '\(53\)'
	if [ "$form" = cn=config ]; then
		check "$form: the ldapi root may allow unauthenticated binds" \
			ldapmodify -Y EXTERNAL -H "$(v "$p" LDAPI_URI)" <<EOF
dn: cn=config
changetype: modify
replace: olcAllows
olcAllows: bind_anon_dn
EOF
		check "$form: then alice with an empty password 'binds'" \
			ldapwhoami -x -H "$uri" -D "$(dn_of alice)" -w ''
		check_eq "$form: ... as anonymous" "$CHECK_OUT" anonymous
		check "$form: unauthenticated binds are refused again" \
			ldapmodify -Y EXTERNAL -H "$(v "$p" LDAPI_URI)" <<EOF
dn: cn=config
changetype: modify
delete: olcAllows
EOF
	fi

	# ---- secrets: who may read what
	out=$(search "$uri" "$AUTHD_DN" "$AUTHD_PW" '(uid=alice)' userPassword authPassword uid)
	check_match "$form: cn=authd finds alice" "$out" '^uid: alice$'
	check_eq "$form: cn=authd reads no password of alice" \
		"$(grep -ciE '^(userPassword|authPassword):' <<<"$out")" 0
	out=$(search "$uri" "$AUTHD_DN" "$AUTHD_PW" '(userPassword=*)' uid 2>/dev/null)
	check_eq "$form: cn=authd cannot even filter on userPassword" "$out" ""
	check_fail "$form: cn=authd cannot compare alice's userPassword" \
		ldapcompare -x -H "$uri" -D "$AUTHD_DN" -w "$AUTHD_PW" "$(dn_of alice)" userPassword:Alice-Pass-1
	out=$(search "$uri" "$SCRAM_DN" "$SCRAM_PW" '(uid=alice)' userPassword authPassword)
	check_match "$form: cn=scram reads alice's SCRAM-SHA-256 verifier" "$out" \
		'^authPassword: SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$'
	check_match "$form: cn=scram reads alice's SCRAM-SHA-1 verifier" "$out" \
		'^authPassword: SCRAM-SHA-1\$4096:'
	check_eq "$form: cn=scram never reads userPassword" "$(grep -ci '^userPassword:' <<<"$out")" 0
	out=$(search "$uri" "" "" '(uid=alice)' userPassword authPassword uid 2>/dev/null)
	check_eq "$form: anonymous sees no account at all" "$out" ""
	out=$(search "$uri" "$(dn_of bob)" Bob-Pass-1 '(uid=alice)' userPassword authPassword uid)
	check_match "$form: bob may look alice up" "$out" '^uid: alice$'
	check_eq "$form: ... but not her secrets" "$(grep -ciE '^(userPassword|authPassword):' <<<"$out")" 0
	out=$(search "$uri" "$(dn_of alice)" Alice-Pass-1 '(uid=alice)' userPassword authPassword)
	check_eq "$form: alice cannot read back her own secrets" \
		"$(grep -ciE '^(userPassword|authPassword):' <<<"$out")" 0
	out=$(ldapsearch -Y EXTERNAL -H "$(v "$p" LDAPI_URI)" -LLL -b "$(dn_of alice)" -s base userPassword 2>/dev/null)
	check_match "$form: the ldapi root reads everything" "$out" '^userPassword::'

	# ---- writes: alice changes her own credentials in one modify, and
	# nothing else
	local newhash
	newhash=$(openssl passwd -6 New-Alice-Pass-2)
	check "$form: alice replaces her own userPassword, authPassword, postinoPasswordChanged" \
		modify "$uri" "$(dn_of alice)" Alice-Pass-1 <<EOF
dn: $(dn_of alice)
changetype: modify
replace: userPassword
userPassword: {CRYPT}$newhash
-
replace: authPassword
authPassword: SCRAM-SHA-256\$4096:c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
-
replace: postinoPasswordChanged
postinoPasswordChanged: 20250601120000Z
EOF
	check "$form: alice binds with the new password" \
		ldapwhoami -x -H "$uri" -D "$(dn_of alice)" -w New-Alice-Pass-2
	check_fail "$form: ... and no longer with the old one" \
		ldapwhoami -x -H "$uri" -D "$(dn_of alice)" -w Alice-Pass-1
	# The change put the old hash into pwdHistory: readable by its owner
	# (pwchange checks reuse with it), by no other user or service.
	out=$(ldapsearch -x -H "$uri" -D "$(dn_of alice)" -w New-Alice-Pass-2 -LLL \
		-b "$(dn_of alice)" -s base pwdHistory 2>/dev/null)
	check_match "$form: alice reads her own pwdHistory" "$out" '^pwdHistory:'
	out=$(ldapsearch -x -H "$uri" -D "$(dn_of bob)" -w Bob-Pass-1 -LLL \
		-b "$(dn_of alice)" -s base pwdHistory 2>/dev/null)
	check_eq "$form: bob cannot read alice's pwdHistory" "$(grep -ci '^pwdHistory:' <<<"$out")" 0
	out=$(ldapsearch -x -H "$uri" -D "$AUTHD_DN" -w "$AUTHD_PW" -LLL \
		-b "$(dn_of alice)" -s base pwdHistory 2>/dev/null)
	check_eq "$form: cn=authd cannot read alice's pwdHistory" "$(grep -ci '^pwdHistory:' <<<"$out")" 0
	check_fail "$form: alice cannot change bob's userPassword" \
		modify "$uri" "$(dn_of alice)" New-Alice-Pass-2 <<EOF
dn: $(dn_of bob)
changetype: modify
replace: userPassword
userPassword: {CRYPT}$newhash
EOF
	check_match "$form: ... for lack of access" "$CHECK_OUT" 'Insufficient access'
	local attr
	for attr in "postinoService: pop3" "postinoDisabled: FALSE" "postinoCertSubject: CN=Mallory" "mail: x@example.org"; do
		check_fail "$form: alice cannot set her own ${attr%%:*}" \
			modify "$uri" "$(dn_of alice)" New-Alice-Pass-2 <<EOF
dn: $(dn_of alice)
changetype: modify
replace: ${attr%%:*}
$attr
EOF
	done
	check_fail "$form: cn=authd cannot disable an account" \
		modify "$uri" "$AUTHD_DN" "$AUTHD_PW" <<EOF
dn: $(dn_of bob)
changetype: modify
replace: postinoDisabled
postinoDisabled: TRUE
EOF
	check "$form: cn=admin can disable an account" \
		modify "$uri" "$ADMIN_DN" "$ADMIN_PW" <<EOF
dn: $(dn_of bob)
changetype: modify
replace: postinoDisabled
postinoDisabled: TRUE
EOF
	out=$(search "$uri" "$AUTHD_DN" "$AUTHD_PW" '(postinoDisabled=TRUE)' uid)
	check_match "$form: ... and cn=authd sees it" "$out" '^uid: bob$'

	# ---- the lockout policy: five failures lock an account
	local i
	for i in 1 2 3 4 5; do
		ldapwhoami -x -H "$uri" -D "$(dn_of carol)" -w "wrong-$i" >/dev/null 2>&1
	done
	check_fail "$form: carol is locked after five failed binds" \
		ldapwhoami -x -H "$uri" -D "$(dn_of carol)" -w Carol-Pass-1 -e ppolicy
	check_match "$form: ... and the ppolicy control says so" "$CHECK_OUT" 'Account locked'
}

checks_for "" "cn=config"
checks_for "conf_" "slapd.conf"
checks_for "deb_" "Debian+ldapmodify"

# ---- the two schema forms define the same thing: compare what slapd
# serves from cn=subschema (anonymous may read it).
subschema()
{
	ldapsearch -x -LLL -o ldif-wrap=no -H "$1" -b cn=subschema -s base attributeTypes objectClasses |
		grep -E "NAME '(postino[A-Za-z]*|authPassword)'" | sort
}
a=$(subschema "$LDAP_URI")
b=$(subschema "$conf_LDAP_URI")
c=$(subschema "$deb_LDAP_URI")
check_eq "both forms define 5 postino attributes, authPassword and postinoAccount" "$(wc -l <<<"$a")" 7
check_eq "cn=config and slapd.conf forms define the same schema" "$a" "$b"
check_eq "the schema added online is the same" "$c" "$a"
check_match "postinoDisabled is single-valued BOOLEAN" "$a" \
	"NAME 'postinoDisabled'.*EQUALITY booleanMatch.*SINGLE-VALUE"
check_match "postinoAccount is auxiliary" "$a" "NAME 'postinoAccount'.*AUXILIARY"

# ---- the ACL files match: the slapd.conf rules and the olcAccess rules
# are the same text once the syntax differences are removed.
conf_rules=$(grep -v '^#' "$TOP/schema/acl.conf" | tr -s ' \t\n' ' ' | sed 's/ *access to/\naccess to/g' | sed 's/ *$//' | grep .)
ldif_rules=$(sed -n '/^olcAccess:/,$p' "$TOP/schema/acl.ldif" | tr -s ' \t\n' ' ' |
	sed 's/ *olcAccess: {[0-9]*}to/\naccess to/g' | sed 's/ *$//' | grep .)
check_eq "acl.conf and acl.ldif hold the same rules" "$conf_rules" "$ldif_rules"

t_done schema
