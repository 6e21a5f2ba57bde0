#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Usage: tests/roots/enter.sh ROOT COMMAND [ARG...]
#
# Run COMMAND inside ROOT (a Debian root from tests/roots/mkroot.sh), in
# a mount namespace of its own with /proc, the machine's /dev (with
# /dev/pts and /dev/shm) and a fresh /tmp, so that nothing stays mounted
# once it ends, however it ends.  A
# clean environment: PATH, HOME=/root, LANG=C.UTF-8 and apt's
# non-interactive front end.  Needs root.
set -eu
root=${1:?usage: tests/roots/enter.sh ROOT COMMAND [ARG...]}
shift
# shellcheck disable=SC2016 # expanded by the inner shell
exec unshare --mount --propagation private sh -c '
	r=$1
	shift
	mount -t proc proc "$r/proc"
	mount --rbind /dev "$r/dev"
	mount -t tmpfs tmpfs "$r/tmp"
	exec chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"' sh "$root" "$@"
