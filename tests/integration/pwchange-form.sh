#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/pwchange-form.sh: the HTML form over real HTTPS with
# curl: the CSRF token bound to the cookie (a missing cookie, a missing
# field, a forged token, an attacker's equal cookie and field, Origin: null
# and a foreign Origin are all 403 and change nothing; a second instance
# with the same pwchange_csrf_key_file accepts the first one's form), a
# mismatched repeat, and a change that works, with the page saying so.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/harness/assert.sh"
. "$TOP/tests/integration/pwchange-common.bash"

harness_init pwchange-form
slapd_start || exit 1
pwchange_start || exit 1
JAR="$T/cookies"

# post BODY [CURL-ARGS...] - POST the form; sets HTTP_CODE and PAGE
post()
{
	local body=$1
	shift
	HTTP_CODE=$(curl_pw -o "$T/page.html" -w '%{http_code}' "$@" \
		--data-raw "$body" "$PW_URL/")
	PAGE=$(cat "$T/page.html")
}

page=$(curl_pw -c "$JAR" "$PW_URL/")
token=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' <<<"$page")
check_match "the form carries a token" "$token" '^[0-9a-f]{64}$'
session=$(awk '$6 == "__Host-postino_csrf" { print $7 }' "$JAR")
check_match "the cookie jar has a session value" "$session" '^[0-9a-f]{64}$'
check_fail "the form's token is not the cookie (it is its MAC)" test "$token" = "$session"
fields="user=bob&current=Bob-Pass-1&new=Cobalt-River-31&repeat=Cobalt-River-31"

post "csrf=$token&$fields"
check_eq "no cookie: 403" "$HTTP_CODE" 403
check_match "no cookie: the page says nothing was changed" "$PAGE" 'nothing was changed'
post "$fields" -b "$JAR"
check_eq "no token field: 403" "$HTTP_CODE" 403
forged=$(printf '%064d' 7)
post "csrf=$forged&$fields" -b "$JAR"
check_eq "forged token: 403" "$HTTP_CODE" 403
post "csrf=$forged&$fields" -b "__Host-postino_csrf=$forged"
check_eq "double submit of attacker-chosen equal values: 403" "$HTTP_CODE" 403
post "csrf=$session&$fields" -b "$JAR"
check_eq "the cookie's value in the field: 403" "$HTTP_CODE" 403
post "csrf=$token&$fields" -b "$JAR" -H 'Origin: https://evil.example.net'
check_eq "cross-site Origin: 403" "$HTTP_CODE" 403
post "csrf=$token&$fields" -b "$JAR" -H 'Origin: null'
check_eq "Origin: null: 403" "$HTTP_CODE" 403
post "csrf=$token&$fields" -b "$JAR" -H 'Sec-Fetch-Site: cross-site'
check_eq "Sec-Fetch-Site cross-site: 403" "$HTTP_CODE" 403
check "after all of that, bob's password is unchanged" bind_ok bob Bob-Pass-1

post "csrf=$token&user=bob&current=Bob-Pass-1&new=Cobalt-River-31&repeat=Cobalt-River-32" -b "$JAR"
check_eq "repeat differs: 422" "$HTTP_CODE" 422
check_match "repeat differs: the page says so" "$PAGE" 'two new passwords differ'
check_match "the user name is kept" "$PAGE" 'value="bob"'
check_fail "no password is echoed back" grep -q 'Cobalt-River' "$T/page.html"

code=$(curl_pw -o /dev/null -w '%{http_code}' -b "$JAR" -H 'Content-Type: text/plain' \
	--data-raw "csrf=$token&$fields" "$PW_URL/")
check_eq "wrong content type on the form: 415" "$code" 415

post "csrf=$token&$fields" -b "$JAR" -H "Origin: $PW_URL" -H 'Sec-Fetch-Site: same-origin'
check_eq "the real thing, as a browser sends it: 200" "$HTTP_CODE" 200
check_match "the page says it is done" "$PAGE" 'Your password has been changed'
check "bob binds with the new password" bind_ok bob Cobalt-River-31
check_fail "... and not with the old one" bind_ok bob Bob-Pass-1

pwchange_stop

# ---- two instances with one key file accept each other's forms
head -c 48 /dev/urandom | base64 -w0 >"$T/csrf.key"
printf '\n' >>"$T/csrf.key"
pwchange_start "pwchange_csrf_key_file=$T/csrf.key" || exit 1
rm -f "$JAR"
page=$(curl_pw -c "$JAR" "$PW_URL/")
token=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' <<<"$page")
pwchange_stop
pwchange_start "pwchange_csrf_key_file=$T/csrf.key" || exit 1
post "csrf=$token&user=bob&current=Cobalt-River-31&new=Cobalt-River-32&repeat=Cobalt-River-32" -b "$JAR"
check_eq "same key file: the next instance accepts the form (200)" "$HTTP_CODE" 200
pwchange_stop
pwchange_start || exit 1
post "csrf=$token&user=bob&current=Cobalt-River-32&new=Cobalt-River-33&repeat=Cobalt-River-33" -b "$JAR"
check_eq "a random key: the earlier form is refused (403)" "$HTTP_CODE" 403
check_match "... with a fresh form to retry" "$PAGE" 'name="csrf" value="[0-9a-f]{64}"'
check "bob has the password of the accepted change" bind_ok bob Cobalt-River-32
pwchange_stop
printf 'short\n' >"$T/short.key"
printf 'pwchange_csrf_key_file: %s\n' "$T/short.key" >>"$T/pwchange.conf"
check_fail "a key file shorter than 32 bytes stops the start" \
	timeout 20 "$PWCHANGE_BIN" -c "$T/pwchange.conf"
check_match "... and says why" "$CHECK_OUT" 'at least 32 bytes'
t_done pwchange-form
