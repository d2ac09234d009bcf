#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/cli-cert.sh: postinoctl's certificate and service
# commands against a real slapd: "cert map|unmap|show" from a PEM file and
# from a subject in either spelling (checked with ldapsearch, and through
# the SASL plugin's EXTERNAL mapping when it is built), and "service
# allow|deny" (checked with ldapsearch, and through postino-authd when it
# is built). Refusals: a PEM that is not a certificate, a string that is
# not a DN, a subject already mapped elsewhere, unknown accounts and
# services, certificates that have expired or are not valid yet (unless
# --force) and malformed typed subjects such as /CN=x/CN.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/cli-common.bash"
cli_init cli-cert

TRY="$BUILD/tests/tools/sasl_try"
PLUGIN_PATH=${PLUGIN_PATH:-$BUILD/sasl2:/usr/lib/x86_64-linux-gnu/sasl2}
printf '%s\n' "$SCRAM_PW" >"$T/scram.pw"
chmod 600 "$T/scram.pw"
# external SUBJECT - the account libsasl2 + libpostino.so map SUBJECT to
external()
{
	external_id -e "$1"
}

# external_id -e SUBJECT | -E CERT - the same, for sasl_try's identity options
external_id()
{
	"$TRY" -p "$PLUGIN_PATH" -o canon_user_plugin=postino \
		-o "postino_ldap_uri=$LDAP_URI" -o "postino_ldap_bind_dn=$SCRAM_DN" \
		-o "postino_ldap_password_file=$T/scram.pw" \
		-o "postino_ldap_search_base=$PEOPLE_DN" -s imap "$1" "$2" external 2>&1 |
		sed -n 's/.*result=0(OK) user=\([^ ]*\).*/\1/p'
}
have_try=0
[ -x "$TRY" ] && [ -f "$BUILD/sasl2/libpostino.so" ] && have_try=1
[ "$have_try" = 1 ] || echo "SKIP: SASL plugin or sasl_try not built; EXTERNAL checks skipped"

ADN="uid=alice,$PEOPLE_DN"
ALICE_RFC='CN=Alice Example,OU=People,O=Example,C=IT'

# ---- cert map from a subject, in sendmail's oneline spelling
ctl cert map alice --subject '/C=IT/O=Example/OU=People/CN=Alice Example'
check_eq "cert map --subject exits 0" "$RC" 0
check_eq "stored in RFC 4514 order" "$(attr "$ADN" postinoCertSubject)" "$ALICE_RFC"
ctl cert map alice --subject "$ALICE_RFC"
check_eq "the same subject in RFC 4514 spelling: no change, exit 0" "$RC" 0
check_match "... says it was already mapped" "$OUT" 'already mapped'
check_eq "still one value" "$(attr "$ADN" postinoCertSubject | wc -l)" 1
if [ "$have_try" = 1 ]; then
	check_eq "EXTERNAL maps the oneline spelling to alice" \
		"$(external '/C=IT/O=Example/OU=People/CN=Alice+20Example')" alice
	check_eq "EXTERNAL maps the RFC 4514 spelling to alice" "$(external "$ALICE_RFC")" alice
fi
ctl cert show alice --json
check "cert show --json lists the subject" python3 -c \
	'import json,sys; d=json.loads(sys.argv[1]); assert d["cert_subjects"]==[sys.argv[2]]' \
	"$OUT" "$ALICE_RFC"

# ---- cert map from a PEM certificate
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/zoe.key" -out "$T/zoe.pem" -days 2 \
	-subj '/C=IT/O=Example/OU=People/CN=Zoë Example/emailAddress=zoe@example.org' \
	-utf8 >/dev/null 2>&1
ctl cert map bob --pem "$T/zoe.pem"
check_eq "cert map --pem exits 0" "$RC" 0
bob_subject=$(attr "uid=bob,$PEOPLE_DN" postinoCertSubject)
check_match "subject read by OpenSSL, normalized, UTF-8 kept" "$bob_subject" \
	'^EMAILADDRESS=zoe@example.org,CN=Zoë Example,OU=People,O=Example,C=IT$'
