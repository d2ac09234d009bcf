#!/bin/bash
# tests/integration/pwchange-form.sh: the HTML form over real HTTPS with
# curl: the CSRF double submit (a missing cookie, a missing field and a
# forged token are all 403 and change nothing), a mismatched repeat, and a
# change that works, with the page saying so.
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
check_match "the cookie jar has the same token" "$(cat "$JAR")" "__Host-postino_csrf	$token"
fields="user=bob&current=Bob-Pass-1&new=Cobalt-River-31&repeat=Cobalt-River-31"

post "csrf=$token&$fields"
check_eq "no cookie: 403" "$HTTP_CODE" 403
check_match "no cookie: the page says nothing was changed" "$PAGE" 'nothing was changed'
post "$fields" -b "$JAR"
check_eq "no token field: 403" "$HTTP_CODE" 403
forged=$(printf '%064d' 7)
post "csrf=$forged&$fields" -b "$JAR"
check_eq "forged token: 403" "$HTTP_CODE" 403
post "csrf=$token&$fields" -b "$JAR" -H 'Origin: https://evil.example.net'
check_eq "cross-site Origin: 403" "$HTTP_CODE" 403
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

post "csrf=$token&$fields" -b "$JAR"
check_eq "the real thing: 200" "$HTTP_CODE" 200
check_match "the page says it is done" "$PAGE" 'Your password has been changed'
check "bob binds with the new password" bind_ok bob Cobalt-River-31
check_fail "... and not with the old one" bind_ok bob Bob-Pass-1

pwchange_stop
t_done pwchange-form
