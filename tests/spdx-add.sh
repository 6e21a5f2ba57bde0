#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Usage: tests/spdx-add.sh [--lgpl] FILE...
#        tests/spdx-add.sh [--lgpl] --missing
#
# Start each FILE with the two licence lines every file of the tree has,
# in the file's own comment syntax: GPL-2.0-or-later, or with --lgpl
# LGPL-2.1-or-later (what libseal is built from: README "Licence").  The
# lines go after a first "#!", "#compdef" or "#autoload" line.  A FILE
# that already has a licence line and no copyright line gets the
# copyright line after its licence line, in the same comment syntax; one
# that has both is left as it is.  tests/lint-reuse.sh says which files
# need them; --missing does it to every file git has (outside git: every
# file but build/'s) that lacks either line, but those .reuse/dep5
# names and the licence texts, and prints their names: after a merge
# that brought new files.  (tests/bats/licence.bats then fails on any of
# libseal's files left GPL-2.0-or-later: make those --lgpl.)
set -eu
lic=GPL-2.0-or-later
lgpl=
if [ "${1:-}" = --lgpl ]; then
	lic=LGPL-2.1-or-later lgpl=1
	shift
fi
# (In two pieces, so that reuse does not take this file's text for a tag.)
tag=SPDX-License-
if [ "${1:-}" = --missing ] && [ $# -eq 1 ]; then
	cd "$(dirname "$0")/.." || exit 1
	if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$(pwd -P)" ]; then
		git ls-files
	else
		find . -path ./build -prune -o -type f -print | sed 's|^\./||'
	fi | grep -vE '^(\.git/|\.reuse/|LICENSES/|COPYING$|VERSION$|NEWS$|debian/)' |
		while IFS= read -r f; do
			[ -f "$f" ] || continue
			grep -q "${tag}Identifier:" "$f" && grep -q 'SPDX-FileCopyrightText:' "$f" && continue
			echo "$f"
			"$0" ${lgpl:+--lgpl} "$f" || exit 1
		done
	exit
fi
[ $# -gt 0 ] || { echo "usage: $0 [--lgpl] FILE... | $0 [--lgpl] --missing" >&2; exit 64; }
for f in "$@"; do
	[ -f "$f" ] || { echo "$0: $f: no such file" >&2; exit 1; }
	if grep -q "${tag}Identifier:" "$f"; then
		if grep -q 'SPDX-FileCopyrightText:' "$f"; then
			echo "$f: has its licence and copyright lines already" >&2
			continue
		fi
		tmp=$(mktemp "$f.XXXXXX")
		TAG="${tag}Identifier:" awk '
			!done && index($0, ENVIRON["TAG"]) {
				print
				line = $0
				sub(ENVIRON["TAG"] " *[^ ]*", "SPDX-FileCopyrightText: 2026 The sealtools authors", line)
				print line
				done = 1
				next
			}
			{ print }' "$f" >"$tmp"
		chmod --reference="$f" "$tmp"
		mv "$tmp" "$f"
		continue
	fi
	go=
	case $f in
	*.c | *.h | *.ld | *.map) pre='/* ' post=' */' ;;
	*.go) pre='// ' post='' go=1 ;; # a blank line after: not the package's doc
	*.md) pre='<!-- ' post=' -->' ;;
	*.[1-8]) pre='.\" ' post='' ;;
	*) pre='# ' post='' ;;
	esac
	tmp=$(mktemp "$f.XXXXXX")
	# (Through the environment: awk -v would take the backslash of .\".)
	L1="$pre${tag}Identifier: $lic$post" \
		L2="${pre}SPDX-FileCopyrightText: 2026 The sealtools authors$post" \
		GO=$go awk '
		function hdr() {
			print ENVIRON["L1"]; print ENVIRON["L2"]; if (ENVIRON["GO"]) print ""; done = 1
		}
		NR == 1 && /^(#!|#compdef|#autoload)/ { print; hdr(); next }
		!done { hdr() }
		{ print }
		END { if (!done) hdr() }' "$f" >"$tmp"
	# The file keeps its mode.
	chmod --reference="$f" "$tmp"
	mv "$tmp" "$f"
done
