#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/package.sh: make check builds the Debian packages from
# the committed tree and runs lintian on them (no errors allowed); the
# fresh-chroot install test is "make pkg-test" (tests/pkg/pkg-test).
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
if ! command -v dpkg-buildpackage >/dev/null || ! command -v lintian >/dev/null; then
	echo "package: FAIL - dpkg-buildpackage or lintian missing (scripts/install-deps)"
	echo "package: 0 passed, 1 failed"
	exit 1
fi
exec "$TOP/tests/pkg/pkg-test" --no-chroot