if [ "$have_try" = 1 ]; then
	check_eq "EXTERNAL maps that certificate (as sendmail passes it) to bob" \
		"$(external_id -E "$T/zoe.pem")" bob
	check_eq "EXTERNAL maps the subject (RFC 4514 order) to bob" \
		"$(external "$bob_subject")" bob
fi
ctl cert map alice --pem "$TLS_CAROL_CERT"
check_eq "a subject mapped to another account is refused (exit 1)" "$RC" 1
check_match "... naming the other account" "$ERR" "uid=carol,$PEOPLE_DN"
ctl cert map alice --pem "$TLS_CAROL_KEY"
check_eq "a PEM that is not a certificate is refused (exit 1)" "$RC" 1
check_match "... saying so" "$ERR" 'not a PEM certificate'
head -c 300 /dev/urandom >"$T/junk.pem"
ctl cert map alice --pem "$T/junk.pem"
check_eq "random bytes are refused (exit 1)" "$RC" 1
ctl cert map alice --pem "$T/missing.pem"
check_eq "a missing file is refused (exit 1)" "$RC" 1
ctl cert map alice --subject 'this is not a DN'
check_eq "a string that is not a DN is refused (exit 2)" "$RC" 2
ctl cert map alice
check_eq "neither --pem nor --subject (exit 2)" "$RC" 2
ctl cert map nobody --subject 'CN=x,O=y'
check_eq "cert map for an unknown account (exit 1)" "$RC" 1
check_eq "alice still has only her subject" "$(attr "$ADN" postinoCertSubject)" "$ALICE_RFC"

# erin has no postinoAccount class; mapping gives her one.
ctl cert map erin --subject 'CN=Erin Example,O=Example,C=IT'
check_eq "cert map on a plain inetOrgPerson exits 0" "$RC" 0
check_eq "erin got postinoAccount" \
	"$(attr "uid=erin,$PEOPLE_DN" objectClass | grep -ci postinoAccount)" 1
check_eq "... and every known service, as she could use every service before" \
	"$(attr "uid=erin,$PEOPLE_DN" postinoService | sort | tr '\n' ' ')" \
	"imap lmtp pop3 sieve smtp submission xmpp "

# ---- certificates outside their validity period, malformed typed subjects
# selfsigned NAME START END - a certificate for CN=NAME valid from START to END
selfsigned()
{
	local d="$T/ca-$1"
	mkdir -p "$d" && : >"$d/index.txt" && echo 01 >"$d/serial"
	printf '[ca]\ndefault_ca=c\n[c]\ndatabase=%s\nserial=%s\nnew_certs_dir=%s\n%s\n' \
		"$d/index.txt" "$d/serial" "$d" 'default_md=sha256
policy=p
[p]
commonName=supplied' >"$d/ca.cnf"
	openssl ecparam -name prime256v1 -genkey -noout -out "$d/k.pem" 2>/dev/null &&
		openssl req -new -key "$d/k.pem" -subj "/CN=$1" -out "$d/r.csr" 2>/dev/null &&
		openssl ca -batch -config "$d/ca.cnf" -selfsign -keyfile "$d/k.pem" -in "$d/r.csr" \
			-startdate "$2" -enddate "$3" -notext -out "$T/$1.pem" >/dev/null 2>&1
}
selfsigned old 20200101000000Z 20200102000000Z
selfsigned future 21000101000000Z 21010101000000Z
ctl cert map bob --pem "$T/old.pem"
check_eq "an expired certificate is refused (exit 1)" "$RC" 1
check_match "... saying so and naming --force" "$ERR" 'has expired.*--force'
ctl cert map bob --pem "$T/future.pem"
check_eq "a certificate not valid yet is refused (exit 1)" "$RC" 1
check_match "... saying so" "$ERR" 'is not valid yet'
check_eq "bob still has one subject" \
	"$(attr "uid=bob,$PEOPLE_DN" postinoCertSubject | wc -l)" 1
ctl cert map bob --pem "$T/old.pem" --force
check_eq "--force maps an expired certificate (exit 0)" "$RC" 0
check_match "... with a warning" "$ERR" 'has expired'
check_eq "bob has the expired certificate's subject too" \
	"$(attr "uid=bob,$PEOPLE_DN" postinoCertSubject | grep -c '^CN=old$')" 1
