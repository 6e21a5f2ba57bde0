#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# The cost of sealrun --deny-wx on a system-call-heavy program.
#
# tests/helpers/getppidloop makes COUNT getppid(2) calls (default ten
# million), each a real system call, and reports the loop's own CPU time
# (start-up, which is sealing and not W^X, is left out).  It runs plain,
# under `sealrun --deny-wx=prctl`, under `sealrun --deny-wx=seccomp`, and,
# for reference, under an empty allow-everything seccomp filter
# (`tests/helpers/denyseal -`), the four alternating for ROUNDS rounds
# after one warm-up round, so that drift in the machine hits all alike.
# Medians, fastest runs, and the ratio to plain: the median of each
# round's ratio, since runs next to each other share the machine's state
# (other load moves whole rounds), and, beside it, the ratio of medians.
# Targets, on the paired ratio: prctl <= 1.01 x, seccomp <= 1.05 x.
#
# MDWE is looked at only by mmap and mprotect, so prctl should cost
# nothing here.  With any seccomp filter every system call takes the
# kernel's slower entry path; the kernel then finds getppid in its cache
# of always-allowed calls and runs no filter code.  The empty filter's
# row shows what that entry path alone costs on this machine.
#
# Usage: tests/bench/denywx.sh [ROUNDS [COUNT]]   (SEALTOOLS_BUILD or B:
# build dir).  Prints a markdown table; MISSED is reported, not failed.
set -eu
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/common.bash
. tests/bench/common.bash
BUILD=${SEALTOOLS_BUILD:-$PWD/${B:-build/$(uname -m)}}
SEALRUN=$BUILD/sealrun
LOOP=$BUILD/helpers/getppidloop
EMPTY=$BUILD/helpers/denyseal
ROUNDS=${1:-5}
COUNT=${2:-10000000}
for f in "$SEALRUN" "$LOOP" "$EMPTY"; do
	[ -x "$f" ] || { echo "no $f: run make first" >&2; exit 1; }
done
[[ $ROUNDS =~ ^[1-9][0-9]*$ && $COUNT =~ ^[1-9][0-9]*$ ]] ||
	{ echo "usage: $0 [ROUNDS [COUNT]]" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The loop's CPU milliseconds for one run of "$@"; a failed run fails
# the benchmark.
clock() {
	local out
	out=$("$@")
	awk '$1 == "calls" && $3 == "cpu_ns" { printf "%.1f\n", $4 / 1e6; ok = 1 }
	     END { exit !ok }' <<<"$out"
}


names=(plain prctl seccomp empty)
run() {
	case $1 in
	plain) clock "$LOOP" "$COUNT" ;;
	prctl) clock "$SEALRUN" --deny-wx=prctl "$LOOP" "$COUNT" ;;
	seccomp) clock "$SEALRUN" --deny-wx=seccomp "$LOOP" "$COUNT" ;;
	empty) clock "$EMPTY" - "$LOOP" "$COUNT" ;;
	esac
}

for n in "${names[@]}"; do run "$n" >/dev/null; done	# warm-up; does it work?
for _ in $(seq "$ROUNDS"); do
	for n in "${names[@]}"; do run "$n" >>"$tmp/$n"; done
done

declare -A med min
for n in "${names[@]}"; do
	med[$n]=$(median <"$tmp/$n")
	min[$n]=$(sort -n "$tmp/$n" | head -1)
done
ratio() { awk -v a="${med[$1]}" -v b="${med[plain]}" 'BEGIN { printf "%.3f", a / b }'; }
# The median of the per-round ratios NAME / plain.
paired() {
	paste "$tmp/$1" "$tmp/plain" | awk '{ printf "%.6f\n", $1 / $2 }' | median |
		awk '{ printf "%.3f", $1 }'
}
verdict() { awk -v r="$(paired "$1")" -v l="$2" 'BEGIN { print (r <= l) ? "met" : "MISSED" }'; }
ns() { awk -v m="${med[$1]}" -v c="$COUNT" 'BEGIN { printf "%.1f", m * 1e6 / c }'; }

cat <<EOF
## sealrun --deny-wx on $COUNT getppid calls ($ROUNDS alternating rounds; Linux $(uname -r), $(nproc) CPUs)

| command | median CPU ms | fastest ms | ns per call | ratio, paired | ratio of medians | target |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
| getppidloop | ${med[plain]} | ${min[plain]} | $(ns plain) | 1.000 | 1.000 | |
| sealrun --deny-wx=prctl getppidloop | ${med[prctl]} | ${min[prctl]} | $(ns prctl) | $(paired prctl) | $(ratio prctl) | ≤ 1.01: **$(verdict prctl 1.01)** |
| sealrun --deny-wx=seccomp getppidloop | ${med[seccomp]} | ${min[seccomp]} | $(ns seccomp) | $(paired seccomp) | $(ratio seccomp) | ≤ 1.05: **$(verdict seccomp 1.05)** |
| (reference) empty seccomp filter | ${med[empty]} | ${min[empty]} | $(ns empty) | $(paired empty) | $(ratio empty) | |
EOF
