#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/cli-import.sh: postinoctl's imports against a real slapd.
#   sasldb: a sasldb2 made by saslpasswd2 (Berkeley DB, cleartext passwords)
#     is migrated; every imported user then authenticates with the original
#     password (ldapwhoami; postino-authd and SCRAM when built), existing
#     accounts are conflicts left untouched, other realms and non-password
#     records are skipped, and the cleartext appears nowhere in the
#     directory (ldapsearch as the rootdn and slapcat, values decoded).
#   csv and ldif: all rows in, or none: validation errors name the line and
#     nothing is written; an add that fails half-way is rolled back.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/cli-common.bash"
cli_init cli-import

have_authd=0
authd_start && have_authd=1
have_scram || echo "SKIP: SASL plugin or sasl_scram_client not built; SCRAM checks skipped"

# ---------------------------------------------------------------- sasldb
# saslpasswd2 -p reads the password from stdin; -c creates the user.
mkpw()
{
	printf '%s' "$3" | saslpasswd2 -f "$T/sasldb2" -c -p -u "$1" "$2"
}
mkpw EXAMPLE.ORG sam 'Sam-Pass-1'
mkpw EXAMPLE.ORG tina 'Tina #2 pass:with;odd,chars'
mkpw EXAMPLE.ORG alice 'Alice-Sasldb-9'
mkpw EXAMPLE.ORG 'bad name' 'Bad-Pass-1'
mkpw OTHER.ORG ulf 'Ulf-Pass-1'
check "saslpasswd2 wrote a Berkeley DB file" db_dump -p "$T/sasldb2"

ctl import sasldb "$T/sasldb2"
check_eq "a file with two realms needs --realm (exit 2)" "$RC" 2
check_match "... and lists them" "$ERR" '"EXAMPLE.ORG", "OTHER.ORG"'

ctl import sasldb "$T/sasldb2" --realm EXAMPLE.ORG --dry-run
check_eq "dry run exits 0" "$RC" 0
check_match "dry run says what it would create" "$OUT" "would create uid=sam,$PEOPLE_DN"
check_eq "dry run writes nothing" "$(attr "uid=sam,$PEOPLE_DN" uid)" ""

ctl import sasldb "$T/sasldb2" --realm EXAMPLE.ORG
check_eq "import sasldb exits 0" "$RC" 0
check_match "created sam" "$OUT" "created uid=sam,$PEOPLE_DN"
check_match "created tina" "$OUT" "created uid=tina,$PEOPLE_DN"
check_match "alice is a conflict" "$OUT" 'conflict: account alice exists already'
check_match "ulf is skipped (another realm)" "$OUT" 'skipped: ulf@OTHER.ORG: another realm'
check_match "'bad name' is skipped (invalid name)" "$OUT" 'skipped: bad name@EXAMPLE.ORG: invalid account name'
check_match "summary" "$OUT" '2 created, 1 conflict, 2 skipped'

check "sam binds with the original password" bind_ok sam 'Sam-Pass-1'
check "tina binds with the original password" bind_ok tina 'Tina #2 pass:with;odd,chars'
check "alice keeps her directory password" bind_ok alice 'Alice-Pass-1'
check_fail "alice's sasldb password was not imported" bind_ok alice 'Alice-Sasldb-9'
check_match "sam's userPassword is a hash" "$(attr "uid=sam,$PEOPLE_DN" userPassword)" \
	'^\{(CRYPT|SSHA512)\}'
check_eq "sam has both SCRAM secrets" \
	"$(attr "uid=sam,$PEOPLE_DN" authPassword | sed 's/\$.*//' | sort | tr '\n' ' ')" \
	"SCRAM-SHA-1 SCRAM-SHA-256 "
check_eq "sam got the default services" \
	"$(attr "uid=sam,$PEOPLE_DN" postinoService | sort | tr '\n' ' ')" "imap smtp "
if [ "$have_authd" = 1 ]; then
	check "authd: sam OK with the original password" sasl_ok sam 'Sam-Pass-1' imap
	check "authd: tina OK with the original password" sasl_ok tina 'Tina #2 pass:with;odd,chars' smtp
	check_fail "authd: sam NO with a wrong password" sasl_ok sam 'Sam-Pass-2' imap
	ctl_in 'Sam-Pass-1' auth test sam --service imap --password-stdin
	check_eq "postinoctl auth test: sam OK (exit 0)" "$RC" 0
fi
if have_scram; then
	check "SCRAM-SHA-256: sam with the original password" scram_ok sam 'Sam-Pass-1'
fi

