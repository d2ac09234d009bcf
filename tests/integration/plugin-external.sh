#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/plugin-external.sh: AUTH EXTERNAL through libsasl2 with
# libpostino.so as the canonuser plugin, against the sample directory.
# Certificates are mapped by the postinoCertSubject attribute (carol) and
# by rules, in sendmail's spelling (xtext oneline) and RFC 4514, from real
# certificates (the harness's CA) and from strings; the refusals are the
# point: unmapped, ambiguous, disabled, wrong service, untrusted or unknown
# issuer, subjects without a CN, a foreign authzid, and a directory that
# is down (temporary, not "bad password").
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/plugin-common.bash"

plugin_init plugin-external

CAROL_ONELINE='/C=IT/O=Example/OU=People/CN=Carol+20Example'
CAROL_RFC4514='CN=Carol Example,OU=People,O=Example,C=IT'
RULE='postino_cert_rule=^CN=([a-z]+),OU=People,O=Example,C=IT$'

# ---- mapping by the directory attribute
expect "carol by attribute, sendmail spelling" ok carol -e "$CAROL_ONELINE" external
expect "carol by attribute, RFC 4514 spelling" ok carol -e "$CAROL_RFC4514" external
expect "carol from her certificate (as sendmail passes it)" ok carol -E "$TLS_CAROL_CERT" external
check_match "sendmail's form is what was passed" "$CHECK_OUT" 'identity=/C=IT/O=Example/OU=People/CN=Carol\+20Example'
expect "the realm is appended like INTERNAL does" ok carol@example.org \
	-r example.org -e "$CAROL_ONELINE" external
expect "authzid equal to the mapped account is accepted" ok carol \
	-z carol -e "$CAROL_ONELINE" external
expect "a different authzid fails under the default proxy policy" BADAUTH "" \
	-z alice -e "$CAROL_ONELINE" external
expect "an authzid that is a DN is not mapped (no such user)" NOUSER "" \
	-z "$CAROL_RFC4514" -e "$CAROL_ONELINE" external
expect "200 connections in one process give the same answer" ok carol \
	-n 200 -e "$CAROL_ONELINE" external

# ---- options from <app>.conf, as sendmail reads Sendmail.conf
mkdir -p "$T/conf"
cat >"$T/conf/Sendmail.conf" <<EOF
canon_user_plugin: postino
auxprop_plugin: postino
postino_ldap_uri: $LDAP_URI
postino_ldap_bind_dn: $SCRAM_DN
postino_ldap_password_file: $T/scram.pw
postino_ldap_search_base: $PEOPLE_DN
EOF
check "options from Sendmail.conf" try_bare -c "$T/conf" -a Sendmail -x ok -U carol \
	-e "$CAROL_ONELINE" external
check "... also when sasl_client_init() runs before sasl_server_init()" try_bare -B \
	-c "$T/conf" -a Sendmail -x ok -U carol -e "$CAROL_ONELINE" external

# ---- mapping by rules
expect "alice by rule, sendmail spelling" ok alice \
	-o "$RULE" -e '/C=IT/O=Example/OU=People/CN=alice' external
expect "alice by rule, RFC 4514 spelling" ok alice \
	-o "$RULE" -e 'CN=alice,OU=People,O=Example,C=IT' external
expect "a later numbered rule is tried" ok alice \
	-o 'postino_cert_rule=^CN=(nomatch)$' -o "postino_cert_rule3=${RULE#*=}" \
	-e '/C=IT/O=Example/OU=People/CN=alice' external
expect "a rule must match the whole subject" BADAUTH "" \
	-o 'postino_cert_rule=CN=([a-z]+),OU=People' -e '/C=XX/O=Evil/OU=People/CN=alice' external
expect "a rule naming no account is refused" BADAUTH "" \
	-o "$RULE" -e '/C=IT/O=Example/OU=People/CN=nobody' external
check_match "... saying the account does not exist" "$CHECK_OUT" 'does not exist'
check "without a directory, a rule alone decides" try_bare -x ok -U nobody \
	-o canon_user_plugin=postino -o "$RULE" -e '/C=IT/O=Example/OU=People/CN=nobody' external

# ---- refusals
expect "an unmapped subject is refused" BADAUTH "" -e '/C=IT/O=Other/CN=Mallory' external
check_match "... saying nothing is mapped" "$CHECK_OUT" 'no account is mapped'
expect "a subject without a CN is refused (truncation)" BADAUTH "" \
	-o "$RULE" -e '/C=IT/O=Example/OU=People' external
expect "a malformed oneline subject is refused" BADAUTH "" -e '/C=IT/O=Ex+ZZample' external

# dave is disabled: map a subject to him, by attribute and by rule.
ldif_root <<EOF
dn: uid=dave,$PEOPLE_DN
changetype: modify
add: postinoCertSubject
postinoCertSubject: CN=Dave Example,OU=People,O=Example,C=IT
EOF
expect "a disabled account is refused (attribute)" BADAUTH "" \
	-e '/C=IT/O=Example/OU=People/CN=Dave+20Example' external
