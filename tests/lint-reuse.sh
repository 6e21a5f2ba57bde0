#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Usage: tests/lint-reuse.sh [TREE]
#
# Every file of the tree must say its licence and copyright, by the REUSE
# specification: "reuse lint" (Debian's reuse, 1.1 on Debian 12, 5.0 on
# Debian 13) passes.  An SPDX-License-Identifier and an
# SPDX-FileCopyrightText line at the top of each file, or, for the few
# that cannot carry a comment, a paragraph of .reuse/dep5; the licence
# texts in LICENSES/.  In a git checkout reuse leaves out what git
# ignores (build/); any other tree (a release tarball) is linted as a
# copy of everything but build/.  TREE (default: this one) is for
# tests/bats/licence.bats.  TAP, one line.
tree=${1:-$(dirname "$0")/..}
if ! command -v reuse >/dev/null; then
	echo "1..0 # SKIP reuse is not installed (tests/deps.sh test)"
	exit 0
fi
cd "$tree" || exit 1
root=.
if [ "$(git rev-parse --show-toplevel 2>/dev/null)" != "$(pwd -P)" ]; then
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/sealtools-reuse.XXXXXX") || exit 1
	trap 'rm -rf "$tmp"' EXIT
	tar -cf - --exclude=./build --exclude=./.git . | tar -C "$tmp" -xf - || exit 1
	root=$tmp
	# Not inside some git tree around the copy, whose rules would apply.
	GIT_CEILING_DIRECTORIES=$(dirname "$tmp")
	export GIT_CEILING_DIRECTORIES
fi
rc=0
if out=$(reuse --root "$root" lint 2>&1); then
	echo "ok 1 - reuse lint: every file says its licence and copyright"
else
	echo "not ok 1 - reuse lint"
	echo "$out" | sed -e "s|${tmp:-//}/||g" -e 's/^/#   /'
	rc=1
fi
echo "1..1"
exit $rc
