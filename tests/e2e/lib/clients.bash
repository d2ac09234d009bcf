# SPDX-License-Identifier: BSD-2-Clause
# tests/e2e/lib/clients.bash: the real mail clients the end-to-end tests
# drive, each wrapped so that a check can compare one short answer.
#
#   smtp_auth PORT USER PASSWORD MECH [SWAKS-ARGS...]
#       STARTTLS, then AUTH MECH (PLAIN or LOGIN) with swaks; prints the
#       reply code to AUTH (235, 535, 454, ...) or "none" when the server
#       closed the connection without one.
#   smtp_send PORT USER PASSWORD FROM TO [SWAKS-ARGS...]
#       STARTTLS, AUTH PLAIN unless USER is "-", then MAIL/RCPT/DATA; prints
#       the first reply code that is not a success, or 250 when the message
#       was accepted.
#   smtp_external PORT CERT KEY [AUTHZID]
#       curl: STARTTLS with a client certificate, AUTH EXTERNAL (initial
#       response "="), one message; prints curl's exit status and the
#       server's reply to AUTH, e.g. "0 235" or "67 535".
#   imap_auth PORT USER PASSWORD MECH
#       imtest (libsasl2's client): STARTTLS, then LOGIN (MECH "login") or
#       AUTHENTICATE MECH, then SELECT INBOX; prints "ok" only if the login
#       succeeded and the INBOX could be selected, else "fail".
#   imap_external PORT CERT KEY
#       imtest with a client certificate and AUTHENTICATE EXTERNAL, then
#       SELECT INBOX; prints "ok" or "fail" (Cyrus's log names the user).
#   smtp_scram PORT USER PASSWORD
#       smtptest (libsasl2's client): STARTTLS, AUTH SCRAM-SHA-256; "ok"/"fail"
#   pwchange_browser USER CURRENT NEW
#       headless Chromium changes the password on postino-pwchange's page
#   pwchange_api USER CURRENT NEW
#       the same through the JSON API with curl; prints the HTTP status
#
# Passwords go to swaks in a config file (--config) and to curl in a body
# file, never on a command line. imtest and smtptest have no such option;
# the passwords they get are the test's fixtures. Every transcript is
# appended to $T/clients.log.

IMTEST=${IMTEST:-/usr/lib/cyrus/bin/imtest}

# clients_swaks_pw PASSWORD - a swaks config file in $T that sets PASSWORD
clients_swaks_pw()
{
	local f
	f=$(mktemp "$T/swaks.XXXXXX") || return 1
	printf 'auth-password %s\n' "$1" >"$f"
	echo "$f"
}

# clients_codes - the 3-digit reply codes in a swaks transcript after the
# line matching $1 (a swaks "->"/"~>" client line), one a line
clients_codes()
{
	awk -v re="$1" '
		$0 ~ re { after = 1; next }
		after && /^<~?\*? +[0-9][0-9][0-9][ -]/ {
			line = $0
			sub(/^<~?\*? +/, "", line)
			print substr(line, 1, 3)
		}'
}

smtp_auth()
{
	local port=$1 user=$2 pass=$3 mech=$4 pw out code
	shift 4
	pw=$(clients_swaks_pw "$pass") || return 1
	out=$(timeout 60 swaks --config "$pw" --server 127.0.0.1 --port "$port" --ehlo client.example.org \
		--tls --tls-verify --tls-ca-path "$TLS_CA" \
		--auth "$mech" --auth-user "$user" \
		--quit-after AUTH --timeout 30 "$@" 2>&1)
	rm -f "$pw"
	printf '%s\n' "$out" >>"$T/clients.log"
	code=$(printf '%s\n' "$out" | clients_codes '^ ~> AUTH' | grep -v '^334$' | head -n 1)
	echo "${code:-none}"
}

smtp_send()
{
	local port=$1 user=$2 pass=$3 from=$4 to=$5 pw="" out code auth=()
	shift 5
	if [ "$user" != - ]; then
		pw=$(clients_swaks_pw "$pass") || return 1
		auth=(--config "$pw" --auth PLAIN --auth-user "$user")
	fi
	out=$(timeout 60 swaks "${auth[@]}" --server 127.0.0.1 --port "$port" --ehlo client.example.org \
		--tls --tls-verify --tls-ca-path "$TLS_CA" \
		--from "$from" --to "$to" --header "Subject: postino e2e" \
		--body "sent by the postino end-to-end test" --timeout 30 "$@" 2>&1)
	[ -n "$pw" ] && rm -f "$pw"
	printf '%s\n' "$out" >>"$T/clients.log"
	# Every reply after the EHLO inside TLS; 334 (AUTH continues), 235
	# (AUTH), 250 and 354 are the successful ones, 221 answers QUIT.
	code=$(printf '%s\n' "$out" | clients_codes '^ ~> EHLO' |
		grep -Ev '^(334|235|250|354|221)$' | head -n 1)
	if [ -z "$code" ]; then
		printf '%s\n' "$out" | grep -Eq '^<~ +250 .*(queued|Message accepted)' && code=250
	fi
	echo "${code:-none}"
}

