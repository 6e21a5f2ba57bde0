#!/bin/bash
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
BUILD=${SEALTOOLS_BUILD:-$PWD/${B:-build/$(uname -m)}}
SEALCTL=$BUILD/sealctl
ROUNDS=${1:-15}
[ -x "$SEALCTL" ] || { echo "no $SEALCTL: run make first" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Milliseconds (with a decimal) for one run of "$@", output discarded.
# Exit statuses 0 and 1 are answers (a process that fails the policy).
clock() {
	local t0=$EPOCHREALTIME rc=0
	"$@" >/dev/null 2>&1 || rc=$?
	local t1=$EPOCHREALTIME
	[ "$rc" -le 1 ] || { echo "bench: $* exited $rc" >&2; exit 1; }
	echo $(( (${t1/./} - ${t0/./}) / 100 ))
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f\n", m / 10 }'
}

names=(plain inspect verify)
declare -A cmd=(
	[plain]="$SEALCTL inspect --all -o PID,COMM,VMAS,SEALED,COVERAGE"
	[inspect]="$SEALCTL inspect --all"
	[verify]="$SEALCTL verify --all"
)
declare -A label=(
	[plain]="\`sealctl inspect --all -o PID,COMM,VMAS,SEALED,COVERAGE\` (smaps only)"
	[inspect]="\`sealctl inspect --all\` (with POLICY, MEETS)"
	[verify]="\`sealctl verify --all\`"
)
for n in "${names[@]}"; do	# warm-up
	# shellcheck disable=SC2086 # the command is words
	clock ${cmd[$n]} >/dev/null
done
for _ in $(seq "$ROUNDS"); do
	for n in "${names[@]}"; do
		# shellcheck disable=SC2086
		clock ${cmd[$n]} >>"$tmp/$n"
	done
done
declare -A med
for n in "${names[@]}"; do med[$n]=$(median <"$tmp/$n"); done
nproc=$(find /proc -maxdepth 1 -name '[0-9]*' 2>/dev/null | wc -l)

echo "### \`sealctl verify --all\` and \`inspect --all\` ($nproc processes, $ROUNDS alternating rounds)"
echo
echo "| Command | Median (ms) | × inspect --all |"
echo "|---|--:|--:|"
for n in "${names[@]}"; do
	echo "| ${label[$n]} | ${med[$n]} | $(awk -v a="${med[$n]}" -v b="${med[inspect]}" 'BEGIN { printf "%.2f", a / b }') |"
done
echo
r=$(awk -v a="${med[verify]}" -v b="${med[inspect]}" 'BEGIN { printf "%.2f", a / b }')
rp=$(awk -v a="${med[verify]}" -v b="${med[plain]}" 'BEGIN { printf "%.2f", a / b }')
if awk -v r="$r" 'BEGIN { exit !(r <= 2) }'; then v=PASS; else v=MISS; fi
echo "- verify --all ≤ 2× inspect --all: ${r}× — $v (${rp}× the smaps-only listing)"
