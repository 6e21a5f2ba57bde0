#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# The Debian packages of debian/, built, checked, installed and run in a
# Debian 13 (trixie) root on this machine, as the distribution would build
# them.  Speaks TAP.
#
#  1. The root: tests/roots/mkroot.sh trixie (made once, shared by every Debian 13
#     stage of make check), with tests/deps.sh deb and debian/control's
#     Build-Depends installed in it (once: later runs find them there).
#  2. The source package: make dist's tarball of HEAD as the orig tarball
#     (DIST_DIRTY=1: uncommitted changes to the sources are not in it),
#     this tree's debian/ over it, dpkg-source -b.
#  3. dpkg-buildpackage -us -uc -b, its log kept in $OUT (build/deb/).
#  4. lintian --pedantic --display-info on the source and binary packages
#     (clean: every tag it shows fails, experimental ones aside), blhc --all --debian on
#     the build log, hardening-check on every ELF file the packages hold.
#  5. The packages installed into a snapshot of the root (an overlay,
#     thrown away after): the files where they belong, sealctl status,
#     sealrun /bin/true; the autopkgtests' scripts (debian/tests/smoke:
#     sealctl verify of a shell sealrun started, sealctl seal of a plain
#     one; libseal: a program built against libseal-dev) run directly,
#     not through autopkgtest; the metrics timer shipped but not enabled;
#     a purge leaves no file of theirs.
#
# Needs root (chroot, mounts; everything mounted lives in a mount
# namespace of its own) and, the first time, Debian's mirror.
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=${ROOTS:-$PWD/build/roots}/trixie
OUT=$PWD/build/deb

n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; printf '#   %s\n' "$@"; }
bail() { not_ok "$@"; echo "1..$n"; exit 1; }
note() { echo "# $*"; }

if [ ! -d debian ]; then
	echo "1..0 # SKIP no debian/ here (a release tarball leaves it out)"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root (chroot and mounts)"
	exit 0
fi
# Everything below in a mount namespace of our own: the mounts go with it.
if [ -z "${SEALTOOLS_DEB_NS:-}" ]; then
	exec unshare --mount --propagation private env SEALTOOLS_DEB_NS=1 "$0" "$@"
fi
t0=$SECONDS

# ---- 1. the root -------------------------------------------------------------------

if ! out=$(tests/roots/mkroot.sh trixie 2>&1); then
	bail "a Debian 13 root (tests/roots/mkroot.sh trixie)" "$out"
fi
note "$(tail -n 1 <<<"$out")"

# chroot ROOT with a clean environment; the Release files' Valid-Until
# is not checked (a root kept for months).
in_root() { # ROOT COMMAND...
	local r=$1
	shift
	chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive "$@"
}
mount_root() { # ROOT: /proc, /dev, and a /tmp of its own
	mount -t proc proc "$1/proc" && mount --bind /dev "$1/dev" &&
		mount -t tmpfs tmpfs "$1/tmp"
}
mount_root "$ROOT" || bail "mounts in $ROOT"

