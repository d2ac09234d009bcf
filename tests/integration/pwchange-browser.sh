#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/pwchange-browser.sh: the password-change page in a real
# browser. Debian's headless Chromium, driven by tests/browser/pwchange.py
# (Debian's python3-selenium and chromium-driver), changes alice's password
# through the form, sees forms from other origins refused and then tries a
# wrong password; the screenshots land in $BUILD/test-logs/pwchange-browser/.
# Afterwards the directory and the server's log must agree with the page.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/harness/assert.sh"
. "$TOP/tests/integration/pwchange-common.bash"

OUT="$BUILD/test-logs/pwchange-browser"
PY=/usr/bin/python3
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] ||
	! "$PY" -c 'import selenium' 2>/dev/null; then
	echo "chromium, chromium-driver or python3-selenium missing:" \
		"run scripts/install-deps" >&2
	t_fail "browser test prerequisites"
	t_done pwchange-browser
fi

harness_init pwchange-browser
slapd_start || exit 1
pwchange_start || exit 1
rm -rf "$OUT"
mkdir -p "$OUT"

check "the browser changes alice's password through the form" \
	env PW_URL="$PW_URL" OUT_DIR="$OUT" PW_USER=alice PW_CURRENT=Alice-Pass-1 \
	PW_NEW=Tr0mbone-Sky-1 HOME="$T" timeout 300 "$PY" "$TOP/tests/browser/pwchange.py"
printf '%s\n' "$CHECK_OUT"
for shot in 1-form 2-cross-site 3-success 4-wrong-password 5-policy 6-italiano 7-errore 8-english; do
	check "screenshot $shot" test -s "$OUT/$shot.png"
done
check "the directory has the new password" bind_ok alice Tr0mbone-Sky-1
check_fail "and not the old one" bind_ok alice Alice-Pass-1
check_match "the foreign and the opaque origin were refused as cross-site" \
	"$(grep -c 'form refused (CSRF): cross-site request' "$PW_LOG")" '^[2-9]'

pwchange_stop
t_done pwchange-browser
