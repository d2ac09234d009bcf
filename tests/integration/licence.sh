#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/licence.sh: every source file carries the one-line
# SPDX licence tag of LICENSE (scripts/spdx-headers adds it; the same
# script decides what a source file is), and LICENSE itself is there.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$TOP" || exit 1
pass=0 fail=0

if grep -q '^BSD 2-Clause License' LICENSE 2>/dev/null; then
	pass=$((pass + 1))
else
	echo "FAIL: LICENSE missing or not the BSD 2-Clause text"
	fail=$((fail + 1))
fi
if out=$(scripts/spdx-headers --check 2>&1); then
	pass=$((pass + 1))
else
	echo "FAIL: files without an SPDX tag:"
	echo "$out" | head -n 40
	fail=$((fail + 1))
fi
echo "licence: $pass passed, $fail failed"
[ $fail -eq 0 ]
