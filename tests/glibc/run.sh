#!/bin/bash
# make check-glibc: build sealtools against a newer glibc and run the
# sealer's tests there, in a Debian testing (forky) chroot, glibc 2.43:
# mseal() in <sys/mman.h>, and dlopen's LA_ACT_CONSISTENT after
# relocation (bug 31986), so that every later load is sealed whole
# before its constructors run.  Speaks TAP.
#
# The chroot is made once with debootstrap and kept under
# build/glibc/ (GLIBC_ROOT); delete it to start afresh.  Needs root
# (chroot, mounts) and Debian's mirror.
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=${GLIBC_ROOT:-$PWD/build/glibc/forky}
SUITE=${GLIBC_SUITE:-forky}
MIRROR=${GLIBC_MIRROR:-http://deb.debian.org/debian}
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
command -v debootstrap >/dev/null || bail "debootstrap is not installed (tests/deps.sh test)"

# Inside the chroot: apt, with the suite's Release file past its
# Valid-Until date on this mirror.
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

mounted=()
cleanup() {
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount -l "${mounted[i]}" 2>/dev/null
	done
}
trap cleanup EXIT
mount_in() { # SOURCE TARGET [OPTIONS...]
	mkdir -p "$2"
	mount "${@:3}" "$1" "$2" && mounted+=("$2")
}

if [ ! -e "$ROOT/.ready" ]; then
	echo "# check-glibc: creating a $SUITE chroot in $ROOT (debootstrap, then apt-get install)"
	rm -rf "$ROOT"
	mkdir -p "$(dirname "$ROOT")"
	debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" \
		/usr/share/debootstrap/scripts/sid >"$ROOT.log" 2>&1 ||
		bail "debootstrap $SUITE failed: $(tail -n 3 "$ROOT.log")"
	mount_in proc "$ROOT/proc" -t proc
	# shellcheck disable=SC2086 # the package list splits on purpose
	{ in_root apt-get -o Acquire::Check-Valid-Until=false update &&
	  in_root apt-get install -y --no-install-recommends $PACKAGES; } >>"$ROOT.log" 2>&1 ||
		bail "apt-get install in the chroot failed: $(tail -n 3 "$ROOT.log")"
	umount -l "$ROOT/proc" && mounted=()
	touch "$ROOT/.ready"
fi

mount_in proc "$ROOT/proc" -t proc
mount_in /dev "$ROOT/dev" --bind
mount_in devpts "$ROOT/dev/pts" -t devpts
mount_in tmpfs "$ROOT/tmp" -t tmpfs

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
