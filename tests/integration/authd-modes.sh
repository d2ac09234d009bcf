#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/authd-modes.sh: the three ways to check a password
# (bind, fastbind, fetch), each configured with a saslauthd.conf written
# with saslauthd's key names and aliases (-O), against the sample
# directory: the policy cases (wrong service, disabled, ppolicy-locked,
# expired, no postinoAccount), and injection attempts that must never
# yield OK for another identity.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/authd-common.bash"

authd_init authd-modes
printf '%s\n' "$ROOT_PW" >"$T/root.pw"
chmod 644 "$T/root.pw"

# sasl_conf FILE METHOD FILTER DN PWKEY PW - saslauthd.conf spellings:
# ldap_bind_pw (alias of ldap_password), ldap_default_domain (alias of
# ldap_default_realm), ldap_auth_method, ldap_scope, ldap_time_limit,
# ldap_deref, ldap_referrals, ldap_restart, ldap_version.
sasl_conf()
{
	cat >"$1" <<EOC
# saslauthd.conf (LDAP_SASLAUTHD keys)
ldap_servers: $LDAP_URI
ldap_bind_dn: $4
ldap_bind_pw: $5
ldap_version: 3
ldap_search_base: $PEOPLE_DN
ldap_filter: $3
ldap_scope: sub
ldap_auth_method: $2
ldap_default_domain: example.org
ldap_timeout: 2
ldap_time_limit: 5
ldap_deref: never
ldap_referrals: no
ldap_restart: yes
EOC
	chmod 644 "$1"
}

# The policy and injection cases, the same for every method.
cases()
{
	local m=$1
	check_eq "$m: alice/smtp right password -> OK" "$(tsa alice Alice-Pass-1 smtp)" OK
	check_eq "$m: alice/smtp wrong password -> NO" "$(tsa alice Bob-Pass-1 smtp)" NO
	check_eq "$m: empty password -> NO" "$(mux fields alice '' smtp '')" NO
	check_eq "$m: unknown user -> NO" "$(tsa zed Alice-Pass-1 smtp)" NO
	check_eq "$m: bob/smtp (not his service) -> NO" "$(tsa bob Bob-Pass-1 smtp)" NO
	check_eq "$m: bob/imap -> OK" "$(tsa bob Bob-Pass-1 imap)" OK
	check_eq "$m: dave (disabled) -> NO" "$(tsa dave Dave-Pass-1 imap)" NO
	check_eq "$m: frank (ppolicy-locked) -> NO" "$(tsa frank Frank-Pass-1 imap)" NO
	check_eq "$m: erin (no postinoAccount), smtp -> OK" "$(tsa erin Erin-Pass-1 smtp)" OK
	check_eq "$m: erin, sieve -> OK" "$(tsa erin Erin-Pass-1 sieve)" OK
	check_eq "$m: carol -> OK" "$(tsa carol Carol-Pass-1 imap)" OK
	# Injection: none of these may be OK with alice's password.
	local login
	for login in 'alice)(uid=*' '*' 'alic*' 'alice)(|(uid=*)' 'bob,ou=people' \
		"uid=alice,$PEOPLE_DN" 'alice,ou=people,dc=example,dc=org' 'bob=alice' \
		'alice\2a' 'x)(objectClass=*' ' alice' 'alice+uid=bob'; do
		check_eq "$m: login '$login' with alice's password -> NO" \
			"$(tsa "$login" Alice-Pass-1 smtp)" NO
	done
	check_eq "$m: login 'bob,ou=people' with bob's password -> NO" \
		"$(tsa 'bob,ou=people' Bob-Pass-1 imap)" NO
	check_eq "$m: login alice + NUL + junk -> NO" \
		"$(mux fields 'alice\x00)(uid=*' Alice-Pass-1 smtp '')" NO
	check_eq "$m: password alice's + NUL + junk -> NO" \
		"$(mux fields alice 'Alice-Pass-1\x00x' smtp '')" NO
	long=$(printf 'b%.0s' $(seq 300))
	check_eq "$m: 300-byte login -> NO" "$(mux fields "$long" Alice-Pass-1 smtp '')" NO
	check_eq "$m: 300-byte service -> NO" "$(mux fields alice Alice-Pass-1 "$long" '')" NO
	check_eq "$m: 300-byte realm -> NO" "$(mux fields alice Alice-Pass-1 smtp "$long")" NO
}

# bind: search as cn=authd, bind as the user (gina's expiry is only seen
# through the bind's ppolicy control).
sasl_conf "$T/bind.conf" bind '(uid=%u)' "$AUTHD_DN" "$AUTHD_PW"
: >"$T/postino.conf"
SASLCONF="$T/bind.conf" authd_start bind "$T/postino.conf" || exit 1
cases bind
check_eq "bind: gina (password expired) -> NO" "$(tsa gina Gina-Pass-1 imap)" NO
# Again: the DN cache knows the accounts now, so the binds run on the
# I/O thread's bind pool; every answer must be the same.
pool0=$(authd_stat pool_binds)
cases "bind, bind pool"
check_eq "bind, bind pool: gina (password expired) -> NO" "$(tsa gina Gina-Pass-1 imap)" NO
check "bind: the second round used the bind pool" test "$(authd_stat pool_binds)" -gt $((pool0 + 10))
check_match "bind: the reasons are logged" "$(cat "$ALOG")" 'user="dave".*reason="account disabled"'
check_match "bind: expiry logged" "$(cat "$ALOG")" 'user="gina".*reason="password expired'
check_match "bind: lock logged" "$(cat "$ALOG")" 'user="frank".*result=NO'
check_match "bind: service logged" "$(cat "$ALOG")" 'user="bob" service="smtp".*reason="service not allowed'
authd_stop

