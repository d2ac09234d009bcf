#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/plugin-unconfigured.sh: libpostino.so in a plugin
# directory with no postino_ options at all, as on a host where every SASL
# program loads every plugin. It must load, export only its two entry
# points, and change nothing: EXTERNAL, PLAIN and SCRAM (against sasldb)
# give the same names as libsasl2's own INTERNAL canonicalization, even
# with "canon_user_plugin: postino"; saslpasswd2 still stores into sasldb.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/plugin-common.bash"

harness_init plugin-unconfigured
SO="$BUILD/sasl2/libpostino.so"
DB="$T/sasldb2"
mkdir -p "$T/conf"
printf 'sasldb_path: %s\n' "$DB" >"$T/conf/saslpasswd.conf"

# ---- the library itself
check "the plugin is built" test -f "$SO"
exports=$(nm -D --defined-only "$SO" | awk '$2 == "T" { print $3 }' | sort | tr '\n' ' ')
check_eq "only the two entry points are exported" "$exports" \
	"sasl_auxprop_plug_init sasl_canonuser_init "
check "saslpluginviewer loads it and lists the auxprop plugin" \
	sys_sasl saslpluginviewer -p "$BUILD/sasl2" -a
check_match "... named postino" "$CHECK_OUT" 'Plugin "postino"'

# ---- saslpasswd2 with the plugin on its path still stores into sasldb
pw_alice=$(mktemp -p "$T")
printf '%s\n' 'Alice-Pass-1' >"$pw_alice"
check "saslpasswd2 stores a user with the plugin loaded" sys_sasl env SASL_PATH="$PLUGIN_PATH" \
	SASL_CONF_PATH="$T/conf" saslpasswd2 -p -c -u example.org alice <"$pw_alice"
check "... and sasldb has it" sasldblistusers2 -f "$DB"
check_match "... as alice@example.org" "$CHECK_OUT" '^alice@example.org: userPassword'
printf 'auxprop_plugin: postino\n' >>"$T/conf/saslpasswd.conf"
check_fail "with only the postino auxprop, storing is refused" sys_sasl env SASL_PATH="$PLUGIN_PATH" \
	SASL_CONF_PATH="$T/conf" saslpasswd2 -p -c -u example.org carl <"$pw_alice"
check_match "... saying why" "$CHECK_OUT" 'saslpasswd2: '
check_eq "... and nothing was stored" "$(sasldblistusers2 -f "$DB" | grep -c '^carl@')" 0

# same DESC ARGS... - the run gives the same user with and without the plugin
same()
{
	local desc=$1 a b
	shift
	a=$(try_bare "$@" | grep '^run ')
	b=$(try_bare -o canon_user_plugin=postino "$@" | grep '^run ')
	check_eq "$desc" "$b" "$a"
}
SASLDB=(-o "sasldb_path=$DB" -o pwcheck_method=auxprop)

# ---- EXTERNAL: the identity passes through as INTERNAL leaves it
same "EXTERNAL keeps the subject when unconfigured" -e '/C=IT/O=Example/CN=Carol+20Example' external
check "... which is the subject itself" try_bare -o canon_user_plugin=postino -x ok \
	-U '/C=IT/O=Example/CN=Carol+20Example' -e '/C=IT/O=Example/CN=Carol+20Example' external

# ---- PLAIN and SCRAM against sasldb, with the plugin as canonicalizer
same "PLAIN: trimmed, realm appended" "${SASLDB[@]}" -r example.org -u '  alice ' \
	-w "$pw_alice" plain-raw
check "... giving alice@example.org" try_bare -o canon_user_plugin=postino "${SASLDB[@]}" \
	-x ok -U alice@example.org -r example.org -u ' alice	' -w "$pw_alice" plain-raw
same "PLAIN: a name with '@' gets no second realm" "${SASLDB[@]}" -r other.org \
	-u 'alice@example.org' -w "$pw_alice" plain-raw
check "... it stays alice@example.org" try_bare -o canon_user_plugin=postino "${SASLDB[@]}" \
	-x ok -U alice@example.org -r other.org -u 'alice@example.org' -w "$pw_alice" plain-raw
check "PLAIN: an all-white-space name is refused" try_bare -o canon_user_plugin=postino \
	"${SASLDB[@]}" -x FAIL -r example.org -u '   ' -w "$pw_alice" plain-raw
check "PLAIN from a libsasl2 client (client-side canon in the same process)" \
	try_bare -o canon_user_plugin=postino "${SASLDB[@]}" -x ok -U alice@example.org \
	-r example.org -u alice -w "$pw_alice" plain
for m in scram-sha-256 scram-sha-1; do
	check "$m against sasldb with the plugin loaded" try_bare -o canon_user_plugin=postino \
		"${SASLDB[@]}" -x ok -U alice@example.org -r example.org -u alice -w "$pw_alice" $m
done
check "an unconfigured postino auxprop serves no secrets" try_bare \
	-o canon_user_plugin=postino -o auxprop_plugin=postino -x NOMECH -r example.org \
	-u alice -w "$pw_alice" scram-sha-256

t_done plugin-unconfigured
