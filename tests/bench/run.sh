#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Benchmark of `sealctl inspect` on a process with many VMAs, in every
# output format (issues 2 and 26).  Run by `make bench` as
#   B=BUILD_DIR tests/bench/run.sh
#
# Starts $B/helpers/manyvmas (BENCH_VMAS one-page VMAs, default 60000, a
# quarter sealed), then times, in one run, round-robin over BENCH_ROUNDS
# rounds (default 9, after one untimed warm-up round), each command with
# its output to /dev/null:
#
#   cat /proc/PID/smaps            the floor: the kernel's own cost
#   awk over smaps                 what a user would write instead
#   pmap -XX PID                   procps
#   sealctl inspect PID            every output format: table, --raw,
#   sealctl inspect --raw PID      --pairs, --json, and --summary
#   sealctl inspect --pairs PID
#   sealctl inspect --json PID
#   sealctl inspect --summary PID
#
# Each run goes through $B/helpers/peakrss (fork, exec, wait4): wall time
# from fork to wait4, user and system CPU time, and the command's peak RSS
# (ru_maxrss).  Prints a markdown table (medians, ratio to cat, min-max,
# CPU split, peak RSS) ready for the README, then PASS/MISS per target:
#   every format <= 1.5x cat (and whether it makes 1.2x), peak RSS <= 32 MiB.
# BENCH_RAW=FILE also keeps every timed sample there, in the order taken:
# "ROUND NAME WALL_US MAXRSS_KIB STATUS USER_US SYS_US".
#
# Then runs every other tests/bench/*.sh (B exported), unless BENCH_OTHERS=0.
#
# Exit: 0 when everything ran (MISS is reported, not failed, unless
# BENCH_STRICT=1), 1 when a command or another benchmark failed.
set -euo pipefail

cd "$(dirname "$0")/../.." || exit 1
B=${B:-build/$(uname -m)}
export B
ROUNDS=${BENCH_ROUNDS:-9}
NVMAS=${BENCH_VMAS:-60000}
STRICT=${BENCH_STRICT:-0}
RAW=${BENCH_RAW:-}
OTHERS=${BENCH_OTHERS:-1}

die() { echo "bench: $*" >&2; exit 1; }