smtp_external()
{
	local port=$1 cert=$2 key=$3 authzid=${4:-} out rc code msg
	msg="$T/external-msg.txt"
	printf 'From: <postmaster@example.org>\r\nTo: <postmaster@example.org>\r\nSubject: postino e2e EXTERNAL\r\n\r\ncertificate login\r\n' >"$msg"
	out=$(timeout 60 curl -sS -v --max-time 30 --ssl-reqd \
		--cacert "$TLS_CA" --cert "$cert" --key "$key" \
		--url "smtp://$authzid;AUTH=EXTERNAL@127.0.0.1:$port" --sasl-ir \
		--mail-from postmaster@example.org --mail-rcpt postmaster@example.org \
		-T "$msg" 2>&1)
	rc=$?
	printf '%s\n' "$out" >>"$T/clients.log"
	code=$(printf '%s\n' "$out" | awk '/^> AUTH EXTERNAL/ { a = 1; next } a && /^< [0-9][0-9][0-9]/ { print $2; exit }')
	echo "$rc ${code:-none}"
}

imap_auth()
{
	local port=$1 user=$2 pass=$3 mech=$4 out
	out=$(printf 'x01 SELECT INBOX\r\nx02 LOGOUT\r\n' |
		timeout 60 "$IMTEST" -t "" -p "$port" -a "$user" -w "$pass" -m "$mech" 127.0.0.1 2>&1)
	printf '%s\n' "$out" | sed 's/^\(C: .*LOGIN [^ ]* \).*/\1<omitted>/' >>"$T/clients.log"
	if printf '%s\n' "$out" | grep -q '^Authenticated\.' &&
		printf '%s\n' "$out" | grep -q '^x01 OK'; then
		echo ok
	else
		echo fail
	fi
}

imap_external()
{
	local port=$1 cert=$2 key=$3 both out
	both=$(mktemp "$T/certkey.XXXXXX") || return 1
	cat "$cert" "$key" >"$both"
	out=$(printf 'x01 SELECT INBOX\r\nx02 LOGOUT\r\n' |
		timeout 60 "$IMTEST" -t "$both" -p "$port" -m EXTERNAL 127.0.0.1 2>&1)
	rm -f "$both"
	printf '%s\n' "$out" >>"$T/clients.log"
	if printf '%s\n' "$out" | grep -q '^Authenticated\.' &&
		printf '%s\n' "$out" | grep -q '^x01 OK'; then
		echo ok
	else
		echo fail
	fi
}

# pwchange_browser USER CURRENT NEW - change a password the way a person
# does: the pwchange engineer's Chromium driver (tests/browser/pwchange.py,
# Debian's python3-selenium and chromium-driver) fills in the form at
# https://127.0.0.1:$PW_PORT/ and reads the result; screenshots go to
# $E2E_LOGS/browser. True if every step of it passed.
pwchange_browser()
{
	local top=${HARNESS_TOP:-$TOP}
	if ! /usr/bin/python3 -c 'import selenium' 2>/dev/null || [ ! -x /usr/bin/chromedriver ]; then
		echo "# python3-selenium or chromium-driver is missing (scripts/install-deps)"
		return 1
	fi
	PW_URL="https://127.0.0.1:$PW_PORT" OUT_DIR="$E2E_LOGS/browser" \
		PW_USER=$1 PW_CURRENT=$2 PW_NEW=$3 \
		timeout 300 /usr/bin/python3 "$top/tests/browser/pwchange.py" >>"$T/browser.log" 2>&1
}

# pwchange_api USER CURRENT NEW - the JSON API with curl (the body from a
# file, not the command line); prints the HTTP status
pwchange_api()
{
	local body code
	body=$(mktemp "$T/api.XXXXXX") || return 1
	printf '{"user":"%s","current":"%s","new":"%s"}' "$1" "$2" "$3" >"$body"
	code=$(curl -sS --max-time 30 --cacert "$TLS_CA" -o "$T/api-reply.json" -w '%{http_code}' \
		-H 'Content-Type: application/json' --data-binary "@$body" \
		"https://127.0.0.1:$PW_PORT/api/v1/password" 2>>"$T/clients.log")
	rm -f "$body"
	cat "$T/api-reply.json" >>"$T/clients.log" 2>/dev/null
	echo "$code"
}

# smtp_scram PORT USER PASSWORD - STARTTLS, then AUTH SCRAM-SHA-256 with
# Cyrus's smtptest (libsasl2's SCRAM client; swaks has no SCRAM); prints
# "ok" if the server accepted the login, else "fail"
smtp_scram()
{
	local out
	out=$(printf 'QUIT\r\n' |
		timeout 60 /usr/lib/cyrus/bin/smtptest -t "" -p "$1" -a "$2" -w "$3" \
			-m SCRAM-SHA-256 127.0.0.1 2>&1)
	printf '%s\n' "$out" >>"$T/clients.log"
	if printf '%s\n' "$out" | grep -q '^Authenticated\.'; then
		echo ok
	else
		echo fail
	fi
}
