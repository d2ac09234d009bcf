# SPDX-License-Identifier: BSD-2-Clause
# tests/e2e/lib/servers.bash: start postino's daemons and the real mail
# servers for the end-to-end tests, each from files in $T, each tracked by
# PID (harness_track_pid) so that the harness stops it at exit.
#
#   servers_setup              ports, config files and certificates in $T
#   syslog_start               the syslog sink ($T/syslog) the servers log to
#   authd_start                postino-authd on $T/run/mux, $T/ctl/control
#   pwchange_start             postino-pwchange on 127.0.0.1:$PW_PORT
#   sendmail_start             sendmail: MTA on $SMTP_PORT, MSA on $SUBMISSION_PORT
#                              (SENDMAIL_MC_EXTRA: more conf/*.mc.in templates,
#                              rendered after the sandbox part)
#   cyrus_start                Cyrus master with imapd on $IMAP_PORT
#   servers_stop               stop sendmail and Cyrus and every process
#                              they started (registered with harness_at_exit)
#
# sendmail and Cyrus run as root in a private mount namespace (see nsrun):
# sendmail needs root for its queue and ports, Cyrus's master drops to the
# "cyrus" user itself. postino-authd and postino-pwchange start as root, bind
# their sockets and drop to "nobody".
#
# The configuration comes from the templates in tests/e2e/conf, rendered
# with this run's paths and ports; doc/deployment.md shows the same templates
# rendered with a deployment's (see readme-snippets).

SENDMAIL_PID=""
CYRUS_PID=""
SENDMAIL_BIN=${SENDMAIL_BIN:-/usr/sbin/sendmail-mta}
CYRUS_MASTER=${CYRUS_MASTER:-/usr/lib/cyrus/bin/master}

# With SANITIZE=1, libpostino.so is an ASan+UBSan build; sendmail and
# Cyrus (not instrumented) load it only with the ASan runtime preloaded.
# Their sanitizer reports go to files in $T/san, which the test checks;
# leaks of sendmail and Cyrus themselves are not ours to report.
servers_sanitizer()
{
	local asan
	NSRUN_ENV=""
	[ "${SANITIZE:-0}" = 1 ] || return 0
	mkdir -p "$T/san" && chmod 1777 "$T/san"
	asan=$(readlink -f "$(gcc -print-file-name=libasan.so)") || return 1
	[ -f "$asan" ] || return 1
	NSRUN_ENV="LD_PRELOAD=$asan ASAN_OPTIONS=detect_leaks=0:log_path=$T/san/asan"
	NSRUN_ENV="$NSRUN_ENV UBSAN_OPTIONS=print_stacktrace=1:log_path=$T/san/ubsan"
}

# The template values of this run (doc/deployment.md uses readme-snippets' own).
servers_values()
{
	E2E_VALUES=(
		"LDAP_URI=$LDAP_URI"
		"ETC=$T/etc"
		"RUN=$T/run"
		"CTL_DIR=$T/ctl"
		"PW_USER=nobody"
		"PW_GROUP=nogroup"
		"PW_ADDR=127.0.0.1"
		"PW_PORT=$PW_PORT"
		"ADDR=127.0.0.1"
		"SMTP_PORT=$SMTP_PORT"
		"SUBMISSION_PORT=$SUBMISSION_PORT"
		"IMAP_PORT=$IMAP_PORT"
	)
}