[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive integer: '$ROUNDS'"
[[ $NVMAS =~ ^[1-9][0-9]*$ ]] || die "BENCH_VMAS must be a positive integer: '$NVMAS'"

helper=$B/helpers/manyvmas
peakrss=$B/helpers/peakrss
sealctl=$B/sealctl
for f in "$helper" "$peakrss"; do
	[ -x "$f" ] || die "$f missing: run 'make B=$B' first"
done
command -v pmap >/dev/null || die "pmap missing: apt-get install procps"
have_sealctl=0
[ -x "$sealctl" ] && have_sealctl=1

tmp=$(mktemp -d)
hpid=

# Stop the helper (SIGTERM: it exits 0) and remove the scratch directory.
# Idempotent: called before the other benchmarks and again at exit.
cleanup() {
	if [ -n "$hpid" ]; then
		kill -TERM "$hpid" 2>/dev/null || :
		wait "$hpid" 2>/dev/null || :
		hpid=
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- the process to inspect ------------------------------------------------

coproc HELPER { exec "$helper" "$NVMAS" 2>"$tmp/helper.err"; }
hpid=$HELPER_PID
if ! read -r -t 120 word pid <&"${HELPER[0]}" || [ "$word" != ready ]; then
	cat "$tmp/helper.err" >&2 2>/dev/null || :
	die "$helper did not start"
fi
[ -r "/proc/$pid/smaps" ] || die "cannot read /proc/$pid/smaps"

# ---- the commands ------------------------------------------------------------

# Sealed VMAs and bytes per object (path as printed, else [anon]).
# shellcheck disable=SC2016  # $ are awk's
AWK_PROG='
/^[0-9a-f]+-[0-9a-f]+ / {
	obj = $0
	sub(/^[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ */, "", obj)
	if (obj == "") obj = "[anon]"
	next
}
$1 == "Size:" { size = $2 * 1024; vmas[obj]++; bytes[obj] += size; next }
$1 == "VmFlags:" {
	for (i = 2; i <= NF; i++)
		if ($i == "sl") { sealed[obj]++; sbytes[obj] += size; break }
	next
}
END {
	print "object\tvmas\tsealed\tsize\tsealed_size"
	for (o in vmas)
		printf "%s\t%d\t%d\t%.0f\t%.0f\n", o, vmas[o], sealed[o], bytes[o], sbytes[o]
}'

names=(cat awk pmap)
labels=("\`cat /proc/PID/smaps\`" "awk script over smaps" "\`pmap -XX PID\`")
# The sealctl formats, as run() knows them.
formats=(table raw pairs json summary)
if [ "$have_sealctl" = 1 ]; then
	names+=("${formats[@]}")
	labels+=("\`sealctl inspect PID\` (table)" "\`sealctl inspect --raw PID\`"
		"\`sealctl inspect --pairs PID\`" "\`sealctl inspect --json PID\`"
		"\`sealctl inspect --summary PID\`")
fi

# run NAME: one run of command NAME through peakrss,
# stdout to /dev/null, stderr kept in $tmp/NAME.err.
run() {
	local name=$1; shift
	local -a argv
	case $name in
	cat) argv=(cat "/proc/$pid/smaps") ;;
	awk) argv=(awk "$AWK_PROG" "/proc/$pid/smaps") ;;
	pmap) argv=(pmap -XX "$pid") ;;
	table) argv=("$sealctl" inspect "$pid") ;;
	raw) argv=("$sealctl" inspect --raw "$pid") ;;
	pairs) argv=("$sealctl" inspect --pairs "$pid") ;;
	json) argv=("$sealctl" inspect --json "$pid") ;;
	summary) argv=("$sealctl" inspect --summary "$pid") ;;
	esac
	"$peakrss" -n -o "$tmp/report" -- "${argv[@]}" 2>>"$tmp/$name.err" || :
}

# ---- measure ---------------------------------------------------------------

nsealed=$(grep -cE '^VmFlags:.* sl( |$)' "/proc/$pid/smaps" || :)
nall=$(wc -l <"/proc/$pid/maps")
smaps_bytes=$(wc -c <"/proc/$pid/smaps")
load=$(cut -d' ' -f1-3 /proc/loadavg)
start=$SECONDS

failed=0
for name in "${names[@]}"; do	# warm-up: caches, and does it work at all?
	run "$name"
	read -r _ _ st _ <"$tmp/report"
	if [ "$st" != 0 ]; then
		echo "bench: $name exited $st:" >&2
		head -5 "$tmp/$name.err" >&2
		failed=1
	fi
done

for ((r = 1; r <= ROUNDS; r++)); do
	for name in "${names[@]}"; do
		run "$name"
		cat "$tmp/report" >>"$tmp/$name.dat"
		[ -z "$RAW" ] || echo "$r $name $(cat "$tmp/report")" >>"$tmp/raw"
	done
done
elapsed=$((SECONDS - start))
[ -z "$RAW" ] || cp "$tmp/raw" "$RAW"

# stats NAME: "median_ms min_ms max_ms peak_kib worst_status user_ms sys_ms"
# (user and system: the medians of each, taken separately).
stats() {
	awk '
		function median(a, n,    i, j, x) {	# insertion sort, n is small
			for (i = 2; i <= n; i++) {
				x = a[i]
				for (j = i - 1; j >= 1 && a[j] > x; j--)
					a[j + 1] = a[j]
				a[j + 1] = x
			}
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		{ t[NR] = $1; u[NR] = $4; k[NR] = $5; if ($2 > rss) rss = $2; if ($3 != 0) st = $3 }
		END {
			m = median(t, NR)
			printf "%.1f %.1f %.1f %d %d %.0f %.0f\n", m / 1000, t[1] / 1000, t[NR] / 1000,
				rss, st, median(u, NR) / 1000, median(k, NR) / 1000
		}' "$tmp/$1.dat"
}

# Thousands separators, the README's style.
group() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }

