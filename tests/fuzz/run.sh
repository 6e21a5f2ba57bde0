#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Run every fuzz target of $B/fuzz for FUZZ_SECONDS seconds each (default
# 60), starting from seeds made by tests/fuzz/seeds.sh and the corpus
# kept from earlier runs in $B/fuzz/corpus/NAME.  TAP output, one test per
# target.  A crash, a leak, a sanitizer report or a time-out fails it; the
# input is kept as $B/fuzz/crash-NAME-* (replay: $B/fuzz/fuzz_NAME FILE).
#
# Usage: B=BUILD_DIR FUZZ_SECONDS=N tests/fuzz/run.sh   (after make fuzz-build)
set -u
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build/$(uname -m)}
secs=${FUZZ_SECONDS:-60}
if ! [[ $secs =~ ^[1-9][0-9]*$ ]]; then
	echo "fuzz: FUZZ_SECONDS must be a positive integer: '$secs'" >&2
	exit 64
fi

shopt -s nullglob
targets=()
for t in "$B"/fuzz/fuzz_*; do
	[ -f "$t" ] && [ -x "$t" ] && targets+=("$t")
done
if [ ${#targets[@]} -eq 0 ]; then
	echo "fuzz: no targets in $B/fuzz: run 'make B=$B fuzz-build' first" >&2
	exit 1
fi
export B
tests/fuzz/seeds.sh "$B/fuzz/seeds" || exit 1

# Inputs past these sizes teach nothing new: the ELF reader only looks
# at headers, the smaps seeds are a few dozen records.
declare -A max_len=([fuzz_elf]=16384 [fuzz_smaps]=65536 [fuzz_policy]=512 [fuzz_columns]=512 [fuzz_linkmap]=16384)

n=0 failed=0
echo "1..${#targets[@]}"
for t in "${targets[@]}"; do
	name=${t##*/}
	short=${name#fuzz_}
	corpus=$B/fuzz/corpus/$short
	log=$B/fuzz/log/$short
	mkdir -p "$corpus" "${log%/*}"
	n=$((n + 1))
	"$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len="${max_len[$name]:-4096}" -print_final_stats=1 \
		-artifact_prefix="$B/fuzz/crash-$short-" \
		"$corpus" "$B/fuzz/seeds/$short" >"$log" 2>&1
	rc=$?
	runs=$(awk '/stat::number_of_executed_units:/ { print $2 }' "$log")
	if [ "$rc" -eq 0 ]; then
		echo "ok $n - $short: ${runs:-?} inputs in ${secs}s, no crash"
	else
		failed=$((failed + 1))
		echo "not ok $n - $short: exit $rc after ${runs:-?} inputs (log: $log)"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)|runtime error' "$log" |
			head -n 10 | sed 's/^/#   /'
	fi
done
[ "$failed" -eq 0 ]
