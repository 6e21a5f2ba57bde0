#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Print debian/libseal0.symbols as lib/libseal.map makes it: each symbol
# of each version node, with the first upstream version that had that
# node: LIBSEAL_X.Y came with X.Y.0, the first node (LIBSEAL_0) with the
# first version, 0.1.0.  tests/bats/debian.bats checks that the file is
# this; to add a node: tests/deb/symbols.sh >debian/libseal0.symbols.
set -eu
cd "$(dirname "$0")/../.." || exit 1
somajor=$(sed -n 's/^SOMAJOR := *//p' Makefile)
echo "libseal.so.$somajor libseal$somajor #MINVER#"
echo "* Build-Depends-Package: libseal-dev"
# Comments out, then one word a line: node names, "{", "global:", names.
sed -e ':a' -e '/\/\*/{/\*\//!{N;ba' -e '}}' -e 's|/\*.*\*/||g' lib/libseal.map |
	tr -s ' \t;' '\n' | awk '
	# NAME { [global:] NAME... [local:] ... } [PARENT]
	$0 == "{" { node = prev; global = 0; next }
	/^}/ { node = ""; next }
	$0 == "global:" { global = 1; next }
	$0 == "local:" { global = 0; next }
	node && global && /^[A-Za-z_][A-Za-z0-9_]*$/ { print node, $0 }
	{ prev = $0 }
	' | awk '
	function minver(node,  v) {
		v = node
		sub(/^[A-Z]+_/, "", v)
		return v ~ /\./ ? v ".0" : "0.1.0"
	}
	{ nodes[$1] = 1; print " " $2 "@" $1 " " minver($1) }
	END { for (n in nodes) print " " n "@" n " " minver(n) }' | LC_ALL=C sort
