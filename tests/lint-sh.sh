#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Every shell script must be clean under shellcheck: .ci/run, the test
# runners and helpers (anything under tests/ that is *.sh or *.bash or
# starts with a sh/bash #! line; not the .bats files), the bash
# completion, and the autopkgtests (debian/tests/, where there is a
# debian/).  TAP, one line per file.
cd "$(dirname "$0")/.." || exit 1
if ! command -v shellcheck >/dev/null; then
	echo "1..0 # SKIP shellcheck is not installed (tests/deps.sh test)"
	exit 0
fi
scripts=$(
	{
		echo .ci/run
		ls completions/*.bash
		[ ! -d debian/tests ] || find debian/tests -type f ! -name control
		find tests -type f \( -name '*.sh' -o -name '*.bash' \)
		find tests -type f ! -name '*.*' -exec awk 'FNR == 1 {
			if ($0 ~ /^#! *\/(usr\/)?bin\/(env +)?(ba)?sh( |$)/) print FILENAME
			nextfile }' {} +
	} | sort -u
)
n=0 rc=0
for f in $scripts; do
	n=$((n + 1))
	# -x: follow "source"/"load" of files given on the line.
	if out=$(shellcheck -x "$f" 2>&1); then
		echo "ok $n - $f shellcheck-clean"
	else
		echo "not ok $n - $f"
		echo "$out" | sed 's/^/#   /'
		rc=1
	fi
done
echo "1..$n"
exit $rc