servers_setup()
{
	local ports
	ports=$(harness_free_ports 4 | tr '\n' ' ') || return 1
	read -r SMTP_PORT SUBMISSION_PORT IMAP_PORT PW_PORT <<<"$ports"
	export SMTP_PORT SUBMISSION_PORT IMAP_PORT PW_PORT
	servers_values

	# /etc/postino: the one config file, the service accounts' passwords
	# and the certificates. The directory is readable by the daemons
	# after they dropped root; the password files only by root and the
	# "mail" group (Cyrus's imapd, which loads libpostino.so, is cyrus:mail).
	mkdir -p "$T/etc" "$T/run" || return 1
	chmod 755 "$T/etc"
	# shellcheck disable=SC2153 # the harness exports the service passwords
	printf '%s\n' "$AUTHD_PW" >"$T/etc/authd.pw"
	printf '%s\n' "$SCRAM_PW" >"$T/etc/scram.pw"
	printf '%s\n' "$ADMIN_PW" >"$T/etc/admin.pw"
	chmod 600 "$T/etc/authd.pw" "$T/etc/admin.pw"
	chown root:mail "$T/etc/scram.pw" && chmod 640 "$T/etc/scram.pw"
	cp "$TLS_CA" "$T/etc/ca.pem"
	cp "$TLS_SERVER_CERT" "$T/etc/pwchange.pem"
	install -m 600 "$TLS_SERVER_KEY" "$T/etc/pwchange.key"
	{
		e2e_render "$E2E_DIR/conf/postino.conf.in" "${E2E_VALUES[@]}" &&
			e2e_render "$E2E_DIR/conf/postino-sandbox.conf.in"
	} >"$T/etc/postino.conf" || return 1

	# The socket directory, like Debian's /run/saslauthd: root:sasl 0710,
	# so that sendmail (root) and Cyrus (cyrus, in group sasl) reach it;
	# the control socket's is open to pwchange's group.
	chown root:sasl "$T/run" && chmod 710 "$T/run"
	mkdir -p "$T/ctl" && chown root:nogroup "$T/ctl" && chmod 710 "$T/ctl"

	# What the servers' namespace shows as the SASL plugin directory:
	# Debian's plugins (copies: the originals are hidden by the mount) and
	# ours, plus Sendmail.conf (found there on libsasl2's config path).
	local sysdir
	sysdir=$(pkg-config --variable=libdir libsasl2 2>/dev/null || echo /usr/lib/x86_64-linux-gnu)/sasl2
	mkdir -p "$T/ns/sasl2" || return 1
	chmod 755 "$T/ns" "$T/ns/sasl2"
	cp -L "$sysdir"/lib*.so "$T/ns/sasl2/" || return 1
	install -m 644 "$BUILD/sasl2/libpostino.so" "$T/ns/sasl2/libpostino.so" || return 1
	servers_sanitizer || return 1
	e2e_render "$E2E_DIR/conf/Sendmail.conf.in" "${E2E_VALUES[@]}" >"$T/ns/sasl2/Sendmail.conf" ||
		return 1
}

syslog_start()
{
	python3 "$E2E_LIB/syslog-sink.py" "$T/ns/log.sock" "$T/syslog" &
	SYSLOG_PID=$!
	harness_track_pid "$SYSLOG_PID"
	e2e_wait_file "$T/ns/log.sock" 10
}

authd_start()
{
	mkdir -p "$T/authd"
	"$BUILD/postino-authd" -C "$T/etc/postino.conf" -a ldap -d \
		</dev/null >>"$T/authd/authd.log" 2>&1 &
	AUTHD_PID=$!
	harness_track_pid "$AUTHD_PID"
	e2e_wait_file "$T/run/mux" 15 && e2e_wait_file "$T/ctl/control" 5 &&
		kill -0 "$AUTHD_PID" 2>/dev/null
}

pwchange_start()
{
	mkdir -p "$T/pwchange"
	"$BUILD/postino-pwchange" -c "$T/etc/postino.conf" -d \
		</dev/null >>"$T/pwchange/pwchange.log" 2>&1 &
	PWCHANGE_PID=$!
	harness_track_pid "$PWCHANGE_PID"
	e2e_wait_port "$PW_PORT" 15 && kill -0 "$PWCHANGE_PID" 2>/dev/null
}

sendmail_start()
{
	local S="$T/sendmail"
	mkdir -p "$S/mqueue" "$S/tls" || return 1
	chmod 700 "$S/mqueue" "$S/tls"
	cp "$TLS_CA" "$S/tls/ca.pem"
	cp "$TLS_SERVER_CERT" "$S/tls/server.pem"
	# sendmail refuses a key file that others can read.
	install -m 600 "$TLS_SERVER_KEY" "$S/tls/server.key"
	{
		e2e_render "$E2E_DIR/conf/sendmail-sandbox.mc.in" "DIR=$S" &&
			for f in ${SENDMAIL_MC_EXTRA:-}; do
				e2e_render "$E2E_DIR/conf/$f" "${E2E_VALUES[@]}" || return 1
			done &&
			e2e_render "$E2E_DIR/conf/sendmail-auth.mc.in" "${E2E_VALUES[@]}" "TLS_DIR=$S/tls" &&
			e2e_render "$E2E_DIR/conf/sendmail-mailers.mc.in"
	} >"$S/sendmail.mc" || return 1
	m4 "$S/sendmail.mc" >"$S/sendmail.cf" 2>"$S/m4.log" || return 1
	printf 'hosts\tfiles\naliases\tfiles\n' >"$S/service.switch"
	printf 'example.org\nmail.example.org\n' >"$S/local-host-names"
	printf 'postmaster: root\n' >"$S/aliases"
	: >"$S/statistics"
	cp /etc/mail/helpfile "$S/helpfile" 2>/dev/null || : >"$S/helpfile"
	local bin=$SENDMAIL_BIN
	if [ -n "$NSRUN_ENV" ]; then
		# Debian's sendmail is set-group-ID smmsp, and the dynamic linker
		# ignores LD_PRELOAD for such a program: run a plain copy.
		bin="$S/sendmail-bin"
		install -m 755 "$(readlink -f "$SENDMAIL_BIN")" "$bin" || return 1
	fi
	"$E2E_LIB/nsrun" "$T/ns" "$bin" -C "$S/sendmail.cf" -bi >"$S/newaliases.log" 2>&1
	# -bD: a daemon in the foreground, so $! is sendmail itself; -L sets
	# the syslog tag the checks look for.
	NSRUN_ENV=$NSRUN_ENV "$E2E_LIB/nsrun" "$T/ns" "$bin" -C "$S/sendmail.cf" -bD -L sm-e2e \
		</dev/null >>"$S/sendmail.log" 2>&1 &
	SENDMAIL_PID=$!
	harness_track_pid "$SENDMAIL_PID"
	e2e_wait_port "$SUBMISSION_PORT" 30 && e2e_wait_port "$SMTP_PORT" 5
}

