# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/pwchange-common.bash: starting postino-pwchange against
# the harness slapd, and small curl helpers. Sourced by pwchange-*.sh after
# slapd_start; not a test itself.
#
#   pwchange_start [KEY=VALUE...]   write $T/pwchange.conf (extra settings
#                                   appended) and start the server; sets
#                                   PW_PORT, PW_URL, PW_PID, PW_LOG
#   api JSON                        POST JSON to the API; sets HTTP_CODE,
#                                   BODY and HEADERS
#   api_raw CTYPE FILE              the same with any content type and a body file

PWCHANGE_BIN=${PWCHANGE_BIN:-$BUILD/postino-pwchange}

pwchange_start()
{
	local kv
	PW_PORT=$(harness_free_ports 1)
	PW_URL="${PW_SCHEME:-https}://127.0.0.1:$PW_PORT"
	PW_LOG="$T/pwchange.log"
	printf '%s\n' "$ADMIN_PW" >"$T/expired-dn.pw"
	cat >"$T/deny.txt" <<'DENY'
# a small deny list for the tests
Password-123
Summer-2024!
DENY
	cat >"$T/pwchange.conf" <<CONF
ldap_servers: $LDAP_URI
ldap_bind_dn: $AUTHD_DN
ldap_password: $AUTHD_PW
ldap_search_base: $PEOPLE_DN
ldap_filter: (uid=%u)
ldap_timeout: 5
log_stderr: yes
log_level: debug
control_socket: ${PW_CONTROL_SOCKET:-$T/no-authd-here}
pwchange_listen: 127.0.0.1
pwchange_port: $PW_PORT
pwchange_cert: $TLS_SERVER_CERT
pwchange_key: $TLS_SERVER_KEY
pwchange_user: nobody
pwchange_denylist: $T/deny.txt
pwchange_audit_file: $T/audit.log
pwchange_rate_ip_max: 500
pwchange_rate_user_max: ${PW_RATE_USER_MAX:-20}
pwchange_expired_dn: $ADMIN_DN
pwchange_expired_password_file: $T/expired-dn.pw
CONF
	for kv in "$@"; do
		printf '%s: %s\n' "${kv%%=*}" "${kv#*=}" >>"$T/pwchange.conf"
	done
	"$PWCHANGE_BIN" -c "$T/pwchange.conf" >"$PW_LOG" 2>&1 &
	PW_PID=$!
	harness_track_pid "$PW_PID"
	for _ in $(seq 1 50); do
		if curl -sf --cacert "$TLS_CA" -o /dev/null "$PW_URL/healthz"; then
			return 0
		fi
		kill -0 "$PW_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "postino-pwchange did not start:" >&2
	tail -n 20 "$PW_LOG" >&2
	return 1
}

# curl_pw ARGS... - curl against the server, trusting the test CA, bounded in time
curl_pw()
{
	curl -s --max-time 20 --cacert "$TLS_CA" "$@"
}

api()
{
	printf '%s' "$1" >"$T/req.json"
	api_raw application/json "$T/req.json"
}

api_raw()
{
	HTTP_CODE=$(curl_pw -o "$T/resp.body" -D "$T/resp.headers" -w '%{http_code}' \
		-H "Content-Type: $1" --data-binary "@$2" "$PW_URL/api/v1/password")
	BODY=$(cat "$T/resp.body" 2>/dev/null)
	HEADERS=$(cat "$T/resp.headers" 2>/dev/null)
}

# bind_ok USER PASSWORD - a simple bind as the user succeeds
bind_ok()
{
	ldapwhoami -x -H "$LDAP_URI" -D "uid=$1,$PEOPLE_DN" -w "$2"
}

# pwchange_stop - SIGTERM the server and wait for it; a clean exit and a log
# free of sanitizer reports are checked (under SANITIZE=1 they matter)
pwchange_stop()
{
	local rc
	kill -TERM "$PW_PID" 2>/dev/null
	wait "$PW_PID" 2>/dev/null
	rc=$?
	check_eq "postino-pwchange exits cleanly on SIGTERM" "$rc" 0
	check_fail "no sanitizer report in its log" \
		grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error' "$PW_LOG"
}
