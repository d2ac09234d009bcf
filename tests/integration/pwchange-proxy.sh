#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/pwchange-proxy.sh: postino-pwchange behind a reverse
# proxy. Plain HTTP is served only on loopback or a UNIX socket;
# X-Forwarded-For is believed from the trusted proxies and from nobody else
# (both sides of the list, seen in the per-address rate limit and the
# audit); and Debian's nginx, run as a throwaway on 127.0.0.1, terminates
# TLS in front of pwchange's UNIX socket while a password change goes
# through it.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/harness/assert.sh"
. "$TOP/tests/integration/pwchange-common.bash"
NGINX_BIN=${NGINX_BIN:-/usr/sbin/nginx}

harness_init pwchange-proxy
slapd_start || exit 1

# papi XFF JSON - POST JSON over plain HTTP with an X-Forwarded-For header
papi()
{
	printf '%s' "$2" >"$T/req.json"
	HTTP_CODE=$(curl -s --max-time 20 -o "$T/resp.body" -w '%{http_code}' \
		-H "X-Forwarded-For: $1" -H 'Content-Type: application/json' \
		--data-binary "@$T/req.json" "http://127.0.0.1:$PW_PORT/api/v1/password")
	BODY=$(cat "$T/resp.body" 2>/dev/null)
}
BAD='{"user":"bob","current":"wrong-password","new":"Tr0mbone-Sky-1"}'

# ---- plain HTTP is refused on a non-loopback address
PW_SCHEME=http
printf 'log_stderr: yes\npwchange_listen: 0.0.0.0\npwchange_tls: no\npwchange_port: %s\n' \
	"$(harness_free_ports 1)" >"$T/open.conf"
out=$("$PWCHANGE_BIN" -c "$T/open.conf" 2>&1)
check_eq "plain HTTP on 0.0.0.0 refused at start-up" "$?" 1
check_match "... saying why" "$out" 'loopback address or unix:'

# ---- trusted side: the forwarded client is what the limit counts
pwchange_start pwchange_tls=no pwchange_trusted_proxies=127.0.0.1 pwchange_rate_ip_max=3 \
	pwchange_rate_user_max=100 || exit 1
PW_URL="http://127.0.0.1:$PW_PORT"
check "plain HTTP health check" curl -sf --max-time 10 "$PW_URL/healthz"
for i in 1 2 3; do papi 203.0.113.1 "$BAD"; done
check_eq "trusted: three wrong passwords from 203.0.113.1: 401" "$HTTP_CODE" 401
papi 203.0.113.1 "$BAD"
check_eq "trusted: the fourth from 203.0.113.1 is rate-limited" "$HTTP_CODE" 429
papi 203.0.113.2 "$BAD"
check_eq "trusted: 203.0.113.2 has a counter of its own" "$HTTP_CODE" 401
check_match "trusted: the audit names the forwarded client" "$(tail -n 1 "$T/audit.log")" \
	'ip=203.0.113.2 '
papi '198.51.100.9, 127.0.0.1' "$BAD"
check_match "trusted: a chain is read from the right, skipping trusted proxies" \
	"$(tail -n 1 "$T/audit.log")" 'ip=198.51.100.9 '
papi 'not-an-address' "$BAD"
check_match "trusted: a malformed header is ignored" "$(tail -n 1 "$T/audit.log")" \
	'ip=127.0.0.1 '
pwchange_stop

# ---- untrusted side: the header is ignored, so it cannot dodge the limit
pwchange_start pwchange_tls=no pwchange_trusted_proxies=10.9.9.9 pwchange_rate_ip_max=3 \
	pwchange_rate_user_max=100 || exit 1
for i in 1 2 3; do papi "203.0.113.1$i" "$BAD"; done
check_eq "untrusted: three wrong passwords: 401" "$HTTP_CODE" 401
check_match "untrusted: the audit names the real peer" "$(tail -n 1 "$T/audit.log")" \
	'ip=127.0.0.1 '
papi 203.0.113.99 "$BAD"
check_eq "untrusted: a new forwarded address does not escape the limit" "$HTTP_CODE" 429
pwchange_stop

