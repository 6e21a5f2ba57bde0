#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# sealrun start-up of a static program (issue 14): `sealrun PROG` against
# `env PROG`, alternately, in one run.  PROG: a static glibc program that
# exits at once (helpers/staticprog, built by make), static busybox `true`,
# and a static Go program (tests/static/selfprotect.go, where Go is
# installed).  Target: <= 1.5x.
#
# Usage: tests/bench/static.sh [ROUNDS]   (SEALTOOLS_BUILD or B: build dir)
set -eu
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/common.bash
. tests/bench/common.bash
bench_setup sealrun
ROUNDS=${1:-41}

progs=("$BUILD/helpers/staticprog" "/bin/busybox true")
if tests/static/gobuild.sh "$(go env GOARCH 2>/dev/null)" "$tmp/go-static" 2>/dev/null; then
	progs+=("$tmp/go-static")
fi

echo "| program | env (ms) | sealrun (ms) | ratio |"
echo "|---|---|---|---|"
miss=0
for prog in "${progs[@]}"; do
	: >"$tmp/env"
	: >"$tmp/seal"
	# shellcheck disable=SC2086 # prog holds a command and its argument
	for ((i = 0; i <= ROUNDS; i++)); do
		e=$(wall_us env $prog)
		s=$(wall_us "$SEALRUN" $prog)
		[ "$i" -eq 0 ] && continue		# warm-up
		echo "$e" >>"$tmp/env"
		echo "$s" >>"$tmp/seal"
	done
	e=$(median <"$tmp/env")
	s=$(median <"$tmp/seal")
	ratio=$(awk -v e="$e" -v s="$s" 'BEGIN { printf "%.2f", s / e }')
	awk -v e="$e" -v s="$s" -v r="$ratio" -v p="${prog##*/}" \
		'BEGIN { printf "| %s | %.2f | %.2f | %s |\n", p, e / 1000, s / 1000, r }'
	awk -v r="$ratio" 'BEGIN { exit !(r <= 1.5) }' || miss=1
done
[ "$miss" -eq 0 ] && echo "PASS: sealrun <= 1.5x env" || echo "MISS: sealrun > 1.5x env"
