# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# TAP lines for the test scripts written in bash (tests/cross/run.sh,
# tests/vm/run.sh): t OK|FAIL DESCRIPTION [DIAGNOSTICS] prints one
# numbered line, TAP_PREFIX before the description; n and failed count.
# shellcheck shell=bash
n=0 failed=0
t() {
	n=$((n + 1))
	if [ "$1" = OK ]; then
		echo "ok $n - ${TAP_PREFIX:-}$2"
	else
		echo "not ok $n - ${TAP_PREFIX:-}$2"; failed=$((failed + 1))
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/#   /'
	fi
	return 0
}
