#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# make check-glibc: build sealtools against a newer glibc and run the
# sealer's tests there, in a Debian testing (forky) root, glibc 2.43:
# mseal() in <sys/mman.h>, and dlopen's LA_ACT_CONSISTENT after
# relocation (bug 31986), so that every later load is sealed whole
# before its constructors run.  Speaks TAP.
#
# The root is tests/roots/mkroot.sh's (made once with debootstrap, kept
# in build/roots/forky); needs root (chroot, mounts) and Debian's mirror.
set -u
cd "$(dirname "$0")/../.." || exit 1
SUITE=${GLIBC_SUITE:-forky}
SUITES=${GLIBC_BATS:-tests/bats/sealrun.bats tests/bats/loads.bats}
PACKAGES="gcc libc6-dev make pkg-config libseccomp-dev libsmartcols-dev bats bats-support
	bats-assert procps util-linux gawk python3 perl git binutils tar gzip libcap2-bin
	libnss-systemd mount"
n=0

ok() { n=$((n + 1)); echo "ok $n $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n $*"; }
bail() { echo "not ok $((n + 1)) $*"; echo "1..$((n + 1))"; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP check-glibc needs root (chroot and mounts)"
	exit 0
fi
# shellcheck disable=SC2086 # the package list splits on purpose
ROOT=$(tests/roots/mkroot.sh "$SUITE" $PACKAGES) || bail "no Debian $SUITE root (tests/roots/mkroot.sh)"
in_root() { tests/roots/enter.sh "$ROOT" "$@"; }

# This tree as it is now, tracked and new files alike.
rm -rf "$ROOT/src"
mkdir -p "$ROOT/src"
git ls-files -co --exclude-standard -z | xargs -0 tar -cf - | tar -C "$ROOT/src" -xf - ||
	bail "cannot copy the tree into the chroot"

version=$(in_root getconf GNU_LIBC_VERSION)
echo "# check-glibc: $version in $ROOT"
if in_root make -C /src -j2 check-programs >"$ROOT/build.log" 2>&1; then
	ok "the project builds against $version"
else
	bail "the project does not build against $version: $(grep -m3 -E 'error|Error' "$ROOT/build.log")"
fi
B=/src/build/$(uname -m)

# glibc 2.43 has mseal(): the build must use it, and status must say so.
if in_root sh -c "nm -D $B/sealctl $B/sealrun | grep -q ' mseal@GLIBC_2.43'"; then
	ok "sealctl and sealrun call glibc's mseal()"
else
	not_ok "sealctl and sealrun call glibc's mseal()"
fi
if in_root "$B/sealctl" status | grep -qE '^mseal backend: +libc mseal\(\)$'; then
	ok "sealctl status names glibc's mseal as the backend"
else
	not_ok "sealctl status names glibc's mseal as the backend: $(in_root "$B/sealctl" status | grep backend)"
fi

# The sealer's tests, numbered on after ours.
# shellcheck disable=SC2086 # the suite list splits on purpose
in_root sh -c "cd /src && SEALTOOLS_BUILD=$B bats --tap $SUITES" >"$ROOT/bats.log" 2>&1
rc=$?
while IFS= read -r line; do
	case $line in
	"ok "*) n=$((n + 1)); echo "ok $n ${line#ok * }" ;;
	"not ok "*) n=$((n + 1)); echo "not ok $n ${line#not ok * }" ;;
	1..*) ;;
	*) echo "$line" ;;
	esac
done <"$ROOT/bats.log"
[ "$rc" -eq 0 ] || grep -q '^not ok' "$ROOT/bats.log" || not_ok "bats in the chroot exited $rc"
echo "1..$n"
