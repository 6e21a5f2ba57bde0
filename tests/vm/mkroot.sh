#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Usage: tests/vm/mkroot.sh CACHE ARCH
#
# Build the userland of the test VMs once: the Debian release of this
# machine (VM_SUITE, default the codename in /etc/os-release: the guest
# runs this machine's build, which needs a C library as new as the one
# it was built with) for ARCH (amd64 or arm64), the packages the chosen
# tests run (bash, bats, jq, gcc, python3, perl, strace, ...), extracted
# by mmdebstrap without running their maintainer scripts, so that no
# emulation is needed for arm64.  The few things those scripts would do
# and the tests need (awk and cc links, root and nobody in /etc/passwd)
# are done here.  Writes CACHE/root-SUITE-ARCH.cpio (newc, uncompressed:
# the kernel unpacks it faster than it could gunzip under TCG) and prints
# its path.  Reused while the package list below is unchanged.
set -euo pipefail
cache=$1 arch=$2
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=${VM_SUITE:-$(. /etc/os-release && echo "${VERSION_CODENAME:-}")}
[ -n "$suite" ] || { echo "tests/vm/mkroot.sh: no VERSION_CODENAME in /etc/os-release: set VM_SUITE" >&2; exit 1; }
pkgs="bash dash coreutils diffutils findutils grep sed gawk mount util-linux hostname
	procps psmisc busybox-static libc-bin bats bats-assert bats-support jq strace
	libcap2-bin gcc libc6-dev make python3 perl git tar gzip xz-utils file
	libsmartcols1 libseccomp2 binutils"
out="$cache/root-$suite-$arch.cpio"
sum=$(echo "$suite" "$pkgs" "$(sha256sum "$0")" | sha256sum | cut -c1-16)
if [ -s "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$sum" ]; then
	echo "$out"
	exit 0
fi
tree="$cache/root-$suite-$arch"
rm -rf "$tree" "$out"
mkdir -p "$cache"
echo "# building the $arch userland: Debian $suite from $mirror ($(wc -w <<<"$pkgs") packages and their dependencies)" >&2
# Debian's own tools (mmdebstrap runs python3 helpers), not a user's
# PATH; apt not checking Valid-Until, which Release files of testing and
# unstable are past.
PATH=/usr/sbin:/usr/bin:/sbin:/bin mmdebstrap --quiet --variant=extract --architectures="$arch" \
	--aptopt='Acquire::Check-Valid-Until "false"' \
	--include="$(tr -s ' \n\t' ',' <<<"$pkgs" | sed 's/,$//')" \
	"$suite" "$tree" "$mirror" >&2
# What the skipped maintainer scripts would have left that the tests use.
printf 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' \
	>"$tree/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$tree/etc/group"
ln -sf gawk "$tree/usr/bin/awk"
ln -sf gcc "$tree/usr/bin/cc"
# Large and never used by the tests.
rm -rf "$tree"/usr/share/{doc,man,locale,info} "$tree"/usr/lib/gcc/*/*/lto1 \
	"$tree"/usr/bin/*lto-dump* "$tree"/var/cache/apt/*.bin
(cd "$tree" && find . | cpio -o -H newc --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
rm -rf "$tree"
echo "$sum" >"$out.key"
echo "$out"
