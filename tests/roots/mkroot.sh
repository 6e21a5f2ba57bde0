#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Usage: tests/roots/mkroot.sh SUITE [PACKAGE...]
#
# Print the path of a Debian SUITE root (bookworm, trixie, forky, sid,
# ...) with PACKAGEs installed: $ROOTS/SUITE (default build/roots/SUITE),
# made once with debootstrap --variant=minbase and kept.  Each stage of
# make check that needs a Debian root names the packages it needs; one
# root serves every stage of its suite, a package missing from it is
# installed then, and a root already complete is used as it is, with no
# network.  rm -rf the directory to start afresh.  tests/roots/enter.sh
# runs a command inside.
#
# apt in the root never checks Release files' Valid-Until: Debian's
# testing and unstable ones (and, on this mirror, trixie's) are past it.
# Needs root (debootstrap, chroot) and Debian's mirror (DEBIAN_MIRROR).
# What debootstrap and apt say goes to SUITE.log beside the root.
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 1
suite=${1:?usage: tests/roots/mkroot.sh SUITE [PACKAGE...]}
shift
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
roots=${ROOTS:-$PWD/build/roots}
root=$roots/$suite
log=$roots/$suite.log
die() { echo "tests/roots/mkroot.sh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot)"
command -v debootstrap >/dev/null || die "debootstrap is not installed (tests/deps.sh test)"
mkdir -p "$roots"
# One maker at a time per suite, whichever stage or checkout asks.
exec 9>"$root.lock"
flock 9

in_root() { tests/roots/enter.sh "$root" "$@"; }

if [ ! -e "$root/.ready" ]; then
	echo "# making a Debian $suite root in $root (debootstrap; log in $log)" >&2
	rm -rf "$root"
	# A suite this debootstrap has no script for (one newer than
	# itself) is made as sid is.
	script=
	[ -e "/usr/share/debootstrap/scripts/$suite" ] || script=/usr/share/debootstrap/scripts/sid
	debootstrap --variant=minbase "$suite" "$root" "$mirror" $script >"$log" 2>&1 ||
		die "debootstrap $suite failed: $(tail -n 3 "$log")"
	touch "$root/.ready"
fi
# (Written each time: also into a root made before this line was.)
cat >"$root/etc/apt/apt.conf.d/99sealtools" <<'EOF'
// tests/roots/mkroot.sh: the Release files of testing and unstable
// (and of trixie, on this mirror) are past their Valid-Until.
Acquire::Check-Valid-Until "false";
APT::Install-Recommends "false";
EOF

missing=()
if [ $# -gt 0 ]; then
	# shellcheck disable=SC2016 # dpkg-query's format, not the shell's
	# (dpkg-query fails when any is missing: what it printed counts.)
	installed=" $({ in_root dpkg-query -W -f '${Package} ${Status}\n' "$@" 2>/dev/null || :; } |
		awk '$NF == "installed" { printf "%s ", $1 }')"
	for p in "$@"; do
		[[ $installed == *" $p "* ]] || missing+=("$p")
	done
fi
if [ "${#missing[@]}" -gt 0 ]; then
	echo "# installing in the $suite root: ${missing[*]}" >&2
	# Daemons are installed, never started, in a root: tests start
	# their own.
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 755 "$root/usr/sbin/policy-rc.d"
	{ in_root apt-get update && in_root apt-get install -y "${missing[@]}"; } >>"$log" 2>&1 ||
		die "apt-get install ${missing[*]} in the $suite root failed: $(tail -n 3 "$log")"
fi
echo "$root"
