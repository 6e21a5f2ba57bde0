#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# The licence: tests/lint-reuse.sh (reuse lint, run by make test) really
# fails on a file that says no licence; libseal, and only libseal, is
# LGPL-2.1-or-later; debian/copyright says the same as the files.

bats_require_minimum_version 1.5.0
load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

# Spelled in two pieces so that reuse does not read this file's own
# text as a licence.
TAG='SPDX-License-''Identifier'

setup() {
	cd "$BATS_TEST_DIRNAME/../.." || return 1
}

# A copy of the tree, outside git, without build/ (what a release
# tarball holds), in $BATS_TEST_TMPDIR/tree.
copy_tree() {
	mkdir "$BATS_TEST_TMPDIR/tree"
	tar -cf - --exclude=./build --exclude=./.git . | tar -C "$BATS_TEST_TMPDIR/tree" -xf -
}

need_reuse() {
	command -v reuse >/dev/null || skip "reuse is not installed (tests/deps.sh test)"
}

@test "licence: reuse lint passes on a copy of the tree outside git, fails when one file loses its header" {
	need_reuse
	copy_tree
	local t=$BATS_TEST_TMPDIR/tree
	run -0 tests/lint-reuse.sh "$t"
	assert_line "ok 1 - reuse lint: every file says its licence and copyright"
	sed -i '/SPDX-/d' "$t/lib/kind.c"
	run -1 tests/lint-reuse.sh "$t"
	assert_line "not ok 1 - reuse lint"
	assert_line --regexp '^#   \* lib/kind\.c$'
}

@test "licence: a new source file without an SPDX header fails the lint" {
	need_reuse
	copy_tree
	local t=$BATS_TEST_TMPDIR/tree
	printf '/* A new file. */\nint f(void) { return 0; }\n' >"$t/common/new.c"
	printf '.TH NEW 1\n' >"$t/man/new.1"
	run -1 tests/lint-reuse.sh "$t"
	assert_line --regexp '^#   \* common/new\.c$'
	assert_line --regexp '^#   \* man/new\.1$'
	# The two lines every file starts with (tests/spdx-add.sh writes
	# them) make it pass.
	run -0 tests/spdx-add.sh "$t/common/new.c" "$t/man/new.1"
	assert_equal "$(head -n 2 "$t/common/new.c")" \
		"$(printf '/* %s */\n' "$TAG: GPL-2.0-or-later" "SPDX-FileCopyrightText: 2026 The sealtools authors")"
	assert_equal "$(head -n 3 "$t/man/new.1")" \
		"$(printf '.\\" %s\n' "$TAG: GPL-2.0-or-later" "SPDX-FileCopyrightText: 2026 The sealtools authors"; echo .TH NEW 1)"
	run -0 tests/lint-reuse.sh "$t"
}

# The licence each file's header names, "FILE LICENCE" a line, sorted.
licences() {
	local files
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		files=$(git ls-files)
	else
		files=$(find . -path ./build -prune -o -type f -print | sed 's|^\./||')
	fi
	# shellcheck disable=SC2086 # one file a word
	grep -H -m 1 -o "$TAG: [^ ]*" $files | sed "s/:$TAG: / /" | LC_ALL=C sort
}

# What libseal (libseal.a, libseal.so.0) is built from: the Makefile's
# LIB_SRC and LIBSEAL_COMMON_SRC and every header of ours they include,
# for every architecture; with lib/ (seal.h, the version script, the
# pkg-config file) and libseal(3).
libseal_files() {
	local src
	# shellcheck disable=SC2016 # make's variables
	src=$(make -s --no-print-directory -f Makefile -f - libseal-src \
		<<<'libseal-src: ; @echo $(LIB_SRC) $(LIBSEAL_COMMON_SRC)')
	[[ $src == *lib/mseal.c*common/* ]] || { echo "no libseal sources from the Makefile: $src" >&2; return 1; }
	{
		# shellcheck disable=SC2086 # one source a word
		for a in arch/*/; do gcc -MM -Ilib -Icommon -I"$a" $src || return 1; done |
			tr ' \\' '\n\n' | grep -v -e ':$' -e '^$'
		find lib -type f
		echo man/libseal.3
	} | LC_ALL=C sort -u
}

@test "licence: libseal's files are LGPL-2.1-or-later, every other file GPL-2.0-or-later" {
	local lic lib want
	lic=$(licences)
	lib=$(libseal_files)
	[ "$(grep -c . <<<"$lib")" -ge 15 ] || fail "too few libseal files: $lib"
	want=$(awk 'NR == FNR { lgpl[$1] = 1; next }
		{ print $1, ($1 in lgpl) ? "LGPL-2.1-or-later" : "GPL-2.0-or-later" }' \
		<(printf '%s\n' "$lib") <(printf '%s\n' "$lic"))
	# Every libseal file has a header (the comparison below sees only
	# files that have one).
	run comm -23 <(printf '%s\n' "$lib") <(cut -d' ' -f1 <<<"$lic")
	assert_output ""
	assert_equal "$lic" "$want"
}

@test "licence: debian/copyright's LGPL-2.1+ paragraph names exactly the files that say LGPL-2.1-or-later" {
	[ -d debian ] || skip "no debian/ here (a release tarball leaves it out)"
	local pats f p files=() lgpl
	lgpl=$(licences | awk '$2 == "LGPL-2.1-or-later" { print $1 }')
	pats=$(awk '/^Files:/ { sub(/^Files: */, ""); files = $0 "\n"; infiles = 1; next }
		/^ / && infiles { sub(/^ +/, ""); files = files $0 "\n"; next }
		{ infiles = 0 }
		/^License: LGPL-2\.1\+$/ { printf "%s", files }' debian/copyright)
	[ -n "$pats" ] || fail "no LGPL-2.1+ paragraph in debian/copyright"
	while read -r f; do
		for p in $pats; do
			# shellcheck disable=SC2053 # p is a pattern
			[[ $f == $p ]] && { files+=("$f"); break; }
		done
	done < <(licences | cut -d' ' -f1)
	assert_equal "$(printf '%s\n' "${files[@]}")" "$lgpl"
}
