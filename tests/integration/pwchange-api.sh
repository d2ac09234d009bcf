#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/pwchange-api.sh: postino-pwchange's JSON API with curl
# against a real slapd: a change that works (and what it stored), wrong
# and unknown users answered alike, every policy rule, ppolicy history,
# expired and locked accounts, malformed, oversized and mistyped requests,
# the rate limit, HTTPS only, the security headers and the audit log.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/harness/assert.sh"
. "$TOP/tests/integration/pwchange-common.bash"

harness_init pwchange-api
slapd_start || exit 1
pwchange_start pwchange_conn_timeout=3 || exit 1

# ---- HTTPS only, and the headers every answer carries
check_fail "plain HTTP to the port is refused" \
	curl -s --max-time 10 -o /dev/null "http://127.0.0.1:$PW_PORT/healthz"
out=$(curl -s --max-time 10 "http://127.0.0.1:$PW_PORT/" 2>&1)
check_eq "plain HTTP gets no page" "$(printf '%s' "$out" | grep -c '<form')" 0
check "HTTPS health check" curl_pw -f "$PW_URL/healthz"
hdrs=$(curl_pw -D - -o /dev/null "$PW_URL/")
check_match "HSTS" "$hdrs" '^Strict-Transport-Security: max-age=[1-9]'
check_match "CSP without inline script" "$hdrs" \
	"^Content-Security-Policy: default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
check_match "no-store" "$hdrs" '^Cache-Control: no-store'
check_match "X-Frame-Options" "$hdrs" '^X-Frame-Options: DENY'
check_match "nosniff" "$hdrs" '^X-Content-Type-Options: nosniff'
check_match "Referrer-Policy" "$hdrs" '^Referrer-Policy: same-origin'
check_match "CSRF cookie attributes" "$hdrs" \
	'^Set-Cookie: __Host-postino_csrf=[0-9a-f]{64}; Path=/; Secure; HttpOnly; SameSite=Strict'
api '{"user":"alice","current":"x","new":"Sh0rt-1"}'
check_match "API answers carry the headers too" "$HEADERS" "^Content-Security-Policy: default-src 'none'"

# ---- the language: Accept-Language (q-values), ?lang=, a stable code
code=$(curl_pw -o "$T/it.json" -D "$T/it.headers" -w '%{http_code}' -H 'Content-Type: application/json' \
	-H 'Accept-Language: en;q=0.4, it-IT;q=0.9' --data-binary '{"user":"alice","current":"x","new":"Sh0rt-1"}' \
	"$PW_URL/api/v1/password")
check_eq "Italian API refusal: 422" "$code" 422
check_match "the message is Italian, with the stable codes" "$(cat "$T/it.json")" \
	'"error":"too_short","code":"too_short","message":"La nuova password è troppo corta: usa almeno 10 caratteri.","lang":"it"'
check_match "Content-Language: it" "$(cat "$T/it.headers")" '^Content-Language: it'
api '{"user":"alice","current":"x","new":"Sh0rt-1"}'
check_match "no Accept-Language: English" "$BODY" '"code":"too_short","message":"The new password is too short'
page=$(curl_pw -D "$T/lang.headers" -H 'Accept-Language: it' "$PW_URL/?lang=en")
check_match "?lang=en beats Accept-Language" "$page" '<html lang="en">'
check_match "... and is kept in a cookie" "$(cat "$T/lang.headers")" \
	'^Set-Cookie: __Host-postino_lang=en; Path=/; Max-Age=31536000; Secure; HttpOnly; SameSite=Lax'
check_match "an Italian page from Accept-Language" "$(curl_pw -H 'Accept-Language: it' "$PW_URL/")" \
	'<label for="user">Nome utente</label>'

# ---- an idle connection (slowloris) is closed by the server, not held open
exec 3<>"/dev/tcp/127.0.0.1/$PW_PORT"
timeout 20 cat <&3 >/dev/null
check_eq "an idle connection is closed by the server (pwchange_conn_timeout)" "$?" 0
exec 3<&-

