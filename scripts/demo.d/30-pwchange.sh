# SPDX-License-Identifier: BSD-2-Clause
# scripts/demo.d/30-pwchange.sh: postino-pwchange in the demo, the HTTPS
# password-change page and JSON API, on a free port of 127.0.0.1 with the
# demo's throwaway certificate (issued by the demo CA in $TLS_CA for
# localhost and 127.0.0.1). Sourced by scripts/demo, which documents the API.

demo_start()
{
	local port i
	if [ ! -x "$BUILD/postino-pwchange" ]; then
		echo "demo: $BUILD/postino-pwchange is not built" >&2
		return 1
	fi
	port=$(harness_free_ports 1) || return 1
	# An account whose password expired with no grace logins left cannot
	# bind to change it; the demo lets the admin account store it then.
	(umask 077 && printf '%s\n' "$ADMIN_PW" >"$DEMO_DIR/pwchange-expired.pw")
	cat >"$DEMO_DIR/pwchange-deny.txt" <<'DENY'
# A few passwords the demo refuses; a real site lists thousands.
Password-123
Welcome-2024!
Qwerty-123456
DENY
	demo_conf_set pwchange_listen 127.0.0.1
	demo_conf_set pwchange_port "$port"
	demo_conf_set pwchange_cert "$TLS_SERVER_CERT"
	demo_conf_set pwchange_key "$TLS_SERVER_KEY"
	demo_conf_set pwchange_denylist "$DEMO_DIR/pwchange-deny.txt"
	demo_conf_set pwchange_audit_file "$DEMO_DIR/pwchange-audit.log"
	demo_conf_set pwchange_expired_dn "$ADMIN_DN"
	demo_conf_set pwchange_expired_password_file "$DEMO_DIR/pwchange-expired.pw"
	setsid "$BUILD/postino-pwchange" -d -c "$POSTINO_CONF" </dev/null \
		>"$DEMO_DIR/pwchange.log" 2>&1 &
	demo_record_pid $!
	demo_export PWCHANGE_URL "https://127.0.0.1:$port/"
	for i in $(seq 1 50); do
		if curl -sf --max-time 2 --cacert "$TLS_CA" -o /dev/null "${PWCHANGE_URL}healthz"; then
			demo_check_change
			return
		fi
		sleep 0.1
	done
	echo "demo: postino-pwchange did not start; its log:" >&2
	tail -n 20 "$DEMO_DIR/pwchange.log" >&2
	return 1
}

# demo_check_change - the promise of the demo, checked at start: a password
# changed through pwchange stops working at once, although authd has it
# cached (pwchange reaches authd's control socket as group postino).
demo_check_change()
{
	local u=u00100 old=pw-u00100 new answer
	[ "${DEMO_USERS:-100}" -ge 100 ] || return 0
	new="Demo-Check-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
	if [ "$(demo_tsa "$u" "$old")" != OK ]; then
		echo "demo: start-up check: $u does not log in with its first password" >&2
		return 1
	fi
	answer=$(curl -s --max-time 10 --cacert "$TLS_CA" -H 'Content-Type: application/json' \
		-w ' %{http_code}' -d "{\"user\":\"$u\",\"current\":\"$old\",\"new\":\"$new\"}" \
		"${PWCHANGE_URL}api/v1/password")
	case $answer in
	*warning*)
		echo "demo: start-up check: the change did not reach postino-authd: $answer" >&2
		tail -n 5 "$DEMO_DIR/pwchange.log" >&2
		return 1
		;;
	*' 200') ;;
	*)
		echo "demo: start-up check: pwchange refused the change: $answer" >&2
		return 1
		;;
	esac
	if [ "$(demo_tsa "$u" "$old")" != NO ] || [ "$(demo_tsa "$u" "$new")" != OK ]; then
		echo "demo: start-up check: authd still accepts $u's old password after a change" >&2
		return 1
	fi
	echo "demo: start-up check passed: a change through pwchange is honoured by authd at once"
}

demo_tsa()
{
	case $(testsaslauthd -f "$AUTHD_SOCK" -u "$1" -p "$2" -s smtp 2>&1) in
	*'OK "Success."'*) echo OK ;;
	*) echo NO ;;
	esac
}

demo_hint()
{
	cat <<HINT
Password change: $PWCHANGE_URL
  Open it in a browser (the certificate is the demo's own: accept the
  warning, or trust $TLS_CA). Try user alice, current password
  Alice-Pass-1, and a new one such as Tr0mbone-Sky-1; gina (Gina-Pass-1)
  has an expired password and may change it too; frank is locked.
  The JSON API, for scripts:
  curl --cacert $TLS_CA -H 'Content-Type: application/json' \\
    -d '{"user":"bob","current":"Bob-Pass-1","new":"Cobalt-River-31"}' \\
    ${PWCHANGE_URL}api/v1/password
  Log: $DEMO_DIR/pwchange.log, audit trail: $DEMO_DIR/pwchange-audit.log
HINT
}