# ---- Debian's nginx in front of the UNIX socket
# The socket's directory belongs to the service user, as /run/postino would.
mkdir -p "$T/run" && chown nobody "$T/run"
SOCK="$T/run/pwchange.sock"
NG_PORT=$(harness_free_ports 1)
PW_PORT=0
cat >"$T/pwchange-unix.conf" <<CONF
pwchange_listen: unix:$SOCK
pwchange_tls: no
pwchange_socket_mode: 0666
pwchange_trusted_proxies: unix
CONF
mkdir -p "$T/nginx/logs" "$T/nginx/tmp"
cat >"$T/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $T/nginx/nginx.pid;
error_log $T/nginx/logs/error.log;
events { worker_connections 64; }
http {
	access_log $T/nginx/logs/access.log;
	client_body_temp_path $T/nginx/tmp/body;
	proxy_temp_path $T/nginx/tmp/proxy;
	fastcgi_temp_path $T/nginx/tmp/fastcgi;
	uwsgi_temp_path $T/nginx/tmp/uwsgi;
	scgi_temp_path $T/nginx/tmp/scgi;
$(sed -n '/^# BEGIN server/,/^# END server/p' "$TOP/doc/pwchange-deploy.md" | sed '1d;$d' |
	sed -e "s|443|$NG_PORT|; s|/etc/ssl/certs/pwchange.pem|$TLS_SERVER_CERT|" \
		-e "s|/etc/ssl/private/pwchange.key|$TLS_SERVER_KEY|" \
		-e "s|/run/postino/pwchange.sock|$SOCK|; s|listen \[::\]:.*||" \
		-e "s|server_name .*|server_name localhost;|")
}
CONF
# pwchange_start writes its own configuration; the socket settings come last and win.
pwchange_start_unix()
{
	PW_LOG="$T/pwchange.log"
	cat "$T/pwchange.conf" "$T/pwchange-unix.conf" >"$T/pwchange-u.conf"
	"$PWCHANGE_BIN" -c "$T/pwchange-u.conf" >"$PW_LOG" 2>&1 &
	PW_PID=$!
	harness_track_pid "$PW_PID"
	for _ in $(seq 1 50); do
		[ -S "$SOCK" ] && curl -sf --max-time 5 --unix-socket "$SOCK" -o /dev/null \
			http://localhost/healthz && return 0
		kill -0 "$PW_PID" 2>/dev/null || break
		sleep 0.1
	done
	tail -n 20 "$PW_LOG" >&2
	return 1
}
pwchange_start_unix
check_eq "pwchange on a UNIX socket" "$?" 0
"$NGINX_BIN" -p "$T/nginx" -c "$T/nginx/nginx.conf" -g 'daemon off;' \
	>"$T/nginx/logs/stdout" 2>&1 &
NG_PID=$!
harness_track_pid "$NG_PID"
for _ in $(seq 1 50); do
	curl -sf --max-time 5 --cacert "$TLS_CA" -o /dev/null "https://127.0.0.1:$NG_PORT/healthz" && break
	kill -0 "$NG_PID" 2>/dev/null || break
	sleep 0.1
done
check "nginx answers in front of pwchange" \
	curl -sf --max-time 10 --cacert "$TLS_CA" -o /dev/null "https://127.0.0.1:$NG_PORT/healthz"
PW_URL="https://127.0.0.1:$NG_PORT"
# The client writes an X-Forwarded-For of its own: nginx appends the real
# peer, and pwchange believes nginx (unix) but not what the client wrote.
printf '{"user":"alice","current":"Alice-Pass-1","new":"Tr0mbone-Sky-1"}' >"$T/ok.json"
HTTP_CODE=$(curl_pw -o "$T/resp.body" -D "$T/resp.headers" -w '%{http_code}' \
	-H 'X-Forwarded-For: 198.51.100.66' -H 'Content-Type: application/json' \
	--data-binary "@$T/ok.json" "$PW_URL/api/v1/password")
check_eq "a change through nginx: 200" "$HTTP_CODE" 200
check "... alice binds with the new password" bind_ok alice 'Tr0mbone-Sky-1'
check_match "... the security headers pass through" "$(cat "$T/resp.headers")" \
	'^Content-Security-Policy: default-src'
check_match "... the audit names nginx's peer, not the client-written address" \
	"$(tail -n 1 "$T/audit.log")" 'user="alice" ip=127.0.0.1 result=ok'
page=$(curl_pw "$PW_URL/")
check_match "the page through nginx" "$page" '<form'
kill -TERM "$NG_PID" 2>/dev/null
harness_wait_gone "$NG_PID" 100
check_eq "nginx stopped by PID" "$?" 0
pwchange_stop
check_fail "the socket is removed at exit" test -e "$SOCK"
t_done pwchange-proxy
