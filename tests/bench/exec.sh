#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# What an exec costs in a sealed tree (issue 25): every exec meets the
# supervisor (a seccomp user notification, the task's memory and status
# read, the judgement), then the loader's audit set-up and the seals.
#
# 1. A loop of EXEC_LOOP /bin/true from `sealrun sh -c LOOP` against the
#    same loop in a plain `sh -c LOOP` (goal <= 1.10x).
# 2. `sealrun /bin/true` against `env /bin/true` (goal <= 1.10x).
# 3. A static program's start-up: `sealrun busybox true` against
#    `env busybox true` (goal <= 1.3x).
# Pairs alternate so that drift in the machine hits both alike; medians.
#
# Usage: tests/bench/exec.sh [ROUNDS]   (SEALTOOLS_BUILD or B: build dir)
set -eu
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/common.bash
. tests/bench/common.bash
bench_setup sealrun
ROUNDS=${1:-15}
LOOPN=${EXEC_LOOP:-200}
BUSYBOX=${BUSYBOX:-/bin/busybox}

loop="i=0; while [ \$i -lt $LOOPN ]; do /bin/true; i=\$((i + 1)); done"

for _ in 1 2 3; do sh -c "$loop"; "$SEALRUN" sh -c "$loop"; done
for _ in $(seq "$ROUNDS"); do
	wall_us sh -c "$loop" >>"$tmp/loop-plain"
	wall_us "$SEALRUN" sh -c "$loop" >>"$tmp/loop-sealed"
done
for _ in $(seq $((ROUNDS * 20))); do
	wall_us env /bin/true >>"$tmp/true-env"
	wall_us "$SEALRUN" /bin/true >>"$tmp/true-sealrun"
done
have_busybox=0
if [ -x "$BUSYBOX" ]; then
	have_busybox=1
	for _ in $(seq $((ROUNDS * 20))); do
		wall_us env "$BUSYBOX" true >>"$tmp/bb-env"
		wall_us "$SEALRUN" "$BUSYBOX" true >>"$tmp/bb-sealrun"
	done
fi

row() { # NAME PLAIN-FILE SEALED-FILE GOAL
	local p s r
	p=$(median <"$2")
	s=$(median <"$3")
	r=$(ratio_of "$s" "$p")
	printf '| %s | %s | %s | %s | %s (%s) |\n' "$1" "$p" "$s" "$r" "$4" \
		"$(awk -v r="$r" -v g="$4" 'BEGIN { print (r <= g) ? "met" : "MISSED" }')"
}

cat <<EOF
## exec in a sealed tree ($ROUNDS rounds of the loop, $((ROUNDS * 20)) of the others; medians, µs)

| what | plain | sealed | ratio | goal |
|---|---:|---:|---:|---|
EOF
row "$LOOPN × /bin/true from sh" "$tmp/loop-plain" "$tmp/loop-sealed" 1.10
row "sealrun /bin/true vs env /bin/true" "$tmp/true-env" "$tmp/true-sealrun" 1.10
[ "$have_busybox" = 0 ] || row "static busybox true" "$tmp/bb-env" "$tmp/bb-sealrun" 1.3
per=$(( ($(median <"$tmp/loop-sealed") - $(median <"$tmp/loop-plain")) / LOOPN ))
echo
echo "Per exec in a sealed sh: $per µs more than in a plain one."
