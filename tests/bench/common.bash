# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Shared by the benchmark scripts (sourced; not run by run.sh, which runs
# tests/bench/*.sh).

# Microseconds of wall time for one run of "$@", fork and wait included.
wall_us() {
	local t0=$EPOCHREALTIME
	"$@" >/dev/null
	local t1=$EPOCHREALTIME
	echo $(( ${t1/./} - ${t0/./} ))
}

# The median of the numbers on standard input, one a line; given a
# DIVISOR, divided by it, with one decimal.
median() { # [DIVISOR]
	sort -n | awk -v d="${1:-}" '{ v[NR] = $1 }
		END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      if (d == "") print m; else printf "%.1f\n", m / d }'
}

# A / B, two decimals.
ratio_of() { # A B
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

# The build's TOOL (sealrun or sealctl) in $SEALRUN or $SEALCTL (from
# SEALTOOLS_BUILD, or B), and a scratch directory $tmp, removed at exit.
bench_setup() { # TOOL
	BUILD=${SEALTOOLS_BUILD:-$PWD/${B:-build/$(uname -m)}}
	local var=${1^^}
	printf -v "$var" '%s' "$BUILD/$1"
	[ -x "${!var}" ] || { echo "no ${!var}: run make first" >&2; exit 1; }
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
}

# ---- sealctl commands timed against each other (all.sh, metrics.sh) ----

# Tenths of a millisecond for one run of "$@", output discarded.  Exit
# statuses 0 and 1 are answers (a process that fails the policy).
clock_tenths() {
	local t0=$EPOCHREALTIME rc=0
	"$@" >/dev/null 2>&1 || rc=$?
	local t1=$EPOCHREALTIME
	[ "$rc" -le 1 ] || { echo "bench: $* exited $rc" >&2; exit 1; }
	echo $(( (${t1/./} - ${t0/./}) / 100 ))
}

# Each command cmd[NAME], for NAME in the array names: one run to warm
# up, then ROUNDS rounds, alternately, so that whatever else runs hits
# them alike; medians[NAME]: the median in milliseconds.
# shellcheck disable=SC2154 # names and cmd: the caller's
alternate() { # ROUNDS
	local n
	for n in "${names[@]}"; do
		# shellcheck disable=SC2086 # the command is words
		clock_tenths ${cmd[$n]} >/dev/null
	done
	for _ in $(seq "$1"); do
		for n in "${names[@]}"; do
			# shellcheck disable=SC2086
			clock_tenths ${cmd[$n]} >>"$tmp/$n"
		done
	done
	declare -gA medians
	for n in "${names[@]}"; do medians[$n]=$(median 10 <"$tmp/$n"); done
}

# The table of label[NAME], medians[NAME] and the ratio to medians[BASE].
# shellcheck disable=SC2154 # names and label: the caller's
ratio_table() { # BASE WHAT
	local n
	echo "| Command | Median (ms) | × $2 |"
	echo "|---|--:|--:|"
	for n in "${names[@]}"; do
		echo "| ${label[$n]} | ${medians[$n]} | $(ratio_of "${medians[$n]}" "${medians[$1]}") |"
	done
}