# No cleartext anywhere: every value of every entry, decoded, over LDAP and
# straight from the database files.
dump_all >"$T/dump.ldif"
slapcat -F "$SLAPD_DIR/slapd.d" -b "$BASE_DN" 2>/dev/null | ldif_decode >"$T/slapcat.ldif"
check "the LDAP dump has sam's entry" grep -q "^dn: uid=sam,$PEOPLE_DN" "$T/dump.ldif"
check "the slapcat dump has sam's entry" grep -q "^dn: uid=sam,$PEOPLE_DN" "$T/slapcat.ldif"
for pw in 'Sam-Pass-1' 'Tina #2 pass:with;odd,chars' 'Alice-Sasldb-9' 'Ulf-Pass-1'; do
	check_fail "cleartext \"$pw\" not in the LDAP dump" grep -qF "$pw" "$T/dump.ldif"
	check_fail "cleartext \"$pw\" not in the slapcat dump" grep -qF "$pw" "$T/slapcat.ldif"
done

ctl --json import sasldb "$T/sasldb2" --realm EXAMPLE.ORG
check_eq "importing again exits 0" "$RC" 0
check "importing again: only conflicts (JSON)" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["ok"] and d["created"] == [] and sorted(d["conflicts"]) == ["alice", "sam", "tina"], d
' "$OUT"
printf 'not a database\n' >"$T/notdb"
ctl import sasldb "$T/notdb"
check_eq "a file that is not a sasldb is refused (exit 1)" "$RC" 1
check_match "... saying so" "$ERR" 'not a readable sasldb2'

# All or nothing, truly: a file that cannot be read whole is refused.
for i in $(seq 1 60); do
	printf 'Many-Pass-%s' "$i" | saslpasswd2 -f "$T/many" -c -p -u EXAMPLE.ORG "many$i"
done
head -c 8192 "$T/many" >"$T/many-8k"
head -c 4096 "$T/many" >"$T/many-4k"
head -c 10000 "$T/many" >"$T/many-10k"
for f in many-8k many-4k many-10k; do
	ctl import sasldb "$T/$f" --realm EXAMPLE.ORG
	check_eq "$f: a truncated sasldb is refused (exit 1)" "$RC" 1
	check_match "$f: ... saying so" "$ERR" 'truncated'
done
check_eq "nothing of the truncated files was written" "$(attr "uid=many1,$PEOPLE_DN" uid)" ""
# db_load_print TYPE FILE - a Berkeley DB from db_dump -p style pairs on stdin
db_load_print()
{
	{
		printf 'VERSION=3\nformat=print\ntype=%s\nHEADER=END\n' "$1"
		cat
		printf 'DATA=END\n'
	} | db_load "$2"
}
printf ' fruit\n apple\n' | db_load_print hash "$T/hash.db"
printf ' fruit\n apple\n many1\\00EXAMPLE.ORG\\00userPassword\n x\n' |
	db_load_print btree "$T/btree.db"
for f in hash.db btree.db; do
	ctl import sasldb "$T/$f"
	check_eq "$f: a Berkeley DB that is not a sasldb is refused (exit 1)" "$RC" 1
	check_match "$f: ... saying so" "$ERR" 'not a sasldb2 file'
done
printf ' many1\\00EXAMPLE.ORG\\00cmusaslsecretOTP\n otp\n' | db_load_print hash "$T/otp.db"
ctl import sasldb "$T/otp.db"
check_eq "a sasldb without userPassword records is refused (exit 1)" "$RC" 1
check_match "... saying so" "$ERR" 'no userPassword records'
check_eq "nothing was written" "$(attr "uid=many1,$PEOPLE_DN" uid)" ""
ctl import sasldb "$T/many" --realm EXAMPLE.ORG --dry-run
check_eq "the whole file is still accepted (dry run, exit 0)" "$RC" 0
check_match "... all 60 users" "$OUT" '60 to create, 0 conflicts, 0 skipped'

# ---------------------------------------------------------------- csv
cat >"$T/good.csv" <<'EOF'
uid,name,mail,services,password,disabled
# staff accounts
cora,"Doe, Cora",cora@example.org,"smtp,imap",Cora-Pass-1,no
dirk,Dirk Diggler,dirk@example.org,imap,"Dirk ""D"" Pass-1",
emil,Emil Example,,pop3;imap,Emil-Pass-1,yes
EOF
ctl import csv "$T/good.csv"
check_eq "import csv exits 0" "$RC" 0
check_match "summary" "$OUT" '3 created'
check_eq "quoted comma kept in the name" "$(attr "uid=cora,$PEOPLE_DN" cn)" "Doe, Cora"
check_eq "sn from the name" "$(attr "uid=cora,$PEOPLE_DN" sn)" "Cora"
check "cora binds" bind_ok cora 'Cora-Pass-1'
check "dirk binds (doubled quotes in the password)" bind_ok dirk 'Dirk "D" Pass-1'
check_eq "emil's services" "$(attr "uid=emil,$PEOPLE_DN" postinoService | sort | tr '\n' ' ')" \
	"imap pop3 "