# fastbind: the DN comes from the template, escaped as a DN.
sasl_conf "$T/fast.conf" fastbind "uid=%u,$PEOPLE_DN" "$AUTHD_DN" "$AUTHD_PW"
SASLCONF="$T/fast.conf" authd_start fast "$T/postino.conf" || exit 1
cases fastbind
check_eq "fastbind: gina (password expired) -> NO" "$(tsa gina Gina-Pass-1 imap)" NO
pool0=$(authd_stat pool_binds)
cases "fastbind, bind pool"
check_eq "fastbind, bind pool: gina (password expired) -> NO" "$(tsa gina Gina-Pass-1 imap)" NO
check "fastbind: the second round used the bind pool" test "$(authd_stat pool_binds)" -gt $((pool0 + 5))
check_match "fastbind: the login's comma was escaped in the DN" "$(cat "$ALOG")" \
	'user="bob,ou=people".*result=NO'
authd_stop

# fetch: the hash is read (as the rootdn: cn=authd may not read
# userPassword) and verified locally.
sasl_conf "$T/fetch.conf" fetch '(uid=%u)' "$ROOT_DN" "$ROOT_PW"
SASLCONF="$T/fetch.conf" authd_start fetch "$T/postino.conf" || exit 1
cases fetch
authd_stop
# "custom" is saslauthd's name for the same method.
sasl_conf "$T/custom.conf" custom '(uid=%u)' "$ROOT_DN" "$ROOT_PW"
SASLCONF="$T/custom.conf" authd_start custom "$T/postino.conf" || exit 1
check_eq "custom: alice -> OK" "$(tsa alice Alice-Pass-1 smtp)" OK
check_eq "custom: alice wrong -> NO" "$(tsa alice Alice-Pass-2 smtp)" NO
authd_stop
# fetch as cn=authd, which may not read userPassword: never OK.
sasl_conf "$T/fetchauthd.conf" fetch '(uid=%u)' "$AUTHD_DN" "$AUTHD_PW"
SASLCONF="$T/fetchauthd.conf" authd_start fetchauthd "$T/postino.conf" || exit 1
check_eq "fetch without read access to the hash -> NO" "$(tsa alice Alice-Pass-1 smtp)" NO
authd_stop

# authd_require_account: erin (plain inetOrgPerson) is refused.
sasl_conf "$T/req.conf" bind '(uid=%u)' "$AUTHD_DN" "$AUTHD_PW"
echo "authd_require_account: yes" >"$T/req-postino.conf"
SASLCONF="$T/req.conf" authd_start req "$T/req-postino.conf" || exit 1
check_eq "require_account: erin -> NO" "$(tsa erin Erin-Pass-1 smtp)" NO
check_eq "require_account: alice -> OK" "$(tsa alice Alice-Pass-1 smtp)" OK
authd_stop

# Group restriction, saslauthd style (ldap_group_dn + ldap_group_attr).
ldapadd -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" >/dev/null <<EOG
dn: cn=mailers,$BASE_DN
objectClass: groupOfNames
cn: mailers
member: uid=alice,$PEOPLE_DN
EOG
sasl_conf "$T/grp.conf" bind '(uid=%u)' "$AUTHD_DN" "$AUTHD_PW"
cat >>"$T/grp.conf" <<EOG
ldap_group_dn: cn=mailers,$BASE_DN
ldap_group_attr: member
EOG
SASLCONF="$T/grp.conf" authd_start grp "$T/postino.conf" || exit 1
check_eq "group: alice (member) -> OK" "$(tsa alice Alice-Pass-1 smtp)" OK
check_eq "group: carol (not a member) -> NO" "$(tsa carol Carol-Pass-1 smtp)" NO
authd_stop
sasl_conf "$T/grpf.conf" bind '(uid=%u)' "$AUTHD_DN" "$AUTHD_PW"
cat >>"$T/grpf.conf" <<EOG
ldap_group_match_method: filter
ldap_group_search_base: $BASE_DN
ldap_group_filter: (&(cn=mailers)(member=%D))
EOG
SASLCONF="$T/grpf.conf" authd_start grpf "$T/postino.conf" || exit 1
check_eq "group filter: alice -> OK" "$(tsa alice Alice-Pass-1 smtp)" OK
check_eq "group filter: carol -> NO" "$(tsa carol Carol-Pass-1 smtp)" NO
authd_stop

no_password_in_log "$ROOT_PW" "$AUTHD_PW"
t_done authd-modes