# ---- the request itself
api '{"user":"alice","current":'
check_eq "malformed JSON: 400" "$HTTP_CODE" 400
check_match "malformed JSON: error code" "$BODY" '"error":"bad_request"'
api '{"user":"alice","current":"Alice-Pass-1","new":7}'
check_eq "non-string value: 400" "$HTTP_CODE" 400
api '{"user":"alice","current":"Alice-Pass-1"}'
check_eq "missing member: 400" "$HTTP_CODE" 400
printf '{"user":"alice","current":"Alice-Pass-1","new":"Tr0mbone-Sky-1"}' >"$T/ok.json"
api_raw text/plain "$T/ok.json"
check_eq "wrong content type: 415" "$HTTP_CODE" 415
api_raw application/x-www-form-urlencoded "$T/ok.json"
check_eq "form content type on the API: 415" "$HTTP_CODE" 415
head -c 1048576 /dev/zero | tr '\0' 'a' >"$T/big.json"
api_raw application/json "$T/big.json"
check_eq "1 MiB body: 413" "$HTTP_CODE" 413
check_match "the server is still up after the big body" "$(curl_pw "$PW_URL/healthz")" '^ok'
code=$(curl_pw -o /dev/null -w '%{http_code}' -X GET "$PW_URL/api/v1/password")
check_eq "GET on the API: 405" "$code" 405
code=$(curl_pw -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
	-H 'Origin: https://evil.example.net' --data-binary "@$T/ok.json" "$PW_URL/api/v1/password")
check_eq "cross-site Origin on the API: 403" "$code" 403
code=$(curl_pw -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
	-H 'Origin: null' --data-binary "@$T/ok.json" "$PW_URL/api/v1/password")
check_eq "Origin: null on the API: 403" "$code" 403

# ---- wrong password and unknown user look the same
api '{"user":"alice","current":"Not-Her-Pass-1","new":"Tr0mbone-Sky-1"}'
check_eq "wrong current password: 401" "$HTTP_CODE" 401
wrong_body=$BODY
api '{"user":"nobody-such","current":"Not-Her-Pass-1","new":"Tr0mbone-Sky-1"}'
check_eq "unknown user: 401" "$HTTP_CODE" 401
check_eq "unknown user: same answer as a wrong password" "$BODY" "$wrong_body"
check_match "the answer names neither case" "$BODY" 'user name or the current password is wrong'
check "alice's password is unchanged" bind_ok alice Alice-Pass-1

# ---- local policy, each rule with its message
policy()
{
	api "{\"user\":\"alice\",\"current\":\"Alice-Pass-1\",\"new\":\"$2\"}"
	check_eq "policy $1: 422" "$HTTP_CODE" 422
	check_match "policy $1: error code" "$BODY" "\"error\":\"$1\""
	check_match "policy $1: message" "$BODY" "$3"
}
policy too_short "Ab-1" 'at least 10 characters'
policy too_few_classes "onlylowercaseletters" 'at least 3 kinds'
policy contains_user_name "Hello-Alice-2024" 'user name'
policy same_as_current "Alice-Pass-1" 'differ from the current'
policy too_common "password-123" 'too common'
check "no policy refusal touched the directory" bind_ok alice Alice-Pass-1

# ---- the change
api '{"user":"alice","current":"Alice-Pass-1","new":"Tr0mbone-Sky-1"}'
check_eq "right change: 200" "$HTTP_CODE" 200
check_match "right change: ok" "$BODY" '^\{"ok":true'
check_match "authd unreachable: a warning, the change stands" "$BODY" '"warning":'
check "ldapwhoami with the new password" bind_ok alice Tr0mbone-Sky-1
check_fail "ldapwhoami with the old password fails" bind_ok alice Alice-Pass-1
entry=$(ldapsearch -x -LLL -o ldif-wrap=no -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" \
	-b "uid=alice,$PEOPLE_DN" -s base userPassword authPassword postinoPasswordChanged)
check_match "userPassword is a {CRYPT} hash" "$(grep '^userPassword' <<<"$entry" |
	sed 's/^userPassword:: //' | base64 -d 2>/dev/null)" '^\{CRYPT\}\$'