# The build happens in ROOT/build, made afresh each time.
rm -rf "$ROOT/build"
mkdir -p "$ROOT/build" "$OUT"
rm -f "$OUT"/*

# ---- 2. the source package ----------------------------------------------------------

version=$(git show HEAD:VERSION 2>/dev/null) || bail "HEAD's VERSION (not a git checkout?)"
if ! out=$(make -s --no-print-directory dist DIST_DIRTY=1 2>&1); then
	bail "make dist" "$out"
fi
[ -z "$(git status --porcelain -- . ':!build' 2>/dev/null)" ] ||
	note "the tree has changes since HEAD: the packages are built from HEAD's tarball and this debian/"
cp "build/sealtools-$version.tar.gz" "$ROOT/build/sealtools_$version.orig.tar.gz"
tar -C "$ROOT/build" -xzf "$ROOT/build/sealtools_$version.orig.tar.gz"
tree=$ROOT/build/sealtools-$version
cp -a debian "$tree/"
ok "the source: make dist's sealtools-$version.tar.gz as the orig tarball, with this debian/"

# The tools, and the Build-Depends (apt-get build-dep reads debian/control).
deps_log=$OUT/deps.log
t1=$SECONDS
cp tests/deps.sh "$ROOT/build/deps.sh"
if ! in_root "$ROOT" sh /build/deps.sh deb >"$deps_log" 2>&1; then
	bail "tests/deps.sh deb in the root" "$(tail -n 5 "$deps_log")"
fi
if ! in_root "$ROOT" sh -c "cd /build/sealtools-$version && dpkg-checkbuilddeps" >>"$deps_log" 2>&1; then
	note "installing the Build-Depends in the root (log: $deps_log)"
	if ! in_root "$ROOT" sh -c "cd /build/sealtools-$version &&
		apt-get update -qq -o Acquire::Check-Valid-Until=false &&
		apt-get build-dep -y -qq --no-install-recommends ./" >>"$deps_log" 2>&1; then
		bail "apt-get build-dep in the root" "$(tail -n 5 "$deps_log")"
	fi
fi
ok "the root has the tools and the Build-Depends ($((SECONDS - t1)) s)"

if in_root "$ROOT" sh -c "cd /build && dpkg-source -b sealtools-$version" >"$OUT/source.log" 2>&1; then
	ok "dpkg-source -b: $(cd "$ROOT/build" && ls -- *.dsc)"
else
	not_ok "dpkg-source -b" "$(tail -n 10 "$OUT/source.log")"
fi

# ---- 3. the build ---------------------------------------------------------------------

t1=$SECONDS
log=$OUT/build.log
if in_root "$ROOT" sh -c "cd /build/sealtools-$version && dpkg-buildpackage -us -uc -b" \
	>"$log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b ($((SECONDS - t1)) s): $(cd "$ROOT/build" && echo -- *.deb | sed 's/^-- //')"
else
	bail "dpkg-buildpackage -us -uc -b (log: $log)" "$(tail -n 20 "$log")"
fi
cp "$ROOT"/build/*.deb "$ROOT"/build/*.changes "$ROOT"/build/*.buildinfo "$OUT/"
arch=$(in_root "$ROOT" dpkg --print-architecture)
changes=$(cd "$ROOT/build" && ls -- *_"$arch".changes)

# ---- 4. lintian, blhc, hardening-check --------------------------------------------

# A version node newer than the package (lintian's
# symbols-file-contains-current-version-with-debian-revision) means
# VERSION and debian/changelog are behind lib/libseal.map.
newest=$(awk '{ print $NF }' debian/libseal0.symbols | grep -E '^[0-9.]+$' | sort -V | tail -n 1)
[ "$(printf '%s\n' "$newest" "$version" | sort -V | tail -n 1)" = "$version" ] ||
	note "lib/libseal.map has symbols of $newest, newer than VERSION $version: bump VERSION and debian/changelog (dch -v $newest-1)"

t1=$SECONDS
# Every tag shown fails, of every level: errors, warnings, pedantic (P:)
# and info (I:) tags; overridden ones do not (each override says why).
# Experimental tags are shown, not counted: lintian itself is not sure of
# them.  As nobody: lintian would rather not run as root.
in_root "$ROOT" setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/tmp \
	sh -c "cd /build && lintian --pedantic --display-info --display-experimental \
	--show-overrides $changes *.dsc" >"$OUT/lintian.log" 2>&1
rc=$?	# 0, or 2 with an error tag; 1: lintian itself failed
if [ "$rc" -eq 0 ] && ! grep -qE '^[EWIP]: ' "$OUT/lintian.log"; then
	ok "lintian --pedantic --display-info on the source and binary packages: clean" \
		"($((SECONDS - t1)) s; $(grep -c '^O: ' "$OUT/lintian.log") overridden," \
		"$(grep -c '^X: ' "$OUT/lintian.log") experimental)"
	grep '^[OX]: ' "$OUT/lintian.log" | sed 's/^/#   /'
else
	not_ok "lintian --pedantic --display-info on the source and binary packages (exit $rc)" \
		"$(grep -vE '^[NO]: ' "$OUT/lintian.log" | head -n 40)"
fi

# blhc: every compiler and linker line of the build with the flags
# dpkg-buildflags gives for hardening=+all (--all), PIE aside: Debian's
# gcc makes it by default, with no flag on the line (--debian).  The
# sealer's objects (sealer-obj/) are compiled without _FORTIFY_SOURCE on
# purpose: it links no C library, so there is no __memcpy_chk and the
# like to call (the Makefile says so).
cp "$log" "$ROOT/build/build.log"
if out=$(in_root "$ROOT" blhc --all --debian --ignore-line '.*/sealer-obj/.*' /build/build.log 2>&1); then
	ok "blhc --all --debian on the build log: clean (the sealer's objects' fortify aside)"
else
	not_ok "blhc --all --debian on the build log" "$(head -n 30 <<<"$out")"
fi

# hardening-check on each ELF file of the packages (not the -dbgsym
# ones), with two of its checks left out where they cannot hold:
#  - on amd64, control flow integrity (IBT/SHSTK): Debian 13's C library
#    start files carry no such property, so no program linked with them
#    has it (ls and dpkg in the same root fail it too), although every
#    compiler line has -fcf-protection (blhc checks that); branch
#    protection is AArch64's;
#  - the sealer (libsealrun.so) links no C library: its own
#    __stack_chk_fail is no import of libc's, which is what
#    hardening-check looks for (it is compiled with
#    -fstack-protector-strong like the rest).
case $arch in
amd64) hc_arch=(--nocfprotection --nobranchprotection) ;;
*) hc_arch=() ;;
esac
ext=$ROOT/build/extracted
mkdir -p "$ext"
for deb in "$ROOT"/build/*.deb; do
	case $deb in *-dbgsym_*) continue ;; esac
	dpkg-deb -x "$deb" "$ext"
done
hc_fail=() hc_lines=()
while read -r f; do
	rel=${f#"$ext"}
	opts=("${hc_arch[@]}")
	case $rel in
	*/sealtools/libsealrun.so) opts+=(--nostackprotector) ;;
	esac
	if res=$(in_root "$ROOT" hardening-check "${opts[@]}" "/build/extracted$rel" 2>&1); then
		hc_lines+=("$rel: $(grep -c ': yes' <<<"$res") checks yes, $(grep -c ': unknown' <<<"$res") unknown")
	else
		hc_fail+=("$(tr '\n' ' ' <<<"$res")")
	fi
