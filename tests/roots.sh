#!/bin/bash
# tests/roots.sh SUITE: a minimal Debian root of SUITE in build/roots/SUITE,
# for the tests that run this build with another release's libraries
# (inspect.bats: Debian 13 "trixie", whose libsmartcols 2.41 lays tables
# out otherwise than Debian 12's).  Made once and kept; delete it to start
# afresh.  Needs root and Debian's mirror (ROOTS_MIRROR, default the one
# tests/glibc/run.sh uses); about 35 s and 200 MB.
set -eu
cd "$(dirname "$0")/.." || exit 1
SUITE=${1:?usage: tests/roots.sh SUITE (trixie)}
ROOT=${ROOTS_DIR:-$PWD/build/roots}/$SUITE
MIRROR=${ROOTS_MIRROR:-http://deb.debian.org/debian}

if [ -e "$ROOT/.ready" ]; then
	echo "$ROOT: there already"
	exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "roots.sh: needs root (debootstrap)" >&2; exit 1; }
command -v debootstrap >/dev/null ||
	{ echo "roots.sh: debootstrap is not installed (tests/deps.sh test)" >&2; exit 1; }
rm -rf "$ROOT"
mkdir -p "$(dirname "$ROOT")"
echo "roots.sh: debootstrap $SUITE into $ROOT (log: $ROOT.log)"
if ! debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >"$ROOT.log" 2>&1; then
	tail -n 3 "$ROOT.log" >&2
	exit 1
fi
touch "$ROOT/.ready"
# shellcheck disable=SC2016 # dpkg-query's own format
echo "$ROOT: $(chroot "$ROOT" dpkg-query -W -f '${Package} ${Version}' libsmartcols1)"
