#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# The admin's question over the whole machine: `sealctl verify --all`
# against `sealctl inspect --all` (issue 12), in one run on the same
# machine, alternately, so that whatever else runs hits both alike.
# verify also reads each process's loader list (auxv, memory) and judges
# every object by its program headers; inspect --all, whose default
# columns now include POLICY and MEETS, does the same judging, so the
# plain `inspect --all -o PID,COMM,VMAS,SEALED,COVERAGE` (smaps only) is
# timed too, as the floor.  Target: verify --all <= 2 x inspect --all.
#
# Usage: tests/bench/all.sh [ROUNDS]   (SEALTOOLS_BUILD or B: build dir)
# Prints a markdown table.
set -eu
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/common.bash
. tests/bench/common.bash
ROUNDS=${1:-15}
bench_setup sealctl

names=(plain inspect verify)
declare -A cmd=(
	[plain]="$SEALCTL inspect --all -o PID,COMM,VMAS,SEALED,COVERAGE"
	[inspect]="$SEALCTL inspect --all"
	[verify]="$SEALCTL verify --all --every"
)
declare -A label=(
	[plain]="\`sealctl inspect --all -o PID,COMM,VMAS,SEALED,COVERAGE\` (smaps only)"
	[inspect]="\`sealctl inspect --all\` (with POLICY, MEETS)"
	[verify]="\`sealctl verify --all --every\`"
)
alternate "$ROUNDS"
nproc=$(find /proc -maxdepth 1 -name '[0-9]*' 2>/dev/null | wc -l)

echo "### \`sealctl verify --all\` and \`inspect --all\` ($nproc processes, $ROUNDS alternating rounds)"
echo
ratio_table inspect "inspect --all"
echo
r=$(ratio_of "${medians[verify]}" "${medians[inspect]}")
rp=$(ratio_of "${medians[verify]}" "${medians[plain]}")
if awk -v r="$r" 'BEGIN { exit !(r <= 2) }'; then v=PASS; else v=MISS; fi
echo "- verify --all ≤ 2× inspect --all: ${r}× — $v (${rp}× the smaps-only listing)"