declare -A med min max rss usr sys
for name in "${names[@]}"; do
	read -r a b c d st e f <<<"$(stats "$name")"
	med[$name]=$a min[$name]=$b max[$name]=$c rss[$name]=$d usr[$name]=$e sys[$name]=$f
	if [ "$st" != 0 ]; then
		echo "bench: $name failed in a timed round (exit $st)" >&2
		failed=1
	fi
done
ratio() { awk -v a="${med[$1]}" -v b="${med[cat]}" 'BEGIN { printf "%.2f", a / b }'; }
# The same ratio from the fastest runs, and from CPU time (user + system):
# other work on a shared machine moves the medians, these less so.
ratio_min() { awk -v a="${min[$1]}" -v b="${min[cat]}" 'BEGIN { printf "%.2f", a / b }'; }
ratio_cpu() {
	awk -v a=$((usr[$1] + sys[$1])) -v b=$((usr[cat] + sys[cat])) \
		'BEGIN { printf "%.2f", a / b }'
}

# ---- report ------------------------------------------------------------------

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
awkimpl=$(basename "$(readlink -f "$(command -v awk)")")
echo
echo "### \`sealctl inspect\` on $(group "$NVMAS") VMAs ($(group "$nsealed") sealed)"
echo
echo "One process with $(group "$nall") VMAs in all ($(group "$((smaps_bytes / 1024))") KiB of smaps text);"
echo "Linux $(uname -r), $(nproc) CPUs ($cpu), load average $load at start."
echo "$ROUNDS rounds, the commands interleaved round-robin after one warm-up round,"
echo "output to /dev/null; wall time from fork to exit (\`tests/helpers/peakrss\`),"
echo "medians; user and system CPU time (medians) show the tool's own cost against"
echo "the kernel's; peak RSS is the largest \`ru_maxrss\` over the rounds. awk is $awkimpl."
echo
echo "| Command | Median (ms) | × cat | Min–max (ms) | User (ms) | System (ms) | Peak RSS (KiB) |"
echo "|---|--:|--:|--:|--:|--:|--:|"
for i in "${!names[@]}"; do
	n=${names[$i]}
	echo "| ${labels[$i]} | ${med[$n]} | $(ratio "$n") | ${min[$n]}–${max[$n]} | ${usr[$n]} | ${sys[$n]} | $(group "${rss[$n]}") |"
done
echo

# target LABEL VALUE LIMIT UNIT [NOTE]: PASS/MISS line, sets miss=1 on MISS.
miss=0
target() {
	local verdict note=${5:+ ($5)}
	if awk -v v="$2" -v l="$3" 'BEGIN { exit !(v <= l) }'; then
		verdict=PASS
	else
		verdict=MISS
		miss=1
	fi
	echo "- $1 ≤ $3$4: $2$4 — $verdict$note"
}
echo "Targets:"
echo
if [ "$have_sealctl" = 1 ]; then
	for n in "${formats[@]}"; do
		stretch=$(awk -v r="$(ratio "$n")" 'BEGIN { print (r <= 1.2 ? "makes" : "misses") }')
		target "$n" "$(ratio "$n")" 1.5 × "$stretch the stretch goal 1.2×; fastest runs: \
$(ratio_min "$n")×, CPU time: $(ratio_cpu "$n")×"
	done
	for n in "${formats[@]}"; do
		target "peak RSS ($n)" \
			"$(awk -v k="${rss[$n]}" 'BEGIN { printf "%.1f", k / 1024 }')" 32 " MiB"
	done
else
	echo "- SKIP: no $sealctl (build it with 'make B=$B')"
fi
echo
echo "($elapsed s of measurement; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end)"

# ---- the other benchmarks ----------------------------------------------------

cleanup
trap - EXIT
[ "$OTHERS" = 0 ] || for f in tests/bench/*.sh; do
	[ "$(basename "$f")" = run.sh ] && continue
	[ -e "$f" ] || continue
	echo
	echo "# ---- $f"
	bash "$f" || { echo "bench: $f failed (exit $?)" >&2; failed=1; }
done

[ "$failed" = 0 ] || exit 1
[ "$STRICT" = 1 ] && [ "$miss" = 1 ] && exit 1
exit 0
