#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# What a hostile process costs sealctl (issue 22), and what the kernel's
# view costs an honest machine.  In one run, alternately, so that whatever
# else runs hits every command alike:
#
#   1. `sealctl verify` of the same program (helpers/hostile) with its
#      loader's list as the loader left it, with a forged list of 1,000
#      entries each needing the next, of 8,192, and with a DT_NEEDED bomb;
#      and `cat` of that process's smaps, the kernel's own cost.  Peak RSS
#      through helpers/peakrss.  Targets: the 1,000-entry bomb <= 2x the
#      honest list; every bomb <= 4x its smaps read plus 5 ms, and peak RSS
#      <= 8 MiB above the honest one's.
#   2. `sealctl verify --all` and `sealctl metrics` of this build against
#      those of BENCH_BASE (a git ref, default main: built here from `git
#      archive` into a scratch directory; or BENCH_BASE_SEALCTL, a sealctl
#      to use as it is).  Target: <= 1.1x.
#
# Usage: tests/bench/hostile.sh [ROUNDS]   (SEALTOOLS_BUILD or B: build dir)
# Prints markdown tables and PASS/MISS.
set -eu
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/common.bash
. tests/bench/common.bash
ROUNDS=${1:-15}
bench_setup sealctl
HOSTILE=$BUILD/helpers/hostile
PEAKRSS=$BUILD/helpers/peakrss
if [ ! -x "$HOSTILE" ] || [ ! -x "$PEAKRSS" ]; then
	echo "bench: helpers missing: make check-programs" >&2
	exit 1
fi

pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || :; wait "$p" 2>/dev/null || :; done
	rm -rf "$tmp"
}
trap cleanup EXIT

# Start hostile MODE... until "ready"; its PID in $started.
start() {
	local out=$tmp/out.$#.$RANDOM i
	: >"$out"
	"$HOSTILE" "$@" >"$out" 2>&1 &
	started=$!
	pids+=("$started")
	for ((i = 0; i < 500; i++)); do
		grep -qx ready "$out" && return 0
		sleep 0.01
	done
	echo "bench: hostile $* did not start" >&2
	exit 1
}

# ---- 1. bombs against the honest list -------------------------------------------

start honest; honest=$started
start bomb 1000; bomb1k=$started
start bomb 8192; bomb8k=$started
start needed 100 256 4000; needed=$started

names=(honest bomb1k bomb8k needed smaps)
declare -A cmd=(
	[honest]="$SEALCTL verify $honest"
	[bomb1k]="$SEALCTL verify $bomb1k"
	[bomb8k]="$SEALCTL verify $bomb8k"
	[needed]="$SEALCTL verify $needed"
	[smaps]="cat /proc/$bomb8k/smaps"
)
declare -A label=(
	[honest]="\`sealctl verify\`, the list as the loader left it"
	[bomb1k]="\`sealctl verify\`, a forged list of 1,000 entries"
	[bomb8k]="\`sealctl verify\`, a forged list of 8,192 entries"
	[needed]="\`sealctl verify\`, 100 entries of 256 DT_NEEDED names of 4,000 bytes"
	[smaps]="\`cat /proc/PID/smaps\` of the same program"
)
alternate "$ROUNDS"
# Peak RSS, once each.
declare -A rss
for n in honest bomb1k bomb8k needed; do
	# shellcheck disable=SC2086 # the command is words
	"$PEAKRSS" -n -o "$tmp/rss" -- ${cmd[$n]} 2>/dev/null || :
	rss[$n]=$(awk '{ print $2 }' "$tmp/rss")
done

echo "### \`sealctl verify\` of a process that forges its loader's list ($ROUNDS alternating rounds)"
echo
echo "| Command | Median (ms) | × honest | Peak RSS (KiB) |"
echo "|---|--:|--:|--:|"
for n in "${names[@]}"; do
	echo "| ${label[$n]} | ${medians[$n]} | $(ratio_of "${medians[$n]}" "${medians[honest]}") | ${rss[$n]:--} |"
