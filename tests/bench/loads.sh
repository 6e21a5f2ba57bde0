#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# What the sealer costs on later loads (issue 10's targets), each plain
# and under sealrun, alternating so that drift hits both alike:
#
# 1. python3 importing 30 C extension modules: sealed <= 1.05 x plain.
# 2. 8,300 plugins (distinct files) opened, called and closed one at a
#    time: sealed <= 1.5 x plain.  Every sealed copy stays mapped after
#    dlclose (the kernel refuses the munmap); the memory it keeps is
#    reported.
# 3. One dlopen + dlsym + dlclose of a small plugin, with 10 and with
#    1,000 other objects loaded: the sealed cost must not grow with the
#    objects already loaded (ratio 1000/10 close to plain's).
#
# Usage: tests/bench/loads.sh [ROUNDS]   (SEALTOOLS_BUILD or B: build dir)
# Prints markdown tables.
set -eu
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/common.bash
. tests/bench/common.bash
bench_setup sealrun
ROUNDS=${1:-15}
PY=/usr/bin/python3

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t) ? "met" : "MISSED" }'; }

# Alternate plain and sealed ROUNDS times; sets PLAIN and SEALED (median µs).
compare() {
	local i
	: >"$tmp/plain"
	: >"$tmp/sealed"
	"$@" >/dev/null
	"$SEALRUN" "$@" >/dev/null
	for ((i = 0; i < ROUNDS; i++)); do
		wall_us "$@" >>"$tmp/plain"
		wall_us "$SEALRUN" "$@" >>"$tmp/sealed"
	done
	PLAIN=$(median <"$tmp/plain")
	SEALED=$(median <"$tmp/sealed")
}

# ---- 1. python3 and 30 extension modules -----------------------------------------

mods=$(find /usr/lib/python3*/lib-dynload/ -name '*.so' -printf '%f\n' | sort | sed -n 's/^\([A-Za-z_0-9]*\)\..*\.so$/\1/p' |
	grep -vE '^(_test|_xx|xx|_ctypes_test|ossaudiodev|nis|_curses_panel)' | head -n 30 | paste -sd, -)
nmods=$(tr ',' '\n' <<<"$mods" | wc -l)
compare "$PY" -c "import $mods"
py_plain=$PLAIN py_sealed=$SEALED py_ratio=$(ratio "$SEALED" "$PLAIN")

# ---- 2. 8,300 plugins --------------------------------------------------------------

mkdir -p "$tmp/plugins"
printf 'int plug(int x) { return x + 1; }\n' >"$tmp/plug.c"
gcc -shared -fPIC -Os -s -o "$tmp/plugins/p0.so" "$tmp/plug.c"
"$PY" -c 'import shutil, sys
for i in range(1, 8300): shutil.copyfile(sys.argv[1] + "/p0.so", sys.argv[1] + "/p%d.so" % i)' "$tmp/plugins"
cat >"$tmp/churn.c" <<-EOF
#include <dlfcn.h>
#include <stdio.h>
int main(void)
{
	char path[256];
	long sum = 0;
	for (int i = 0; i < 8300; i++) {
		snprintf(path, sizeof(path), "$tmp/plugins/p%d.so", i);
		void *h = dlopen(path, RTLD_NOW);
		int (*f)(int) = h ? (int (*)(int))dlsym(h, "plug") : 0;
		if (!f)
			return 1;
		sum += f(i);
		dlclose(h);
	}
	FILE *s = fopen("/proc/self/statm", "r");
	long size = 0, rss = 0;
	if (s && fscanf(s, "%ld %ld", &size, &rss) == 2)
		fprintf(stderr, "%ld %ld\n", size, rss);
	return sum > 0 ? 0 : 1;
}
EOF
gcc -O2 -o "$tmp/churn" "$tmp/churn.c" -ldl
ROUNDS=$(( ROUNDS < 5 ? ROUNDS : 5 )) compare "$tmp/churn"
churn_plain=$PLAIN churn_sealed=$SEALED churn_ratio=$(ratio "$SEALED" "$PLAIN")
page=$(getconf PAGESIZE)
read -r vsz_p rss_p < <("$tmp/churn" 2>&1 >/dev/null)
read -r vsz_s rss_s < <("$SEALRUN" "$tmp/churn" 2>&1 >/dev/null)

# ---- 3. one dlopen with 10 and 1,000 objects loaded ---------------------------------

mkdir -p "$tmp/many"
gcc -shared -fPIC -Os -s -o "$tmp/many/m0.so" "$tmp/plug.c"
"$PY" -c 'import shutil, sys
for i in range(1, 1000): shutil.copyfile(sys.argv[1] + "/m0.so", sys.argv[1] + "/m%d.so" % i)' "$tmp/many"
cat >"$tmp/one.c" <<-EOF
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e6 + t.tv_nsec / 1e3; }
int main(int argc, char **argv)
{
	int keep = atoi(argv[1]);
	char path[256];
	for (int i = 0; i < keep; i++) {
		snprintf(path, sizeof(path), "$tmp/many/m%d.so", i);
		if (!dlopen(path, RTLD_NOW))
			return 1;
	}
	/* 200 loads of fresh files, each opened, looked up and closed. */
	double t0 = now();
	for (int i = 0; i < 200; i++) {
		snprintf(path, sizeof(path), "$tmp/plugins/p%d.so", i);
		void *h = dlopen(path, RTLD_NOW);
		if (!h || !dlsym(h, "plug"))
			return 1;
		dlclose(h);
	}
	printf("%.1f\n", (now() - t0) / 200);
	return 0;
}
EOF
gcc -O2 -o "$tmp/one" "$tmp/one.c" -ldl
one() { # LAUNCHER... N
	local i
	for ((i = 0; i < ROUNDS; i++)); do "$@"; done | median
}
p10=$(one "$tmp/one" 10)
s10=$(one "$SEALRUN" "$tmp/one" 10)
p1000=$(one "$tmp/one" 1000)
s1000=$(one "$SEALRUN" "$tmp/one" 1000)

cat <<EOF
## Later loads ($ROUNDS alternating rounds, medians)

| case | plain | sealed | ratio | target |
| --- | ---: | ---: | ---: | --- |
| python3 importing $nmods extension modules, µs | $py_plain | $py_sealed | $py_ratio | ≤ 1.05: **$(verdict "$py_ratio" 1.05)** |
| 8,300 plugins opened, called, closed, µs | $churn_plain | $churn_sealed | $churn_ratio | ≤ 1.5: **$(verdict "$churn_ratio" 1.5)** |

After the 8,300 plugins: address space $((vsz_p * page >> 20)) MiB plain, $((vsz_s * page >> 20)) MiB sealed
(each closed plugin stays mapped, sealed); resident $((rss_p * page >> 20)) MiB plain, $((rss_s * page >> 20)) MiB sealed.

## One dlopen + dlsym + dlclose, µs, with other objects loaded

| objects loaded | plain | sealed | sealed − plain |
| ---: | ---: | ---: | ---: |
| 10 | $p10 | $s10 | $(awk -v a="$s10" -v b="$p10" 'BEGIN { printf "%.1f", a - b }') |
| 1000 | $p1000 | $s1000 | $(awk -v a="$s1000" -v b="$p1000" 'BEGIN { printf "%.1f", a - b }') |
EOF
