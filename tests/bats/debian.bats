#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# debian/ against the tree it packages: the symbols file is the version
# script's, the changelog's version is VERSION's, the copyright's LGPL
# paragraph names what libseal is built from.  The packages themselves
# are built, linted, installed and run by tests/deb/run.sh (make check);
# install.bats checks that debian/*.install take each file make install
# puts down once.

load common

setup() {
	[ -d debian ] || skip "no debian/ here (a release tarball leaves it out)"
}

@test "debian: libseal0.symbols is what tests/deb/symbols.sh makes of lib/libseal.map" {
	run -0 tests/deb/symbols.sh
	assert_output "$(cat debian/libseal0.symbols)"
	# Every exported function, each once, in the node the map puts it.
	[ "$(grep -c '^ seal_' debian/libseal0.symbols)" -eq \
		"$(grep -cE '^[[:space:]]+seal_[a-z_]+;' lib/libseal.map)" ]
}

@test "debian: the changelog's upstream version is VERSION (dch -v VERSION-1 when it changes)" {
	local v
	v=$(sed -n '1s/^sealtools (\([^)]*\)-[^-)]*).*/\1/p' debian/changelog)
	assert_equal "$v" "$(cat VERSION)"
}

# The Files: patterns of the paragraphs of debian/copyright whose
# License: is $1.
copyright_files() { # LICENSE
	awk -v want="$1" '
		/^$/ { if (lic == want) printf "%s", files; files = ""; lic = ""; infiles = 0; next }
		/^Files:/ { sub(/^Files: */, ""); files = $0 "\n"; infiles = 1; next }
		/^ / && infiles { sub(/^ +/, ""); files = files $0 "\n"; next }
		{ infiles = 0 }
		/^License:/ { lic = $2 }
		END { if (lic == want) printf "%s", files }' debian/copyright | grep .
}

@test "debian: copyright's LGPL-2.1+ files are lib/, libseal(3) and exactly what else libseal is built from" {
	local src built pats f p hit missing=() extra=() unused=()
	# shellcheck disable=SC2016 # make's variables
	src=$(make -s --no-print-directory -f Makefile -f - libseal-src \
		<<<'libseal-src: ; @echo $(LIB_SRC) $(LIBSEAL_COMMON_SRC)')
	[[ $src == *lib/mseal.c*common/* ]] || fail "no libseal sources from the Makefile: $src"
	# Sources and our own headers, for every architecture.
	# shellcheck disable=SC2086 # one source a word
	built=$(for a in arch/*/; do gcc -MM -Ilib -Icommon -I"$a" $src || exit 1; done |
		tr ' \\' '\n\n' | grep -v -e ':$' -e '^$' | sort -u)
	pats=$(copyright_files LGPL-2.1+)
	[ -n "$pats" ] || fail "no LGPL-2.1+ paragraph"
	for f in $built; do
		hit=
		for p in $pats; do
			# shellcheck disable=SC2053 # p is a pattern
			[[ $f == $p ]] && hit=1
		done
		[ -n "$hit" ] || missing+=("$f")
	done
	for p in $pats; do
		hit=
		for f in $(find arch common lib man -type f | sort); do
			# shellcheck disable=SC2053
			[[ $f == $p ]] || continue
			hit=1
			[[ $f == lib/* || $f == man/libseal.3 ]] || grep -qx -- "$f" <<<"$built" || extra+=("$f")
		done
		[ -n "$hit" ] || unused+=("$p")
	done
	[ "${#missing[@]}" -eq 0 ] || fail "libseal is built from these, not LGPL in debian/copyright: ${missing[*]}"
	[ "${#extra[@]}" -eq 0 ] || fail "LGPL in debian/copyright, but not part of libseal: ${extra[*]}"
	[ "${#unused[@]}" -eq 0 ] || fail "patterns that match no file: ${unused[*]}"
}
