# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/plugin-common.bash: what the SASL plugin's integration
# tests (plugin-*.sh) share. Sourced, not run (run-tests runs *.sh only).
#
#   . "$TOP/tests/integration/plugin-common.bash"
#   plugin_init NAME [ARGS]   harness_init + slapd_start ARGS + the scram.pw file
#   try ARGS... MODE          sasl_try with the plugin configured against
#                             the harness's slapd (OPTS); extra -o/-O as given
#   try_bare ARGS... MODE     sasl_try with only the plugin path
#   expect DESC EXPECT [USER] ARGS... MODE
#                             one check: sasl_try -x EXPECT [-U USER] ...
#   ldif_root                 ldapmodify as the rootdn, LDIF on stdin
#   sys_sasl CMD...           run a system SASL program (saslpasswd2, ...)
#                             that loads the plugin; in a sanitizer build it
#                             gets the sanitizer runtimes preloaded, as a
#                             sanitized plugin needs them first in line
# Variables: TRY (the tool), PLUGIN_PATH (build/sasl2 first, then the
# system's plugins), OPTS (array of -o options).
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/harness/assert.sh"

TRY="$BUILD/tests/tools/sasl_try"
PLUGIN_PATH=${PLUGIN_PATH:-$BUILD/sasl2:/usr/lib/x86_64-linux-gnu/sasl2}
# A sanitizer build reports libsasl2's own leaks at exit; leaks in the
# plugin are looked for with valgrind (plugin-leaks.sh) instead.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

plugin_init()
{
	harness_init "$1"
	if [ ! -x "$TRY" ] || [ ! -f "$BUILD/sasl2/libpostino.so" ]; then
		echo "plugin: $TRY or $BUILD/sasl2/libpostino.so missing; run make first" >&2
		exit 1
	fi
	shift
	slapd_start "$@" || exit 1
	printf '%s\n' "$SCRAM_PW" >"$T/scram.pw"
	chmod 600 "$T/scram.pw"
	OPTS=(-p "$PLUGIN_PATH"
		-o canon_user_plugin=postino -o auxprop_plugin=postino
		-o "postino_ldap_uri=$LDAP_URI" -o "postino_ldap_bind_dn=$SCRAM_DN"
		-o "postino_ldap_password_file=$T/scram.pw"
		-o "postino_ldap_search_base=$PEOPLE_DN")
}

try()
{
	"$TRY" "${OPTS[@]}" "$@"
}

try_bare()
{
	"$TRY" -p "$PLUGIN_PATH" "$@"
}

# expect DESC EXPECT USER ARGS... - USER may be "" (not checked)
expect()
{
	local desc=$1 want=$2 user=$3
	shift 3
	if [ -n "$user" ]; then
		check "$desc" try -x "$want" -U "$user" "$@"
	else
		check "$desc" try -x "$want" "$@"
	fi
}

sys_sasl()
{
	if [ "${SANITIZE:-0}" = 1 ]; then
		LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)" \
			"$@"
	else
		"$@"
	fi
}

ldif_root()
{
	ldapmodify -x -H "$LDAP_URI" -D "$ROOT_DN" -w "$ROOT_PW" >/dev/null
}