check_eq "emil is disabled" "$(attr "uid=emil,$PEOPLE_DN" postinoDisabled)" "TRUE"
check_fail "no CSV cleartext in the directory" grep -qF 'Cora-Pass-1' <(dump_all)
[ "$have_authd" = 1 ] && check "authd: cora OK" sasl_ok cora 'Cora-Pass-1' smtp

cat >"$T/bad.csv" <<'EOF'
uid,name,services,password
fred,Fred One,smtp,Fred-Pass-1
gus,Gus Two,fax,Gus-Pass-1
fred,Fred Again,imap,Fred-Pass-2
alice,Alice Dup,imap,Alice-Pass-2
hal,"Hal,imap
EOF
ctl import csv "$T/bad.csv"
check_eq "a CSV with errors is refused (exit 1)" "$RC" 1
check_match "names the bad service and its line" "$ERR" 'line 3: unknown service "fax"'
check_match "names the duplicate uid" "$ERR" 'line 4: uid "fred" also at line 2'
check_match "names the syntax error" "$ERR" 'quoted field not closed'
check_match "says nothing was written" "$ERR" 'nothing was written'
check_eq "fred (a valid row) was not written" "$(attr "uid=fred,$PEOPLE_DN" uid)" ""

printf 'uid,name\ncora,Cora Again\nhank,Hank\n' >"$T/exists.csv"
ctl import csv "$T/exists.csv"
check_eq "a CSV naming an existing account is refused (exit 1)" "$RC" 1
check_match "... naming it" "$ERR" 'account "cora" exists already'
check_eq "hank was not written" "$(attr "uid=hank,$PEOPLE_DN" uid)" ""
printf 'uid,shoe_size\nivan,44\n' >"$T/cols.csv"
ctl import csv "$T/cols.csv"
check_eq "an unknown column is refused (exit 1)" "$RC" 1
check_match "... naming it" "$ERR" 'unknown column "shoe_size"'
printf 'uid,password,password_hash\nivan,,Ivan-Pass-1\n' >"$T/hash.csv"
ctl import csv "$T/hash.csv"
check_eq "a cleartext value in password_hash is refused (exit 1)" "$RC" 1
check_match "... because it is not a hash" "$ERR" 'cleartext is never written'

# ---------------------------------------------------------------- ldif
cat >"$T/good.ldif" <<EOF
version: 1

# a folded line, a base64 value and a cleartext password
dn: uid=jane,$PEOPLE_DN
objectClass: inetOrgPerson
uid: jane
cn:: SmFuZSDDiWxvZGll
sn: Elodie
description: a long description that is folded
  over two lines
userPassword: Jane-Pass-1
postinoService: IMAP

dn: uid=kurt,$PEOPLE_DN
changetype: add
objectClass: inetOrgPerson
objectClass: postinoAccount
uid: kurt
cn: Kurt
sn: Kurt
userPassword: {SSHA}lpEmCvhVK5SkR0VfVqi7uFOqBGT85kj7
postinoCertSubject: /C=IT/O=Example/CN=Kurt
EOF
ctl import ldif "$T/good.ldif"
check_eq "import ldif exits 0" "$RC" 0
check_match "summary" "$OUT" '2 created'
check_eq "base64 value decoded" "$(attr "uid=jane,$PEOPLE_DN" cn)" "Jane Élodie"
check_eq "folded line joined" "$(attr "uid=jane,$PEOPLE_DN" description)" \
	"a long description that is folded over two lines"
check "jane binds with the LDIF's cleartext password" bind_ok jane 'Jane-Pass-1'
check_match "jane's password was hashed on the way in" \
	"$(attr "uid=jane,$PEOPLE_DN" userPassword)" '^\{(CRYPT|SSHA512)\}'
check_eq "jane got SCRAM secrets and postinoAccount" \
	"$(attr "uid=jane,$PEOPLE_DN" objectClass | grep -ci postinoAccount) \
$(attr "uid=jane,$PEOPLE_DN" authPassword | wc -l)" "1 2"
check_eq "service lower-cased" "$(attr "uid=jane,$PEOPLE_DN" postinoService)" "imap"
check "kurt binds with a pre-hashed {SSHA} password" bind_ok kurt 'manager-secret'
check_eq "kurt's subject normalized" "$(attr "uid=kurt,$PEOPLE_DN" postinoCertSubject)" \
	"CN=Kurt,O=Example,C=IT"
