#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Usage: tests/vm/run.sh --list     the kernels, one ID a line
#        tests/vm/run.sh ID         boot kernel ID under qemu-system and run
#                                   the kernel-dependent tests inside, as TAP
#
# Each kernel is a Debian one (fetched into $VM_CACHE, default build/vm,
# by tests/vm/fetch.sh), booted under TCG with an initramfs of our own: a
# userland of this machine's Debian release (tests/vm/mkroot.sh), this
# tree's sources and tests, and its build for that architecture
# (cross-built for aarch64).  The
# guest's /init (tests/vm/init) runs one suite per line of vm-suites and
# prints everything on the serial console; this script picks the TAP out
# of it, adds a line of its own per suite that exits non-zero without a
# failing test, and writes the figures of the run to
# $VM_CACHE/results/ID.env for tests/vm/matrix.sh.
#
# Which tests: the libseal unit tests and the kernel conformance test
# (tests/unit/test_kernel.c) everywhere; on a kernel with mseal the bats
# files (or some of their tests) of $VM_BATS; on one without,
# tests/vm/nomseal.bats and status.bats.  The names only: what the files
# test is theirs.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
CACHE=${VM_CACHE:-build/vm}
# FILE or FILE:REGEX (bats --filter: only the tests whose names match).
# Bats under TCG costs seconds a test: the list is what fits the budget.
# status.bats runs on the kernel without mseal only: on the others the
# conformance test and these files show mseal at work.  This machine runs
# every file natively on x86_64 (Linux 6.18), so the x86_64 guest runs the
# kernel-dependent part of sealrun.bats and sealcmd.bats; the AArch64 one
# runs all of sealrun.bats and more of sealcmd.bats (the injector's
# registers are per ISA).  No pattern may hold a space.
vm_common="inspect:JSON verify:complies|dlopen syscall"
# shellcheck disable=SC2034 # read through ${!defaults}
VM_BATS_x86_64="sealrun:self-attacks|every.file-backed|strict.seals|dlopen.d.after|constructor|statically|fails.closed static:busybox:|glibc.and|Yama|Go $vm_common sealcmd:sleep:|blocked"
# shellcheck disable=SC2034 # read through ${!defaults}
VM_BATS_aarch64="sealrun static $vm_common sealcmd:sleep:|blocked|http.server|static.program"
VM_TIMEOUT=${VM_TIMEOUT:-1800}

# ID, Debian suite, Debian architecture, kernel package, has mseal.
KERNELS="x86_64-6.1	bookworm	amd64	linux-image-amd64	no
x86_64-6.12	trixie	amd64	linux-image-amd64	yes
aarch64-6.12	trixie	arm64	linux-image-arm64	yes"

if [ "${1:-}" = --list ]; then
	cut -f1 <<<"$KERNELS"
	exit 0
fi
id=${1:?usage: tests/vm/run.sh --list | ID}
read -r _ suite darch kpkg mseal < <(awk -v id="$id" '$1 == id' <<<"$KERNELS")
if [ -z "${suite:-}" ]; then
	echo "tests/vm/run.sh: unknown kernel '$id' (see --list)" >&2
	exit 64
fi
arch=${id%%-*} series=${id#*-}
defaults=VM_BATS_$arch
VM_BATS=${VM_BATS:-${!defaults}}
B=build/$arch

TAP_PREFIX="$id: "
# shellcheck source=tests/tap.bash
. tests/tap.bash
finish() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
	exit
}

start=$SECONDS
# ---- what the guest needs: a kernel, a userland, our build ----------------
deb=$(tests/vm/fetch.sh "$CACHE" "$suite" "$darch" "$kpkg") || {
	t FAIL "fetch the $suite $darch kernel"; finish; }
kdir=$CACHE/kernel/$(basename "$deb" .deb)
if ! ls "$kdir"/boot/vmlinuz-* >/dev/null 2>&1; then
	mkdir -p "$kdir"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$kdir" --wildcards './boot/vmlinuz-*'
fi
kernels=("$kdir"/boot/vmlinuz-*)
kernel=${kernels[0]}
[ -s "$kernel" ] || { t FAIL "no vmlinuz in $deb"; finish; }
root=$(tests/vm/mkroot.sh "$CACHE" "$darch") || { t FAIL "build the $darch userland"; finish; }
if ! make -s ARCH="$arch" B="$B" check-programs >/dev/null 2>&1; then
	make ARCH="$arch" B="$B" check-programs 2>&1 | tail -20 | sed 's/^/# /'
	t FAIL "build for $arch"; finish
fi

# This tree at /sealtools (sources, tests, the build for $arch, no other
# build), the list of suites, and /init.
stage=$(mktemp -d "${TMPDIR:-/tmp}/sealtools-vm.XXXXXX")
chmod 755 "$stage"	# the guest's / (the tests run some tools as nobody)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/sealtools/build"
tar -c --exclude=./build --exclude=./.git . | tar -x -C "$stage/sealtools"
cp -a "$B" "$stage/sealtools/build/"
rm -rf "$stage/sealtools/$B"/{fuzz,asan*}
# The guest has no Go: static.bats' Go program is built here, for $darch.
if [[ " $VM_BATS " == *" static"[\ :]* ]]; then
	tests/static/gobuild.sh "$darch" "$stage/sealtools/$B/helpers/selfprotect-go" ||
		echo "# no static Go program for $darch (gobuild.sh exit $?): its test skips"