check_eq "two authPassword values" "$(grep -c '^authPassword' <<<"$entry")" 2
check_match "a SCRAM-SHA-256 secret" "$entry" '^authPassword: SCRAM-SHA-256\$'
check_match "a SCRAM-SHA-1 secret" "$entry" '^authPassword: SCRAM-SHA-1\$'
check_match "postinoPasswordChanged set" "$entry" '^postinoPasswordChanged: [0-9]{14}Z'
check_fail "no cleartext stored" grep -q 'Tr0mbone' <<<"$entry"

# ---- ppolicy history (pwdInHistory 3): the old password cannot come back
api '{"user":"alice","current":"Tr0mbone-Sky-1","new":"Copper-Kettle-42"}'
check_eq "a second change: 200" "$HTTP_CODE" 200
api '{"user":"alice","current":"Copper-Kettle-42","new":"Tr0mbone-Sky-1"}'
check_eq "previous password: 422" "$HTTP_CODE" 422
check_match "previous password: in_history" "$BODY" '"error":"in_history"'
check_match "previous password: message" "$BODY" 'used the new password before'
check "still the latest password" bind_ok alice Copper-Kettle-42

# ---- an entry without postinoAccount keeps working (userPassword only)
api '{"user":"erin","current":"Erin-Pass-1","new":"Violet-Dawn-77"}'
check_eq "erin (plain inetOrgPerson): 200" "$HTTP_CODE" 200
check "erin binds with the new password" bind_ok erin Violet-Dawn-77

# ---- ppolicy: expired and locked accounts
check_fail "gina's password has expired" bind_ok gina Gina-Pass-1
api '{"user":"gina","current":"Gina-Pass-1","new":"Harbor-Lights-5"}'
check_eq "gina may change her expired password: 200" "$HTTP_CODE" 200
check_match "gina is told it had expired" "$BODY" 'had expired'
check_match "the API says so too" "$BODY" '"expired":true'
check "gina binds with the new password" bind_ok gina Harbor-Lights-5
api '{"user":"gina","current":"Wrong-Gina-Pw-1","new":"Harbor-Other-6"}'
check_eq "a wrong password stays wrong after expiry handling" "$HTTP_CODE" 401
api '{"user":"frank","current":"Frank-Pass-1","new":"Quiet-Meadow-5"}'
check_eq "frank (locked): 401, never success" "$HTTP_CODE" 401
check_eq "frank: the generic answer" "$BODY" "$wrong_body"

# ---- rate limit per account (20 a window): the 21st attempt is refused
for i in $(seq 1 20); do
	api '{"user":"ratelimited","current":"x","new":"short"}'
done
check_eq "20th attempt still answered" "$HTTP_CODE" 422
api '{"user":"ratelimited","current":"x","new":"short"}'
check_eq "21st attempt: 429" "$HTTP_CODE" 429
check_match "429 carries Retry-After" "$HEADERS" '^Retry-After: [1-9]'
check_match "429: error code" "$BODY" '"error":"rate_limited"'
api '{"user":"RateLimited","current":"x","new":"short"}'
check_eq "the account limit ignores case" "$HTTP_CODE" 429

# ---- audit trail, and no password anywhere in it or the log
audit=$(cat "$T/audit.log")
check_match "audit line for alice's change" "$audit" 'user="alice" ip=127\.0\.0\.1 result=ok reason="changed"'
check_match "audit line for a wrong password" "$audit" 'user="alice" ip=127\.0\.0\.1 result=refused reason="wrong current password"'
check_match "audit line for gina" "$audit" 'user="gina" .*result=ok reason="changed \(old password had expired\)"'
check_match "audit line for frank says locked" "$audit" 'user="frank" .*reason="account locked"'
for pw in Alice-Pass-1 Tr0mbone-Sky-1 Copper-Kettle-42 Gina-Pass-1 Harbor-Lights-5 Not-Her-Pass-1 Violet-Dawn-77; do
	check_fail "no $pw in the audit file" grep -qF "$pw" "$T/audit.log"
	check_fail "no $pw in the log" grep -qF "$pw" "$PW_LOG"
done
check_match "the server dropped root" "$(ps -o user= -p "$PW_PID")" '^nobody'

pwchange_stop
t_done pwchange-api
