#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# `sealctl metrics` against `sealctl verify --all` (issue 15): both read
# and judge every process with the same code; metrics also reads each
# process's cgroup and executable link and writes one file.  Timed in one
# run, alternately, so that whatever else runs hits both alike.  Target:
# metrics <= 1.2 x verify --all.
#
# Usage: tests/bench/metrics.sh [ROUNDS]   (SEALTOOLS_BUILD or B: build dir)
# Prints a markdown table and PASS/MISS.
set -eu
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/common.bash
. tests/bench/common.bash
ROUNDS=${1:-15}
bench_setup sealctl

names=(verify metrics file)
declare -A cmd=(
	[verify]="$SEALCTL verify --all --every"
	[metrics]="$SEALCTL metrics --every"
	[file]="$SEALCTL metrics --every -o $tmp/sealtools.prom"
)
declare -A label=(
	[verify]="\`sealctl verify --all --every\`"
	[metrics]="\`sealctl metrics --every\` (standard output)"
	[file]="\`sealctl metrics --every -o FILE\` (temporary file, fsync, rename)"
)
alternate "$ROUNDS"
nproc=$(find /proc -maxdepth 1 -name '[0-9]*' 2>/dev/null | wc -l)
nsvc=$(grep -c '^sealtools_policy_bytes{' "$tmp/sealtools.prom" || :)

echo "### \`sealctl metrics\` and \`verify --all\` ($nproc processes, $nsvc services, $ROUNDS alternating rounds)"
echo
ratio_table verify "verify --all"
echo
worst=${medians[metrics]}
awk -v a="${medians[file]}" -v b="$worst" 'BEGIN { exit !(a > b) }' && worst=${medians[file]}
r=$(ratio_of "$worst" "${medians[verify]}")
if awk -v r="$r" 'BEGIN { exit !(r <= 1.2) }'; then v=PASS; else v=MISS; fi
echo "- metrics ≤ 1.2× verify --all: ${r}× — $v (the slower of the two metrics rows)"
