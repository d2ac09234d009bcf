# SPDX-License-Identifier: BSD-2-Clause
# scripts/demo.d/40-cli.sh: postinoctl in the demo. It starts nothing; it
# gives postinoctl an identity in the shared postino.conf (the directory's
# cn=admin, its password in a file of its own) and prints commands to try.
# Sourced by scripts/demo, which documents the API.

demo_start()
{
	if [ ! -x "$BUILD/postinoctl" ]; then
		echo "demo: $BUILD/postinoctl is not built" >&2
		return 1
	fi
	(umask 077 && printf '%s\n' "$ADMIN_PW" >"$DEMO_DIR/admin.pw")
	demo_conf_set ctl_bind_dn "$ADMIN_DN"
	demo_conf_set ctl_password_file "$DEMO_DIR/admin.pw"
	demo_export POSTINOCTL "$BUILD/postinoctl -C $POSTINO_CONF"
}

demo_hint()
{
	cat <<HINT
Administration: postinoctl (binds as $ADMIN_DN; man -l $TOP/cli/postinoctl.8)
  $POSTINOCTL user list --filter example
  $POSTINOCTL user show carol
  echo 'Demo-Pass-123' | $POSTINOCTL user add demo --name "Demo User" --mail demo@example.org --service smtp,imap --password-stdin
  ldapwhoami -x -H $LDAP_URI -D uid=demo,$PEOPLE_DN -w Demo-Pass-123
  $POSTINOCTL user lock demo; $POSTINOCTL user unlock demo
  $POSTINOCTL cert map demo --subject '/C=IT/O=Example/OU=People/CN=Demo User'
  $POSTINOCTL --json user show demo
  echo 'Demo-Pass-123' | $POSTINOCTL auth test demo --service smtp --password-stdin   (needs postino-authd)
  $POSTINOCTL stats                                                                  (needs postino-authd)
  $POSTINOCTL user del demo
HINT
}
