#!/bin/bash
# sealrun start-up of a static program (issue 14): `sealrun PROG` against
# `env PROG`, alternately, in one run.  PROG: a static glibc program that
# exits at once (built here), and static busybox `true`.  Target: <= 1.5x.
#
# Usage: tests/bench/static.sh [ROUNDS]   (SEALTOOLS_BUILD or B: build dir)
set -eu
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/common.bash
. tests/bench/common.bash
BUILD=${SEALTOOLS_BUILD:-$PWD/${B:-build/$(uname -m)}}
SEALRUN=$BUILD/sealrun
ROUNDS=${1:-41}
[ -x "$SEALRUN" ] || { echo "no $SEALRUN: run make first" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'int main(void) { return 0; }\n' >"$tmp/t.c"
gcc -static -O2 -o "$tmp/true-static" "$tmp/t.c"

echo "| program | env (ms) | sealrun (ms) | ratio |"
echo "|---|---|---|---|"
miss=0
for prog in "$tmp/true-static" "/bin/busybox true"; do
	: >"$tmp/env"
	: >"$tmp/seal"
	# shellcheck disable=SC2086 # prog holds a command and its argument
	for ((i = 0; i <= ROUNDS; i++)); do
		e=$(wall_us env $prog)
		s=$(wall_us "$SEALRUN" $prog)
		[ "$i" -eq 0 ] && continue		# warm-up
		echo "$e" >>"$tmp/env"
		echo "$s" >>"$tmp/seal"
	done
	e=$(median <"$tmp/env")
	s=$(median <"$tmp/seal")
	ratio=$(awk -v e="$e" -v s="$s" 'BEGIN { printf "%.2f", s / e }')
	awk -v e="$e" -v s="$s" -v r="$ratio" -v p="${prog##*/}" \
		'BEGIN { printf "| %s | %.2f | %.2f | %s |\n", p, e / 1000, s / 1000, r }'
	awk -v r="$ratio" 'BEGIN { exit !(r <= 1.5) }' || miss=1
done
[ "$miss" -eq 0 ] && echo "PASS: sealrun <= 1.5x env" || echo "MISS: sealrun > 1.5x env"
