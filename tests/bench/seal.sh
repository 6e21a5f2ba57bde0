#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# sealctl seal of a process with 100 objects (issue 14's target: the
# process stopped <= 5 ms).  The program links 100 small shared
# libraries (DT_NEEDED, so they are the loader's start-up objects, with
# libc and ld.so 103 in all) and sleeps; each round seals a fresh one
# and takes the stopped time sealctl reports (from the first thread's
# PTRACE_SEIZE to the last detach: judging, the mseal calls, the
# kernel's check), and the wall time of the whole command.
#
# Usage: tests/bench/seal.sh [ROUNDS]   (SEALTOOLS_BUILD or B: build dir)
# Prints a markdown table, then PASS/MISS for the target.
set -eu
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/common.bash
. tests/bench/common.bash
BUILD=${SEALTOOLS_BUILD:-$PWD/${B:-build/$(uname -m)}}
SEALCTL=$BUILD/sealctl
ROUNDS=${1:-15}
NOBJ=100
[ -x "$SEALCTL" ] || { echo "no $SEALCTL: run make first" >&2; exit 1; }

tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

libs=
for ((i = 0; i < NOBJ; i++)); do
	printf 'int f%d(int x) { return x + %d; }\n' "$i" "$i" >"$tmp/l$i.c"
	gcc -shared -fPIC -O1 -o "$tmp/libl$i.so" "$tmp/l$i.c"
	libs="$libs -ll$i"
done
printf '#include <unistd.h>\nint f0(int);\nint main(void) { pause(); return f0(0); }\n' >"$tmp/main.c"
# shellcheck disable=SC2086 # one option a word
gcc -O1 -o "$tmp/many" "$tmp/main.c" -L"$tmp" -Wl,--no-as-needed $libs -Wl,-rpath,"$tmp"

: >"$tmp/stopped"
: >"$tmp/wall"
for ((r = 0; r <= ROUNDS; r++)); do
	"$tmp/many" &
	pid=$!
	# Until the loader has finished: all objects mapped, pause() reached.
	for ((i = 0; i < 500; i++)); do
		[ "$(awk '{ print $3 }' "/proc/$pid/stat")" = S ] &&
			[ "$(grep -c 'libl.*\.so' "/proc/$pid/maps")" -ge "$NOBJ" ] && break
		sleep 0.01
	done
	t0=$EPOCHREALTIME
	out=$("$SEALCTL" seal "$pid")
	t1=$EPOCHREALTIME
	"$SEALCTL" verify -q "$pid" || { echo "bench: $pid not compliant after seal" >&2; exit 1; }
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	pid=
	[ "$r" -eq 0 ] && { ranges=$(sed -n 's/.*sealed \([0-9]*\) range.*/\1/p' <<<"$out"); continue; }
	sed -n 's/.*stopped \([0-9.]*\) ms$/\1/p' <<<"$out" >>"$tmp/stopped"
	echo $(( ${t1/./} - ${t0/./} )) >>"$tmp/wall"
done

med=$(median <"$tmp/stopped")
lo=$(sort -n "$tmp/stopped" | head -1)
hi=$(sort -n "$tmp/stopped" | tail -1)
wall=$(median <"$tmp/wall")
echo
echo "sealctl seal, $NOBJ-object process ($ranges ranges), $ROUNDS rounds, medians:"
echo
echo "| measure | median | min-max |"
echo "|---|---|---|"
echo "| process stopped | $med ms | $lo-$hi ms |"
echo "| sealctl seal, wall | $(awk -v u="$wall" 'BEGIN { printf "%.2f", u / 1000 }') ms | |"
echo
awk -v m="$med" 'BEGIN { exit !(m <= 5) }' && echo "PASS stopped <= 5 ms" || echo "MISS stopped <= 5 ms"
