#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# sealrun's cost.
#
# 1. Start-up: `sealrun /bin/true` against `env /bin/true` (a launcher
#    doing no work) and `/bin/true`, run alternately so that drift in the
#    machine hits all three alike; medians and the ratio to env.
#    Target: sealrun <= 1.15 x env.
# 2. The sealer's own time and mseal calls for a program linked against
#    100 generated shared libraries (its -v report), median of runs.
#
# Usage: tests/bench/sealrun.sh [ROUNDS]   (SEALTOOLS_BUILD or B: build dir)
# Prints a markdown table.
set -eu
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/common.bash
. tests/bench/common.bash
bench_setup sealrun
ROUNDS=${1:-400}

# Warm the caches, then alternate.
for _ in 1 2 3 4 5; do /bin/true; env /bin/true; "$SEALRUN" /bin/true; done
for _ in $(seq "$ROUNDS"); do
	wall_us /bin/true >>"$tmp/bare"
	wall_us env /bin/true >>"$tmp/env"
	wall_us "$SEALRUN" /bin/true >>"$tmp/sealrun"
done
bare=$(median <"$tmp/bare")
envt=$(median <"$tmp/env")
seal=$(median <"$tmp/sealrun")

# 100 shared libraries, each with code, constants, RELRO data and bss.
mkdir -p "$tmp/libs"
for i in $(seq 0 99); do
	cat >"$tmp/libs/l$i.c" <<-EOF
	static const char name[] = "library $i";
	const char *const table${i}[] = { name, "x", "y" };
	int counter$i;
	int f$i(int x) { counter$i += x; return x + (int)sizeof(name) + (table${i}[1][0] == 'x'); }
	EOF
	gcc -O2 -shared -fPIC -o "$tmp/libs/libb$i.so" "$tmp/libs/l$i.c"
	echo "int f$i(int);" >>"$tmp/decls.h"
	echo "	s += f$i(1);" >>"$tmp/calls.h"
done
cat >"$tmp/main.c" <<-'EOF'
#include <stdio.h>
#include "decls.h"
int main(void) { int s = 0;
#include "calls.h"
printf("%d\n", s); return 0; }
EOF
# shellcheck disable=SC2046 # one -lbN option a word
gcc -O2 -I"$tmp" -o "$tmp/main100" "$tmp/main.c" -L"$tmp/libs" \
	$(for i in $(seq 0 99); do printf -- '-lb%d ' "$i"; done) -Wl,-rpath,"$tmp/libs"

for _ in $(seq 30); do
	"$SEALRUN" -v "$tmp/main100" 2>&1 >/dev/null |
		sed -n 's/^sealrun: start-up: sealed \([0-9]*\) objects, \([0-9]*\) bytes, \([0-9]*\) mseal calls, \([0-9]*\) us$/\1 \2 \3 \4/p'
done >"$tmp/many"
[ -s "$tmp/many" ] || { echo "no report from the sealer" >&2; exit 1; }
objects=$(awk '{print $1}' "$tmp/many" | median)
bytes=$(awk '{print $2}' "$tmp/many" | median)
calls=$(awk '{print $3}' "$tmp/many" | median)
us=$(awk '{print $4}' "$tmp/many" | median)
t100=$(for _ in $(seq 100); do wall_us "$tmp/main100"; done | median)
s100=$(for _ in $(seq 100); do wall_us "$SEALRUN" "$tmp/main100"; done | median)

ratio=$(awk -v s="$seal" -v e="$envt" 'BEGIN { printf "%.3f", s / e }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.15) ? "met" : "MISSED" }')

cat <<EOF
## sealrun start-up ($ROUNDS alternating rounds, median µs per run, fork and wait included)

| command | median µs | ratio to env |
| --- | ---: | ---: |
| /bin/true | $bare | $(awk -v a="$bare" -v e="$envt" 'BEGIN { printf "%.3f", a / e }') |
| env /bin/true | $envt | 1.000 |
| sealrun /bin/true | $seal | $ratio |

Target sealrun ≤ 1.15 × env: **$verdict**.

## The sealer in a program linked against 100 shared libraries (median of 30 runs)

| objects sealed | bytes sealed | mseal calls | sealer time µs | program µs | under sealrun µs |
| ---: | ---: | ---: | ---: | ---: | ---: |
| $objects | $bytes | $calls | $us | $t100 | $s100 |
EOF