done
echo
r=$(ratio_of "${medians[bomb1k]}" "${medians[honest]}")
if awk -v r="$r" 'BEGIN { exit !(r <= 2) }'; then v=PASS; else v=MISS; fi
echo "- a 1,000-entry forged list ≤ 2× the honest list: ${r}× — $v"
for n in bomb1k bomb8k needed; do
	if awk -v t="${medians[$n]}" -v s="${medians[smaps]}" 'BEGIN { exit !(t <= 4 * s + 5) }'; then v=PASS; else v=MISS; fi
	echo "- ${label[$n]}: ≤ 4× its smaps read + 5 ms: ${medians[$n]} ms — $v"
	if [ -n "${rss[$n]}" ] && [ -n "${rss[honest]}" ] && [ $(( rss[$n] - rss[honest] )) -le 8192 ]; then v=PASS; else v=MISS; fi
	echo "  peak RSS $((${rss[$n]:-0} - ${rss[honest]:-0})) KiB above the honest list's (≤ 8 MiB) — $v"
done
cleanup
pids=()
tmp=$(mktemp -d)

# ---- 2. an honest machine: this build against BENCH_BASE ---------------------------

base=${BENCH_BASE_SEALCTL:-}
if [ -z "$base" ]; then
	ref=${BENCH_BASE:-main}
	if ! git rev-parse -q --verify "$ref^{commit}" >/dev/null; then
		echo "- (no $ref to compare with: set BENCH_BASE or BENCH_BASE_SEALCTL)"
		exit 0
	fi
	mkdir "$tmp/base"
	git archive "$ref" | tar -x -C "$tmp/base"
	make -s -C "$tmp/base" B="$tmp/base/build" "$tmp/base/build/sealctl" >/dev/null 2>&1 ||
		{ echo "bench: building $ref's sealctl failed" >&2; exit 1; }
	base=$tmp/base/build/sealctl
	what="$ref ($(git rev-parse --short "$ref"))"
else
	what=$base
fi

# This build judges only the sealed services by default: --every for
# every process, as the base build does.
names=(base_all all base_metrics metrics)
declare -A cmd=(
	[base_all]="$base verify --all"
	[all]="$SEALCTL verify --all --every"
	[base_metrics]="$base metrics"
	[metrics]="$SEALCTL metrics --every"
)
declare -A label=(
	[base_all]="\`sealctl verify --all\`, $what"
	[all]="\`sealctl verify --all\`, this build"
	[base_metrics]="\`sealctl metrics\`, $what"
	[metrics]="\`sealctl metrics\`, this build"
)
# Wall time and CPU time (user + system: what a loaded machine disturbs
# least) of each, alternately, through peakrss.
declare -A wall cpu
for n in "${names[@]}"; do
	# shellcheck disable=SC2086 # the command is words
	"$PEAKRSS" -n -o "$tmp/pr" -- ${cmd[$n]} 2>/dev/null || :	# warm-up
done
for _ in $(seq "$ROUNDS"); do
	for n in "${names[@]}"; do
		# shellcheck disable=SC2086
		"$PEAKRSS" -n -o "$tmp/pr" -- ${cmd[$n]} 2>/dev/null || :
		awk '{ print $1 }' "$tmp/pr" >>"$tmp/wall.$n"
		awk '{ print $4 + $5 }' "$tmp/pr" >>"$tmp/cpu.$n"
	done
done
for n in "${names[@]}"; do
	wall[$n]=$(median 1000 <"$tmp/wall.$n")
	cpu[$n]=$(median 1000 <"$tmp/cpu.$n")
done
nproc=$(find /proc -maxdepth 1 -name '[0-9]*' 2>/dev/null | wc -l)

echo
echo "### The kernel's view on an honest machine: this build against $what ($nproc processes, $ROUNDS alternating rounds, load $(cut -d' ' -f1 /proc/loadavg))"
echo
echo "| Command | Median wall (ms) | Median CPU (ms) |"
echo "|---|--:|--:|"
for n in "${names[@]}"; do echo "| ${label[$n]} | ${wall[$n]} | ${cpu[$n]} |"; done
echo
for n in all metrics; do
	r=$(ratio_of "${wall[$n]}" "${wall[base_$n]}")
	rc=$(ratio_of "${cpu[$n]}" "${cpu[base_$n]}")
	if awk -v r="$r" 'BEGIN { exit !(r <= 1.1) }'; then v=PASS; else v=MISS; fi
	echo "- ${n/all/verify --all} ≤ 1.1× $what's: ${r}× wall — $v (${rc}× CPU)"
done
