# SPDX-License-Identifier: BSD-2-Clause
# scripts/demo.d/20-authd.sh: postino-authd in the demo, the
# saslauthd-compatible daemon, on the demo's slapd (bind mode, cn=authd)
# with its socket at $DEMO_DIR/run/saslauthd/mux and its control socket at
# $DEMO_DIR/run/postino/control (both set in $POSTINO_CONF by 10-slapd.sh). Sourced by
# scripts/demo, which documents the API.

demo_start()
{
	local i
	if [ ! -x "$BUILD/postino-authd" ]; then
		echo "demo: $BUILD/postino-authd is not built" >&2
		return 1
	fi
	# As root, authd drops to the postino user once its sockets are bound,
	# as an installation does (authd_user and authd_control_group keep
	# their defaults): the user comes from the package's own sysusers.d
	# file, and a reload (SIGHUP) reads the files again as postino, so they
	# are root:postino 0640.
	if [ "$(id -u)" = 0 ]; then
		getent passwd postino >/dev/null || systemd-sysusers "$TOP/systemd/postino.sysusers" ||
			return 1
		chgrp postino "$DEMO_DIR/authd.pw" "$POSTINO_CONF" &&
			chmod 640 "$DEMO_DIR/authd.pw" "$POSTINO_CONF" || return 1
		mkdir -p "$DEMO_DIR/run" && chmod 755 "$DEMO_DIR" "$DEMO_DIR/run"
	fi
	demo_conf_set authd_cache yes
	demo_conf_set authd_cache_ttl 60
	# An empty saslauthd.conf, so a machine's /etc/saslauthd.conf stays out.
	: >"$DEMO_DIR/saslauthd.conf"
	setsid "$BUILD/postino-authd" -a ldap -C "$POSTINO_CONF" -O "$DEMO_DIR/saslauthd.conf" -d \
		</dev/null >"$DEMO_DIR/authd.log" 2>&1 &
	demo_record_pid $!
	demo_export AUTHD_SOCK "$DEMO_DIR/run/saslauthd/mux"
	demo_export AUTHD_CONTROL "$DEMO_DIR/run/postino/control"
	for i in $(seq 1 50); do
		if [ -S "$AUTHD_SOCK" ] &&
			testsaslauthd -f "$AUTHD_SOCK" -u alice -p Alice-Pass-1 -s smtp >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
	done
	echo "demo: postino-authd did not start; its log:" >&2
	tail -n 20 "$DEMO_DIR/authd.log" >&2
	return 1
}

demo_hint()
{
	cat <<HINT
postino-authd (saslauthd protocol): socket $AUTHD_SOCK. Try:
  testsaslauthd -f $AUTHD_SOCK -u alice -p Alice-Pass-1 -s smtp   (OK)
  testsaslauthd -f $AUTHD_SOCK -u bob -p Bob-Pass-1 -s smtp       (NO: bob has imap only)
  testsaslauthd -f $AUTHD_SOCK -u dave -p Dave-Pass-1 -s imap     (NO: disabled)
  For libsasl2 (Postfix smtpd.conf, Cyrus imapd.conf):
    pwcheck_method: saslauthd
    saslauthd_path: $AUTHD_SOCK
  Counters and cache control on $AUTHD_CONTROL ("stats", "flush [user]",
  "reload"; postinoctl stats / postinoctl cache flush use it). The reason
  for every answer is in $DEMO_DIR/authd.log.
HINT
}
