#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# make distcheck: the release tarball (make dist) checked as a user and a
# distribution get it.  Speaks TAP.
#   1. made twice, here and in a fresh clone (another path, umask, time
#      zone and time), it is the same bytes;
#   2. it holds sealtools-X.Y.Z/ and nothing else, with HEAD's VERSION, no
#      .git, build/ or debian/, every file with the commit's time, in
#      sorted order;
#   3. extracted in a temporary directory outside any git tree, it builds
#      (WERROR=1) and passes "make test", the quick tier (where the tree
#      has none yet: the unit tests and the bats files that need no other
#      machine).
# A tree with changes to tracked files is checked as HEAD (DIST_DIRTY=1):
# the tarball is always a commit's.  Skips outside a git checkout (the
# tarball itself: no test of a tarball from a tarball).
set -u
cd "$(dirname "$0")/.." || exit 1
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; printf '#   %s\n' "$@"; }
check() { # DESCRIPTION COMMAND...: ok when COMMAND succeeds
	local what=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$what"; else not_ok "$what" "$(tail -n 20 <<<"$out")"; fi
}

if ! git rev-parse -q --verify HEAD >/dev/null 2>&1; then
	echo "1..0 # SKIP not a git checkout (a release tarball is checked from git)"
	exit 0
fi
tmp=$(mktemp -d /tmp/sealtools-dist.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
t0=$SECONDS

version=$(git show HEAD:VERSION)
name=sealtools-$version
if ! git diff-index --quiet HEAD -- 2>/dev/null; then
	echo "# tracked files changed since HEAD: checking HEAD's tarball (DIST_DIRTY=1)"
fi
if ! out=$(make -s --no-print-directory dist DIST_DIRTY=1 2>&1); then
	not_ok "make dist" "$out"
	echo "1..$n"
	exit 1
fi
tarball=build/$name.tar.gz
if [ "$(tail -n 1 <<<"$out")" = "$tarball" ] && [ -s "$tarball" ]; then
	ok "make dist writes $tarball"
else
	not_ok "make dist writes $tarball" "$out"
fi

# 1. The same bytes from a fresh clone, elsewhere, later, otherwise set up.
clone_dist() {
	git clone -q --no-local --no-checkout . "$tmp/clone" &&
		git -C "$tmp/clone" checkout -q --detach "$(git rev-parse HEAD)" &&
		(cd "$tmp/clone" && umask 077 && TZ=Pacific/Kiritimati LC_ALL=C.UTF-8 \
			make -s --no-print-directory dist >/dev/null) &&
		cmp "$tarball" "$tmp/clone/$tarball"
}
check "reproducible: a fresh clone's make dist gives the same bytes ($(sha256sum <"$tarball" | cut -c1-16)...)" \
	clone_dist

# 2. What is in it.
contents() {
	local list bad commit_time
	list=$(tar -tzf "$tarball") || return 1
	bad=$(grep -v "^$name/" <<<"$list")
	[ -z "$bad" ] || { echo "outside $name/: $bad"; return 1; }
	bad=$(grep -E "^$name/(\.git|build|debian)(/|$)" <<<"$list")
	[ -z "$bad" ] || { echo "must not be there: $bad"; return 1; }
	for f in VERSION NEWS Makefile README.md lib/seal.h lib/libseal.map; do
		grep -qx "$name/$f" <<<"$list" || { echo "missing: $f"; return 1; }
	done
	[ "$(tar -xzOf "$tarball" "$name/VERSION")" = "$version" ] ||
		{ echo "VERSION inside is not $version"; return 1; }
	LC_ALL=C sort -c <<<"$list" || { echo "not in sorted order"; return 1; }
	# Every member has the commit's time.
	commit_time=$(git log -1 --format=%ct HEAD)
	bad=$(TZ=UTC tar --full-time -tvzf "$tarball" | awk -v want="$(TZ=UTC date -d "@$commit_time" '+%F %T')" \
		'$4 " " $5 != want { print }' | head -n 3)
	[ -z "$bad" ] || { echo "not the commit's time: $bad"; return 1; }
	# The same files as git has at HEAD, less what is export-ignore.
	diff <(git ls-tree -r --name-only HEAD | grep -v '^debian/' | sort) \
		<(grep -v '/$' <<<"$list" | sed "s|^$name/||" | sort)
}
check "it holds $name/ with VERSION $version, git's files but debian/, the commit's time, sorted" contents

# 3. Built and tested from the tarball, outside git.
tar -C "$tmp" -xzf "$tarball"
src=$tmp/$name
export GIT_CEILING_DIRECTORIES=$tmp
outside_git() { ! git -C "$src" rev-parse --git-dir; }
check "the extracted tree is outside any git tree" outside_git
log=$tmp/build.log
if make -C "$src" -s -j"$(nproc)" WERROR=1 check-programs >"$log" 2>&1; then
	ok "it builds (make check-programs WERROR=1) outside git"
else
	not_ok "it builds (make check-programs WERROR=1) outside git" "$(tail -n 20 "$log")"
	echo "1..$n"
	exit 1
fi
if grep -q '^test:' "$src/tests/tests.mk"; then
	echo "# make test in $src"
	make -C "$src" -s test >"$log" 2>&1
	rc=$?
else
	# No quick tier yet: the unit tests and the bats files of this
	# machine that need no network, root daemons or other releases.
	echo "# no make test in this tree: its unit tests and some bats files, in $src"
	(
		cd "$src" || exit 1
		B=build/$(uname -m)
		rc=0
		for t in "$B"/tests/test_*; do "$t" || rc=1; done
		SEALTOOLS_BUILD=$(tests/publish.sh "$PWD/$B") || exit 1
		export SEALTOOLS_BUILD
		bats --tap tests/bats/docs.bats tests/bats/completion.bats tests/bats/status.bats \
			tests/bats/examples.bats || rc=1
		[ "$SEALTOOLS_BUILD" = "$PWD/$B" ] || rm -rf "$SEALTOOLS_BUILD"
		exit "$rc"
	) >"$log" 2>&1
	rc=$?
fi
sed 's/^/#   /' "$log" | grep -E '^#   (not ok|# ----|[0-9]+ passed)' | head -n 40
summary=$(grep -E '^[0-9]+ passed' "$log" | tail -n 1)
[ -n "$summary" ] || summary="$(grep -cE '^ok ' "$log") ok, $(grep -cE '^not ok ' "$log") not ok"
if [ "$rc" -eq 0 ]; then
	ok "its tests pass from the tarball ($summary)"
else
	not_ok "its tests pass from the tarball" "$(grep -E '^not ok' "$log" | head -n 20)"
fi
echo "# dist: $((SECONDS - t0)) s"
echo "1..$n"
[ "$failed" -eq 0 ]
