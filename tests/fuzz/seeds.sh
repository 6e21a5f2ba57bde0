#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Seed corpora for the fuzz targets, made from real inputs on this
# machine: tests/fuzz/seeds.sh OUTDIR  (B: the build directory with the
# helpers).  Writes OUTDIR/smaps, OUTDIR/elf, OUTDIR/policy,
# OUTDIR/columns and OUTDIR/linkmap.  Nothing is downloaded; what cannot be built here (no
# cross compiler) is left out.
set -euo pipefail
out=${1:?usage: seeds.sh OUTDIR}
B=${B:-build/$(uname -m)}
rm -rf "$out"
mkdir -p "$out"/{smaps,elf,policy,columns,linkmap}
tmp=$(mktemp -d)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || :; wait "$p" 2>/dev/null || :; done
	rm -rf "$tmp"
}
trap cleanup EXIT

# ---- smaps: the first byte is the read size the target uses (0: all) ----

# One seed per (file, read size): the whole file, or past 64 KiB its
# first 300 lines, which end on a line boundary, so the seed is valid
# smaps (small keeps fuzzing fast).
smaps_seed() { # NAME FILE
	local sz
	cat "$2" >"$tmp/s" 2>/dev/null || return 0
	if [ "$(wc -c <"$tmp/s")" -gt 65536 ]; then
		head -n 300 "$tmp/s" >"$tmp/s300"
		mv "$tmp/s300" "$tmp/s"
	fi
	for sz in 00 07 61; do
		# shellcheck disable=SC2059 # the format is the byte wanted
		{ printf "\\x$sz"; cat "$tmp/s"; } >"$out/smaps/$1-$sz"
	done
}
smaps_seed self /proc/self/smaps
sleep 100 &
pids+=($!)
smaps_seed sleep "/proc/${pids[-1]}/smaps"
if [ -x "$B/helpers/oddmaps" ]; then
	"$B/helpers/oddmaps" "$tmp" >"$tmp/odd.out" 2>/dev/null &
	pids+=($!)
	for _ in $(seq 200); do grep -qx ready "$tmp/odd.out" 2>/dev/null && break; sleep 0.01; done
	smaps_seed oddmaps "/proc/${pids[-1]}/smaps"
fi
if [ -x "$B/helpers/sealmap" ]; then
	"$B/helpers/sealmap" -n 8 >"$tmp/seal.out" 2>/dev/null &
	pids+=($!)
	for _ in $(seq 200); do grep -qx ready "$tmp/seal.out" 2>/dev/null && break; sleep 0.01; done
	smaps_seed sealmap "/proc/${pids[-1]}/smaps"
fi
# A kernel thread's smaps is empty; a header with no fields; no VmFlags.
printf '\x00' >"$out/smaps/empty"
printf '\x00%s\n' '7f0000000000-7f0000001000 ---p 00000000 00:00 0' >"$out/smaps/bare"
printf '\x03%s\n' 'ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]' \
	'Size:                  4 kB' >"$out/smaps/novmflags"

# ---- ELF and "#!" files ---------------------------------------------------

cat >"$tmp/hello.c" <<'C'
int main(void) { return 0; }
C
# A program without libc: _start makes the exit system call.
cat >"$tmp/start64.s" <<'S'
	.globl _start
_start:	movl $60, %eax
	xorl %edi, %edi
	syscall
S
cat >"$tmp/start32.s" <<'S'
	.globl _start
_start:	movl $1, %eax
	xorl %ebx, %ebx
	int $0x80
S
cc=${CC:-gcc}
$cc -O1 -o "$out/elf/dynamic" "$tmp/hello.c"
$cc -O1 -shared -fPIC -o "$out/elf/shared.so" "$tmp/hello.c"
$cc -O1 -no-pie -o "$out/elf/dynamic-nopie" "$tmp/hello.c"
$cc -nostdlib -static -o "$out/elf/static" "$tmp/start64.s"
$cc -nostdlib -static-pie -o "$out/elf/static-pie" "$tmp/start64.s" 2>/dev/null || :
as --32 -o "$tmp/start32.o" "$tmp/start32.s"
ld -m elf_i386 -o "$out/elf/static32" "$tmp/start32.o"
ld -m elf_i386 -dynamic-linker /lib/ld-linux.so.2 -o "$out/elf/dynamic32" "$tmp/start32.o"
if command -v aarch64-linux-gnu-gcc >/dev/null; then
	aarch64-linux-gnu-gcc -O1 -o "$out/elf/dynamic-aarch64" "$tmp/hello.c"
fi
strip -o "$out/elf/dynamic-stripped" "$out/elf/dynamic"
# Truncations of a real header: in the ELF header, in the program
# headers, before PT_INTERP's string.
for n in 16 40 63 64 100 300 600; do
	head -c "$n" "$out/elf/dynamic" >"$out/elf/dynamic-cut$n"
done
head -c 52 "$out/elf/dynamic32" >"$out/elf/dynamic32-cut52"
printf '#!/bin/sh\necho hi\n' >"$out/elf/script"
printf '#! \t/usr/bin/env python3 -u\n' >"$out/elf/script-arg"
printf '#!\n' >"$out/elf/script-empty"
printf '\177ELF' >"$out/elf/magic-only"

# ---- policy lists and column lists ------------------------------------------

i=0
for p in default strict objects code,relro,system default,-dlopen -default,code \
	 strict,-stack,-system holes,data,rodata '' 'code,' ',code' 'code,,data' - \
	 Code codes; do
	printf '%s' "$p" >"$out/policy/$i"
	i=$((i + 1))
done
# First byte: mode (byte % 3: mappings, objects, processes) and limit.
i=0
for c in '\x00START,END,PERMS,SIZE,SEALED,KIND,PATH' '\x00vmflags,inode,dev,offset' \
	 '\x01PATH,VMAS,SEALED,SIZE,SEALED-SIZE,COVERAGE' '\x02pid,comm,vmas,sealed,coverage' \
	 '\x00bogus' '\x05START,,END' '\x04,' '\x00'; do
	# shellcheck disable=SC2059 # the format holds the \x escapes
	printf "$c" >"$out/columns/$i"
	i=$((i + 1))
done

# ---- link maps: a valid image of N objects, then 3-byte patches ------------
# (see tests/fuzz/fuzz_linkmap.c): r_version 0, a cut chain, a cycle.
printf '\x04' >"$out/linkmap/four"
printf '\x0f' >"$out/linkmap/fifteen"
printf '\x03\x00\x04\x00' >"$out/linkmap/version0"
printf '\x03\x58\x08\x00' >"$out/linkmap/cut"
printf '\x03\x98\x08\x00\x99\x08\x08' >"$out/linkmap/cycle"
printf '\x03\x28\x04\x40\x29\x04\x04\x2a\x04\x01' >"$out/linkmap/ns"
# List bombs (first byte 0x40, then n, name padding, DT_NEEDED count and
# length, 16 bits each): 256 entries each needing the one before; 100
# entries of 31 names of 511 bytes.
printf '\x40\x00\x01\x00\x00\x01\x00\x00\x00' >"$out/linkmap/bomb256"
printf '\x40\x64\x00\x00\x00\x1f\x00\xff\x01' >"$out/linkmap/needed"
