#!/bin/bash
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
BUILD=${SEALTOOLS_BUILD:-$PWD/${B:-build/$(uname -m)}}
SEALCTL=$BUILD/sealctl
ROUNDS=${1:-15}
[ -x "$SEALCTL" ] || { echo "no $SEALCTL: run make first" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Tenths of a millisecond for one run of "$@", output discarded.
# verify exits 1 when a process does not comply: an answer, not a failure.
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

names=(verify metrics file)
declare -A cmd=(
	[verify]="$SEALCTL verify --all"
	[metrics]="$SEALCTL metrics"
	[file]="$SEALCTL metrics -o $tmp/sealtools.prom"
)
declare -A label=(
	[verify]="\`sealctl verify --all\`"
	[metrics]="\`sealctl metrics\` (standard output)"
	[file]="\`sealctl metrics -o FILE\` (temporary file, fsync, rename)"
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
nsvc=$(grep -c '^sealtools_policy_bytes{' "$tmp/sealtools.prom" || :)

echo "### \`sealctl metrics\` and \`verify --all\` ($nproc processes, $nsvc services, $ROUNDS alternating rounds)"
echo
echo "| Command | Median (ms) | × verify --all |"
echo "|---|--:|--:|"
for n in "${names[@]}"; do
	echo "| ${label[$n]} | ${med[$n]} | $(awk -v a="${med[$n]}" -v b="${med[verify]}" 'BEGIN { printf "%.2f", a / b }') |"
done
echo
worst=${med[metrics]}
awk -v a="${med[file]}" -v b="$worst" 'BEGIN { exit !(a > b) }' && worst=${med[file]}
r=$(awk -v a="$worst" -v b="${med[verify]}" 'BEGIN { printf "%.2f", a / b }')
if awk -v r="$r" 'BEGIN { exit !(r <= 1.2) }'; then v=PASS; else v=MISS; fi
echo "- metrics ≤ 1.2× verify --all: ${r}× — $v (the slower of the two metrics rows)"
