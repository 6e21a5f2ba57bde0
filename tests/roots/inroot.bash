# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Sourced by the stages of make check that build this tree inside a
# Debian root (tests/roots/mkroot.sh) and run bats files there: the root
# made and entered, the tree copied in and built, the bats files run,
# their TAP numbered on into the stage's own.  The caller sets nothing
# but calls, in order: root_setup SUITE PACKAGE..., root_build, then any
# checks of its own (ok, not_ok), root_bats FILE..., root_end.
n=0
ok() { n=$((n + 1)); echo "ok $n $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n $*"; }
bail() { echo "not ok $((n + 1)) $*"; echo "1..$((n + 1))"; exit 1; }

# What every such stage needs in its root to build and run bats.
ROOT_BASE_PACKAGES="gcc libc6-dev make pkg-config libseccomp-dev libsmartcols-dev bats
	bats-support bats-assert procps util-linux gawk python3 perl git binutils tar gzip
	libcap2-bin libnss-systemd mount"

in_root() { tests/roots/enter.sh "$ROOT" "$@"; }

root_setup() { # SUITE PACKAGE...
	local suite=$1
	shift
	if [ "$(id -u)" -ne 0 ]; then
		echo "1..0 # SKIP needs root (chroot and mounts)"
		exit 0
	fi
	# shellcheck disable=SC2086 # the base list is words
	ROOT=$(tests/roots/mkroot.sh "$suite" $ROOT_BASE_PACKAGES "$@") ||
		bail "no Debian $suite root (tests/roots/mkroot.sh; log in build/roots/$suite.log)"
}

# The tree as git sees it (tracked and new files, not build/) into /src,
# built there against the root's own libraries.
root_build() {
	rm -rf "$ROOT/src"
	mkdir -p "$ROOT/src"
	git ls-files -co --exclude-standard -z | xargs -0 tar -cf - | tar -C "$ROOT/src" -xf - ||
		bail "cannot copy the tree into the root"
	ROOT_GLIBC=$(in_root getconf GNU_LIBC_VERSION)
	if in_root make -C /src -j2 check-programs >"$ROOT/build.log" 2>&1; then
		ok "the project builds against $ROOT_GLIBC"
	else
		bail "the project does not build against $ROOT_GLIBC: $(grep -m3 -E 'error|Error' "$ROOT/build.log")"
	fi
	B=/src/build/$(uname -m)
}

# ROOT_BATS_ENV: NAME=VALUE words for bats's environment, ROOT_BATS_TAG:
# words after each test's name (one file run once per mode, say).
root_bats() { # FILE...
	local rc line
	in_root sh -c "cd /src && ${ROOT_BATS_ENV:-} SEALTOOLS_BUILD=$B bats --tap $*" >"$ROOT/bats.log" 2>&1
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*) n=$((n + 1)); echo "ok $n ${line#ok * }${ROOT_BATS_TAG:+ $ROOT_BATS_TAG}" ;;
		"not ok "*) n=$((n + 1)); echo "not ok $n ${line#not ok * }${ROOT_BATS_TAG:+ $ROOT_BATS_TAG}" ;;
		1..*) ;;
		*) echo "$line" ;;
		esac
	done <"$ROOT/bats.log"
	[ "$rc" -eq 0 ] || grep -q '^not ok' "$ROOT/bats.log" || not_ok "bats in the root exited $rc"
}

root_end() { echo "1..$n"; }
