#!/bin/bash
# tests/integration/pwchange-browser.sh: the password-change page in a real
# browser. Debian's headless Chromium, driven by tests/browser/pwchange.js
# (playwright-core from npm, installed by scripts/install-deps), changes
# alice's password through the form and then tries a wrong password; the
# screenshots land in $BUILD/test-logs/pwchange-browser/. Afterwards the
# directory must agree with what the page said.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
. "$TOP/tests/harness/slapd.sh"
. "$TOP/tests/harness/assert.sh"
. "$TOP/tests/integration/pwchange-common.bash"

OUT="$BUILD/test-logs/pwchange-browser"
if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null ||
	[ ! -d "$TOP/tests/browser/node_modules/playwright-core" ]; then
	echo "chromium, node or tests/browser/node_modules/playwright-core missing:" \
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
	PW_NEW=Tr0mbone-Sky-1 HOME="$T" timeout 300 node "$TOP/tests/browser/pwchange.js"
printf '%s\n' "$CHECK_OUT"
for shot in 1-form 2-success 3-wrong-password 4-policy; do
	check "screenshot $shot" test -s "$OUT/$shot.png"
done
check "the directory has the new password" bind_ok alice Tr0mbone-Sky-1
check_fail "and not the old one" bind_ok alice Alice-Pass-1

pwchange_stop
t_done pwchange-browser
