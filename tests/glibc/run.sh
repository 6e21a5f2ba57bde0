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
. tests/roots/inroot.bash

root_setup "$SUITE"
root_build
echo "# check-glibc: $ROOT_GLIBC in $ROOT"

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
root_bats $SUITES
root_end