ctl cert map bob --subject '/CN=x/CN'
check_eq "subject /CN=x/CN is refused (exit 2)" "$RC" 2
ctl cert map bob --subject '/O=a+b/CN=x'
check_eq "a bare + inside a oneline value is refused (exit 2)" "$RC" 2
ctl cert map bob --subject '/CN=x\/CN'
check_eq "an escaped / is taken literally (exit 0)" "$RC" 0
check_eq "... stored as CN=x/CN" \
	"$(attr "uid=bob,$PEOPLE_DN" postinoCertSubject | grep -c '^CN=x/CN$')" 1

# ---- cert unmap
ctl cert unmap alice --subject 'CN=Nobody,O=Example,C=IT'
check_eq "unmapping a subject that is not there (exit 1)" "$RC" 1
ctl cert unmap alice --subject '/C=IT/O=Example/OU=People/CN=Alice Example'
check_eq "cert unmap (other spelling) exits 0" "$RC" 0
check_eq "subject gone" "$(attr "$ADN" postinoCertSubject)" ""
[ "$have_try" = 1 ] && check_eq "EXTERNAL no longer maps alice" "$(external "$ALICE_RFC")" ""
ctl cert unmap bob --all
check_eq "cert unmap --all exits 0" "$RC" 0
check_eq "bob's subjects gone" "$(attr "uid=bob,$PEOPLE_DN" postinoCertSubject)" ""

# ---- services
have_authd=0
authd_start -c && have_authd=1
[ "$have_authd" = 1 ] && check_fail "authd: bob may not use smtp yet" sasl_ok bob 'Bob-Pass-1' smtp
ctl service allow bob smtp
check_eq "service allow exits 0" "$RC" 0
check_eq "bob: imap and smtp" "$(attr "uid=bob,$PEOPLE_DN" postinoService | sort | tr '\n' ' ')" \
	"imap smtp "
[ "$have_authd" = 1 ] && check "authd: bob may use smtp at once" sasl_ok bob 'Bob-Pass-1' smtp
ctl service allow bob SMTP
check_match "allowing again changes nothing" "$OUT" 'already'
ctl service deny bob imap
check_eq "service deny exits 0" "$RC" 0
check_eq "bob: smtp only" "$(attr "uid=bob,$PEOPLE_DN" postinoService)" "smtp"
[ "$have_authd" = 1 ] && check_fail "authd: bob may not use imap at once" sasl_ok bob 'Bob-Pass-1' imap
ctl service deny bob smtp
check_match "denying the last service says so" "$OUT" 'no service left'
check_eq "bob: no services" "$(attr "uid=bob,$PEOPLE_DN" postinoService)" ""
[ "$have_authd" = 1 ] && check_fail "authd: bob may use nothing" sasl_ok bob 'Bob-Pass-1' smtp
ctl service allow bob fax
check_eq "unknown service refused (exit 2)" "$RC" 2
ctl service allow nobody imap
check_eq "unknown account refused (exit 1)" "$RC" 1
ctl service deny dave 'imap)(x=*'
check_eq "a service name with filter syntax is refused (exit 2)" "$RC" 2

# gina is a postino account; a plain inetOrgPerson (carol's copy) may use
# every service until one is denied.
ldapadd -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" >/dev/null <<EOF
dn: uid=pat,$PEOPLE_DN
objectClass: inetOrgPerson
uid: pat
cn: Pat Plain
sn: Plain
EOF
ctl service allow pat imap
check_match "allow on an account without postinoAccount: every service already" "$OUT" \
	'every service'
check_eq "pat unchanged" "$(attr "uid=pat,$PEOPLE_DN" postinoService)" ""
ctl service deny pat imap
check_eq "deny on an account without postinoAccount exits 0" "$RC" 0
check_eq "pat: postinoAccount with every other service" \
	"$(attr "uid=pat,$PEOPLE_DN" postinoService | sort | tr '\n' ' ')" \
	"lmtp pop3 sieve smtp submission xmpp "

t_done cli-cert