fi
gb=/sealtools/$B
{
	for u in "$B"/tests/test_*; do
		[ -x "$u" ] && echo "unit-$(basename "$u") SEAL_EXPECT_MSEAL=$mseal $gb/tests/$(basename "$u")"
	done
	if [ "$mseal" = yes ]; then
		for f in $VM_BATS; do
			filter=
			[[ $f == *:* ]] && filter="--filter $(printf '%q' "${f#*:}")"
			echo "bats-${f%%:*} SEALTOOLS_BUILD=$gb bats --tap $filter tests/bats/${f%%:*}.bats"
		done
	else
		echo "bats-nomseal SEALTOOLS_BUILD=$gb bats --tap tests/vm/nomseal.bats"
		echo "bats-status SEALTOOLS_BUILD=$gb bats --tap tests/bats/status.bats"
	fi
} >"$stage/sealtools/vm-suites"
cp tests/vm/init "$stage/init"
(cd "$stage" && find . | cpio -o -H newc --quiet) >"$stage.cpio"
trap 'rm -rf "$stage" "$stage.cpio"' EXIT
cat "$root" "$stage.cpio" >"$stage/initrd"
prep=$((SECONDS - start))

# ---- boot ------------------------------------------------------------------
case $arch in
x86_64)
	qemu=(qemu-system-x86_64 -cpu max -m 2048)
	console=ttyS0 ;;
aarch64)
	# pauth-impdef: the same CPU features, 2-3 times faster under TCG.
	qemu=(qemu-system-aarch64 -M virt -cpu 'max,pauth-impdef=on' -m 2048)
	console=ttyAMA0 ;;
esac
mkdir -p "$CACHE/results"
log=$CACHE/results/$id.console
echo "# $id: booting $(basename "$kernel") ($suite, $darch) under ${qemu[0]} (TCG); console in $log (while it runs: $log.raw)"
boot=$SECONDS
# One VM at a time on this machine, whichever checkout starts it.
flock /tmp/sealtools-vm.lock timeout "$VM_TIMEOUT" "${qemu[@]}" -accel tcg,thread=multi -smp 2 \
	-display none -nodefaults -serial stdio -no-reboot -kernel "$kernel" -initrd "$stage/initrd" \
	-append "console=$console panic=-1 quiet" </dev/null >"$log.raw" 2>&1
qrc=$?
tr -d '\r' <"$log.raw" >"$log" && rm -f "$log.raw"
secs=$((SECONDS - boot))

# ---- the results -------------------------------------------------------------
read -r _ _ release march < <(grep -m1 '^@@sealtools uname ' "$log")
read -r _ _ glibc < <(grep -m1 '^@@sealtools glibc ' "$log")
read -r _ _ userland < <(grep -m1 '^@@sealtools userland ' "$log")
if [ -n "${release:-}" ] && [ "$march" = "$arch" ] && [[ $release == "$series".* ]]; then
	t OK "booted Linux $release ($march, glibc $glibc) in a VM"
else
	t FAIL "boot Linux $series ($arch)" "qemu exit $qrc; last lines of $log:
$(tail -15 "$log")"
	finish
fi
# The suites' own lines, as they are; a suite that exits non-zero without
# a failing test line is one failure, as in tests/run.
awk '
	/^@@sealtools suite / { name = $3; bad = 0; print "# ---- '"$id"': " name; next }
	/^@@sealtools end / {
		if ($4 != 0 && !bad) print "not ok - '"$id"': suite " name " exited " $4
		print "# " name ": " $5 " s"
		name = ""; next }
	/^@@sealtools done/ { exit }
	name != "" { if ($0 ~ /^not ok /) bad = 1; print }' "$log" >"$stage/tap"
cat "$stage/tap"
if grep -q '^@@sealtools done' "$log"; then
	t OK "every suite ran to its end ($secs s in the VM)"
else
	t FAIL "the VM finished every suite" "qemu exit $qrc after $secs s; last lines of $log:
$(tail -15 "$log")"
fi

p=$(grep -cE '^ok [0-9]+' "$stage/tap")
s=$(grep -cE '^ok [0-9]+.*# (skip|SKIP)' "$stage/tap")
f=$(grep -cE '^not ok' "$stage/tap")
cat >"$CACHE/results/$id.env" <<EOF
id=$id
release=$release
arch=$march
glibc=$glibc
kernel_from="Debian $suite"
userland="${userland:-unknown}"
mseal=$mseal
passed=$((p - s))
failed=$((f + failed))
skipped=$s
seconds=$((secs + prep))
date=$(date -u +%Y-%m-%d)
EOF
finish