check_fail "no LDIF cleartext in the directory" grep -qF 'Jane-Pass-1' <(dump_all)

cat >"$T/bad.ldif" <<EOF
dn: uid=lena,$PEOPLE_DN
objectClass: inetOrgPerson
uid: lena
cn: Lena
sn: Lena

dn: cn=evil,$BASE_DN
objectClass: inetOrgPerson
uid: evil
cn: evil
sn: evil

dn: uid=mia,$PEOPLE_DN
objectClass: inetOrgPerson
uid: mia
cn: Mia
sn: Mia
jpegPhoto:< file:///etc/shadow

dn: uid=nils,$PEOPLE_DN
changetype: modify
replace: cn
cn: Nils
EOF
ctl import ldif "$T/bad.ldif"
check_eq "an LDIF with errors is refused (exit 1)" "$RC" 1
check_match "an entry outside the people base is refused" "$ERR" 'is not an entry under'
check_match "URL values are refused" "$ERR" 'URL values'
check_eq "lena (a valid entry) was not written" "$(attr "uid=lena,$PEOPLE_DN" uid)" ""
printf 'dn: uid=nils,%s\nchangetype: modify\nreplace: cn\ncn: Nils\n' "$PEOPLE_DN" >"$T/mod.ldif"
ctl import ldif "$T/mod.ldif"
check_eq "a modify record is refused (exit 1)" "$RC" 1
check_match "... saying only adds are imported" "$ERR" 'only content and "changetype: add"'

# Roll-back: the second entry passes every check postinoctl can make but
# the server refuses it (its DN names uid=alice, which exists, while its
# uid attribute says otherwise), after the first entry went in.
cat >"$T/rollback.ldif" <<EOF
dn: uid=otto,$PEOPLE_DN
objectClass: inetOrgPerson
uid: otto
cn: Otto
sn: Otto

dn: uid=petra,$PEOPLE_DN
objectClass: inetOrgPerson
uid: petra
cn: Petra
sn: Petra

dn: uid=alice,$PEOPLE_DN
objectClass: inetOrgPerson
uid: quentin
cn: Quentin
sn: Quentin
EOF
ctl import ldif "$T/rollback.ldif"
check_eq "an add failure fails the import (exit 1)" "$RC" 1
check_match "names the entry that failed" "$ERR" "adding uid=alice,$PEOPLE_DN failed"
check_match "says it rolled back" "$ERR" 'rolled back: deleted the 2 entries this run had added'
check_eq "otto was deleted again" "$(attr "uid=otto,$PEOPLE_DN" uid)" ""
check_eq "petra was deleted again" "$(attr "uid=petra,$PEOPLE_DN" uid)" ""
check "alice is untouched" bind_ok alice 'Alice-Pass-1'

# A value only the server can judge: its reason is named.
printf 'dn: uid=rita,%s\nobjectClass: inetOrgPerson\nobjectClass: postinoAccount\nuid: rita\ncn: Rita\nsn: Rita\npostinoPasswordChanged: yesterday\n' \
	"$PEOPLE_DN" >"$T/syntax.ldif"
ctl import ldif "$T/syntax.ldif"
check_eq "a value the server refuses: exit 1" "$RC" 1
check_match "... naming the entry and the server's reason" "$ERR" \
	"adding uid=rita,$PEOPLE_DN failed: Invalid syntax"
check_eq "rita was not written" "$(attr "uid=rita,$PEOPLE_DN" uid)" ""

# A server that limits the administrator's reads (slapd's default size
# limit, here 3 entries): the existing-account check asks about each uid.
ldapmodify -Q -Y EXTERNAL -H "$LDAPI_URI" >/dev/null <<EOF
dn: olcDatabase={1}mdb,cn=config
changetype: modify
replace: olcLimits
olcLimits: dn.exact="$ADMIN_DN" size=3
EOF
ctl user list
check_eq "a listing cut by the server's size limit: exit 1" "$RC" 1
check_match "... with a hint on what to change" "$ERR" 'Size limit exceeded .*limits dn.exact'
printf 'uid,name\nsven,Sven\nalice,Alice Again\n' >"$T/limited.csv"
ctl import csv "$T/limited.csv"
check_eq "under a size limit an existing account is still found (exit 1)" "$RC" 1
check_match "... and named" "$ERR" 'line 3: account "alice" exists already'
printf 'uid,name\nsven,Sven\n' >"$T/limited.csv"
ctl import csv "$T/limited.csv"
check_eq "under a size limit a new account is imported" "$RC" 0
check_eq "sven exists" "$(attr "uid=sven,$PEOPLE_DN" uid)" "sven"

t_done cli-import
