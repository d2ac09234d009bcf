# SPDX-License-Identifier: BSD-2-Clause
# scripts/demo.d/10-slapd.sh: the demo's directory, a throwaway slapd with
# the sample DIT (tests/harness/slapd.sh), and the directory half of the
# shared postino.conf. Sourced by scripts/demo, which documents the API.

# demo_replicated - DEMO_TOPOLOGY=replicated: two providers, two consumers
# (tests/harness/replicas.sh); the programs read at c1 first and write at
# the providers (doc/scaling-out.md)
demo_replicated()
{
	local v
	. "$TOP/tests/harness/replicas.sh"
	replicas_start -u "${DEMO_USERS:-100}" || return 1
	for v in LDAP_URI LDAPS_URI LDAPI_URI LDAP_PORT LDAPS_PORT SLAPD_PID SLAPD_DIR SLAPD_LOG; do
		v2="c1_$v"
		export "$v=${!v2}"
	done
	demo_export DEMO_REPLICAS "providers $REPL_PROVIDERS, consumers $REPL_CONSUMERS"
	DEMO_READ_URIS="$REPL_CONSUMERS $REPL_PROVIDERS"
	demo_conf_set ldap_write_servers "$REPL_PROVIDERS"
}

demo_start()
{
	local v v2 DEMO_READ_URIS=""
	if [ "${DEMO_TOPOLOGY:-single}" = replicated ]; then
		demo_replicated || return 1
	else
		slapd_start -u "${DEMO_USERS:-100}" || return 1
	fi
	for v in LDAP_URI LDAPS_URI LDAPI_URI LDAP_PORT LDAPS_PORT SLAPD_PID SLAPD_DIR SLAPD_LOG \
		BASE_DN PEOPLE_DN AUTHD_DN AUTHD_PW SCRAM_DN SCRAM_PW ADMIN_DN ADMIN_PW \
		TLS_CA TLS_SERVER_CERT TLS_SERVER_KEY TLS_CLIENT_CERT TLS_CLIENT_KEY \
		TLS_CAROL_CERT TLS_CAROL_KEY TLS_OTHER_CA TLS_OTHER_CERT TLS_OTHER_KEY \
		LDAPTLS_CACERT; do
		demo_export "$v" "${!v}"
	done
	# The service account's password goes in a file of its own rather than
	# in postino.conf, as a real installation would do.
	(umask 077 && printf '%s\n' "$AUTHD_PW" >"$DEMO_DIR/authd.pw")
	demo_conf_set ldap_servers "${DEMO_READ_URIS:-$LDAP_URI}"
	demo_conf_set ldap_search_base "$PEOPLE_DN"
	demo_conf_set ldap_filter "(uid=%u)"
	demo_conf_set ldap_bind_dn "$AUTHD_DN"
	demo_conf_set ldap_password_file "$DEMO_DIR/authd.pw"
	demo_conf_set ldap_tls_cacert_file "$TLS_CA"
	# slapd's ppolicy_default (schema/database.*), so a timed lockout of an
	# entry without pwdPolicySubentry ends when that policy says.
	demo_conf_set ldap_ppolicy_default "cn=default,ou=policies,$BASE_DN"
	# The demo's slapd runs syncprov (schema/database.*), as a production
	# directory does, so authd (authd_sync: auto, the default) follows
	# ou=people and drops a changed account's cached answers at once
	# (doc/change-stream.md).
	# The run directories of an installation (/run/saslauthd, /run/postino)
	# inside the demo; postino-authd makes them for its user, as
	# tmpfiles.d does on a real machine.
	demo_conf_set mux_socket "$DEMO_DIR/run/saslauthd/mux"
	demo_conf_set control_socket "$DEMO_DIR/run/postino/control"
}

demo_hint()
{
	cat <<HINT
Directory: slapd (PID $SLAPD_PID) on $LDAP_URI and $LDAPS_URI,
base $BASE_DN, sample users alice/Alice-Pass-1, bob/Bob-Pass-1,
carol/Carol-Pass-1, dave (disabled), erin (no postinoAccount), frank
(locked), gina (expired), and load users u00001/pw-u00001 ...; log in
$SLAPD_LOG. Try:
  ldapwhoami -x -H $LDAP_URI -D uid=alice,$PEOPLE_DN -w Alice-Pass-1
  ldapsearch -x -LLL -H $LDAP_URI -D $AUTHD_DN -w $AUTHD_PW -b $PEOPLE_DN '(uid=carol)'
  ldapsearch -x -LLL -H $LDAP_URI -D $SCRAM_DN -w $SCRAM_PW -b $PEOPLE_DN '(uid=bob)' authPassword
  ldapwhoami -x -H $LDAP_URI -D uid=frank,$PEOPLE_DN -w Frank-Pass-1 -e ppolicy
  LDAPTLS_CACERT=$TLS_CA ldapwhoami -x -ZZ -H $LDAP_URI -D uid=bob,$PEOPLE_DN -w Bob-Pass-1
  ldapsearch -Y EXTERNAL -LLL -H '$LDAPI_URI' -b uid=alice,$PEOPLE_DN -s base '*' '+'   (as root)
postino programs read $POSTINO_CONF.
HINT
	if [ -n "${DEMO_REPLICAS:-}" ]; then
		echo "Replicated (DEMO_TOPOLOGY=replicated): $DEMO_REPLICAS;"
		echo "the addresses above are consumer c1's (doc/scaling-out.md)."
	fi
}