cyrus_start()
{
	local C="$T/cyrus"
	mkdir -p "$C"/config/{db,proc,lock,socket,log,msg,quota} "$C/spool" "$C/sieve" "$C/tls" ||
		return 1
	cp "$TLS_CA" "$C/tls/ca.pem"
	cp "$TLS_SERVER_CERT" "$C/tls/server.pem"
	install -m 600 "$TLS_SERVER_KEY" "$C/tls/server.key"
	{
		e2e_render "$E2E_DIR/conf/imapd-sandbox.conf.in" "DIR=$C" &&
			e2e_render "$E2E_DIR/conf/imapd-auth.conf.in" "${E2E_VALUES[@]}" "TLS_DIR=$C/tls"
	} >"$C/imapd.conf" || return 1
	e2e_render "$E2E_DIR/conf/cyrus.conf.in" "${E2E_VALUES[@]}" "IMAPD_CONF=$C/imapd.conf" \
		>"$C/cyrus.conf" || return 1
	chown -R cyrus:mail "$C"
	# The host's /etc/imapd.conf and /etc/cyrus.conf show the test's
	# copies, so a Cyrus program that is not given -C still stays in $C.
	NSRUN_BIND="$C/imapd.conf:/etc/imapd.conf $C/cyrus.conf:/etc/cyrus.conf" \
		NSRUN_ENV=$NSRUN_ENV "$E2E_LIB/nsrun" "$T/ns" "$CYRUS_MASTER" -C "$C/imapd.conf" -M "$C/cyrus.conf" \
		-p "$C/master.pid" -D </dev/null >>"$C/master.log" 2>&1 &
	CYRUS_PID=$!
	harness_track_pid "$CYRUS_PID"
	e2e_wait_port "$IMAP_PORT" 30
}

# servers_descendants PID... - every process below the given ones
servers_descendants()
{
	local f st rest
	for f in /proc/[0-9]*/stat; do
		read -r st 2>/dev/null <"$f" || continue
		rest=${st##*) }
		rest=${rest#* }
		echo "${st%% *} ${rest%% *}"
	done | awk -v roots="$*" '
		BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) mine[r[i]] = 1 }
		{ parent[$1] = $2 }
		END {
			do {
				more = 0
				for (p in parent)
					if (!(p in mine) && (parent[p] in mine)) { mine[p] = 1; more = 1 }
			} while (more)
			for (i = 1; i <= n; i++) delete mine[r[i]]
			for (p in mine) print p
		}'
}

# servers_alive PID - true if PID runs (a zombie does not count)
servers_alive()
{
	local st
	read -r st 2>/dev/null <"/proc/$1/stat" || return 1
	st=${st##*) }
	[ "${st%% *}" != Z ]
}

# servers_stop - SIGTERM to sendmail and Cyrus's master, which pass it on to
# their children; whatever is left after 10 s (a child stuck in its exit
# handlers keeps sendmail waiting for it), parents and children alike, gets
# SIGKILL. The harness would stop only the two PIDs it knows and leave
# their children behind.
# shellcheck disable=SC2086 # roots and kids are lists of PIDs
servers_stop()
{
	local roots="" kids p end left
	for p in $SENDMAIL_PID $CYRUS_PID; do
		servers_alive "$p" && roots="$roots $p"
	done
	[ -n "$roots" ] || return 0
	kids=$(servers_descendants $roots)
	kill -TERM $roots 2>/dev/null
	end=$((SECONDS + 10))
	while [ "$SECONDS" -lt "$end" ]; do
		left=""
		for p in $roots $kids; do
			servers_alive "$p" && left="$left $p"
		done
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	kids="$kids $(servers_descendants $roots)"
	e2e_log "SIGKILL for what did not stop within 10 s:$left"
	kill -KILL $roots $kids 2>/dev/null
	for p in $roots; do
		wait "$p" 2>/dev/null
	done
}