done < <(find "$ext" -type f -exec sh -c 'head -c 4 "$1" | grep -q "^.ELF"' _ {} \; -print | sort)
if [ "${#hc_fail[@]}" -eq 0 ] && [ "${#hc_lines[@]}" -ge 4 ]; then
	ok "hardening-check on the ${#hc_lines[@]} ELF files of the packages"
	printf '#   %s\n' "${hc_lines[@]}"
else
	not_ok "hardening-check on the ELF files of the packages" "${hc_fail[@]}" "${hc_lines[@]}"
fi

# ---- 5. installed, in a snapshot of the root ------------------------------------------

t1=$SECONDS
snap=$(mktemp -d /tmp/sealtools-deb.XXXXXX)
trap 'umount -R "$snap/merged" 2>/dev/null; rm -rf "$snap"' EXIT
mkdir -p "$snap/upper" "$snap/work" "$snap/merged"
# The root's own mounts are not part of the snapshot.
umount "$ROOT/tmp" "$ROOT/dev" "$ROOT/proc"
if ! mount -t overlay overlay -o "lowerdir=$ROOT,upperdir=$snap/upper,workdir=$snap/work" \
	"$snap/merged"; then
	bail "an overlay over $ROOT"
fi
new=$snap/merged
mount_root "$new" || bail "mounts in the snapshot"
mkdir -p "$new/debs"
# Not the -dbgsym packages: nothing of theirs is checked here.
find "$OUT" -name '*.deb' ! -name '*-dbgsym_*' -exec cp {} "$new/debs/" \;
# Only what the packages depend on may be installed with them: apt
# resolves their Depends from the root as it is.
if out=$(in_root "$new" sh -c 'apt-get install -y -qq --no-install-recommends /debs/*.deb' 2>&1); then
	ok "apt-get install of the packages into a snapshot of the root"
else
	bail "apt-get install of the packages into a snapshot of the root" "$(tail -n 10 <<<"$out")"
fi

check() { # DESCRIPTION COMMAND... (in the snapshot)
	local what=$1 out
	shift
	if out=$(in_root "$new" "$@" 2>&1); then
		ok "$what"
		[ -z "$out" ] || head -n 15 <<<"$out" | sed 's/^/#   /'
	else
		not_ok "$what" "$(tail -n 20 <<<"$out")"
	fi
}
multiarch=$(in_root "$new" dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null ||
	in_root "$new" gcc -print-multiarch)
# shellcheck disable=SC2016 # the root's shell expands them
check "dpkg -L: the tools, the sealer in /usr/lib/$multiarch/sealtools/, man pages, completions, units" \
	sh -c 'found=$(dpkg -L sealtools | grep -E "^/usr/bin/seal(ctl|run)\$|^/usr/lib/$1/sealtools/libsealrun\.so\$|/sealctl\.8\.gz\$|/completions/sealctl\$|/_sealctl\$|/sealtools-metrics\.timer\$")
		echo "$found"
		[ "$(echo "$found" | wc -l)" -eq 7 ] &&
		dpkg -L libseal0 | grep -q "^/usr/lib/$1/libseal\.so\.0\$" &&
		dpkg -L libseal-dev | grep -q "^/usr/lib/$1/pkgconfig/libseal\.pc\$"' _ "$multiarch"
check "sealctl status" sealctl status
check "sealrun /bin/true" sealrun /bin/true
# The autopkgtests, run as autopkgtest would, from the source tree:
# smoke verifies a shell sealrun started, and seals a plain one in place.
for t in smoke libseal; do
	check "debian/tests/$t (the autopkgtest's script, run directly)" \
		sh -c "cd /build/sealtools-$version && debian/tests/$t"
done
# shellcheck disable=SC2016
check "the metrics service and timer are shipped but not enabled" sh -c '
	ls /usr/lib/systemd/system/sealtools-metrics.service /usr/lib/systemd/system/sealtools-metrics.timer &&
	! ls /etc/systemd/system/*/sealtools-metrics.* 2>/dev/null'
# shellcheck disable=SC2016
check "dpkg --purge removes every file of the packages" sh -c '
	files=$(dpkg -L sealtools libseal0 libseal-dev | sort -u)
	dpkg --purge libseal-dev sealtools libseal0 >/dev/null || exit 1
	for f in $files; do
		[ -d "$f" ] && continue
		[ -e "$f" ] || [ -L "$f" ] || continue
		echo "left: $f"
		exit 1
	done'
note "installed and run in $((SECONDS - t1)) s"
note "packaging stage: $((SECONDS - t0)) s"
echo "1..$n"
[ "$failed" -eq 0 ]