check_match "... saying it is disabled" "$CHECK_OUT" 'disabled'
expect "a disabled account is refused (rule)" BADAUTH "" \
	-o "$RULE" -e '/C=IT/O=Example/OU=People/CN=dave' external
expect "a ppolicy-locked account is refused" BADAUTH "" \
	-o "$RULE" -e '/C=IT/O=Example/OU=People/CN=frank' external
check_match "... saying it is locked" "$CHECK_OUT" 'locked'

# bob may use imap only; erin has no postinoAccount and may use anything.
expect "bob is refused for smtp" BADAUTH "" \
	-s smtp -o "$RULE" -e '/C=IT/O=Example/OU=People/CN=bob' external
check_match "... saying the service is not allowed" "$CHECK_OUT" 'service not allowed'
expect "bob is accepted for imap" ok bob \
	-s imap -o "$RULE" -e '/C=IT/O=Example/OU=People/CN=bob' external
expect "erin (no postinoAccount) is accepted for smtp" ok erin \
	-s smtp -o "$RULE" -e '/C=IT/O=Example/OU=People/CN=erin' external

# Two accounts with one subject: neither gets it.
ldif_root <<EOF
dn: uid=bob,$PEOPLE_DN
changetype: modify
add: postinoCertSubject
postinoCertSubject: $CAROL_RFC4514
EOF
expect "two accounts with one subject are refused" BADAUTH "" -e "$CAROL_ONELINE" external
check_match "... saying it is ambiguous" "$CHECK_OUT" 'more than one account'
expect "... and a rule does not break the tie" BADAUTH "" \
	-o 'postino_cert_rule=^CN=([A-Za-z]+) Example,OU=People,O=Example,C=IT$' \
	-e "$CAROL_ONELINE" external

# A server size limit below two entries cannot tell one account from two:
# the one entry it returns must not pass for the account.
MDB_DN=$(ldapsearch -LLL -Q -Y EXTERNAL -H "$LDAPI_URI" -b cn=config "(olcSuffix=$BASE_DN)" dn |
	sed -n 's/^dn: //p')
size_limit()
{
	ldapmodify -Q -Y EXTERNAL -H "$LDAPI_URI" >/dev/null <<EOF
dn: $MDB_DN
changetype: modify
replace: olcSizeLimit
olcSizeLimit: $1
EOF
}
check "the directory's size limit can be lowered" size_limit 1
expect "with a server size limit of 1 the ambiguous subject is still refused" BADAUTH "" \
	-e "$CAROL_ONELINE" external
check_match "... saying the size limit is too low" "$CHECK_OUT" 'size limit'
check "the directory's size limit is restored" size_limit 500

ldif_root <<EOF
dn: uid=bob,$PEOPLE_DN
changetype: modify
delete: postinoCertSubject
postinoCertSubject: $CAROL_RFC4514
EOF
expect "with the duplicate gone carol maps again" ok carol -e "$CAROL_ONELINE" external

# ---- trusted issuers
CA_SUBJECT=$(openssl x509 -in "$TLS_CA" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')
ISSUERS="postino_cert_issuers=CN=Nobody CA,O=Elsewhere;$CA_SUBJECT"
expect "a certificate from a trusted issuer maps" ok carol \
	-o "$ISSUERS" -E "$TLS_CAROL_CERT" external
expect "the same subject from an untrusted issuer is refused" BADAUTH "" \
	-o "$ISSUERS" -E "$TLS_OTHER_CERT" external
check_match "... saying the issuer is not trusted" "$CHECK_OUT" 'issuer not trusted'
expect "an unknown issuer fails closed when issuers are configured" BADAUTH "" \
	-o "$ISSUERS" -e "$CAROL_ONELINE" external
check_match "... saying the issuer is unknown" "$CHECK_OUT" 'issuer unknown'
expect "a bad issuer list breaks certificate logins, closed" FAIL "" \
	-o 'postino_cert_issuers=not a dn' -e "$CAROL_ONELINE" external

# ---- Cyrus imapd passes the CN only
expect "a bare CN is not mapped by default" BADAUTH "" -C -E "$TLS_CAROL_CERT" external
expect "a bare CN maps by cn lookup when enabled" ok carol \
	-o postino_cert_cn_lookup=yes -C -E "$TLS_CAROL_CERT" external
expect "a bare CN maps by a CN rule" ok carol \
	-o 'postino_cert_cn_rule=^([A-Za-z]+) Example$' -C -E "$TLS_CAROL_CERT" external
expect "a CN the application rewrote (lower case, @domain) still maps" ok carol \
	-K example.org -o 'postino_cert_cn_rule=^([A-Za-z]+) Example$' -C -E "$TLS_CAROL_CERT" \
	external

# ---- configuration errors fail closed for certificates only
expect "a broken rule refuses certificates" FAIL "" \
	-o 'postino_cert_rule=^CN=(' -e "$CAROL_ONELINE" external

# ---- a directory that is down is a temporary failure
slapd_stop
expect "directory down: EXTERNAL is temporarily unavailable" UNAVAIL "" \
	-e "$CAROL_ONELINE" external
check_match "... saying the directory is unavailable" "$CHECK_OUT" 'directory unavailable'

t_done plugin-external
