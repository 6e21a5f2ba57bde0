#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Usage: tests/core-lines.sh
#
# The size of the security core (README, "Layout"): everything that runs
# inside a sealed program or decides whether an exec is sealed.  For each
# file, its lines and its lines of code (neither blank nor only comment:
# /* */ blocks and // lines left out), then the totals; then the same for
# the shared code the core links besides (message text, the maps reader,
# the escaper, the x86_64 system-call headers), and the sum.
cd "$(dirname "$0")/.." || exit 1
CORE="inside/sealer.c inside/sys.c inside/guard.c inside/envbuild.c inside/pathlist.c
inside/protocol.h inside/rdebug.h inside/sealer.h
common/exec.c common/elf.c common/policy.c common/span.c common/inject.c
common/inject.h common/seal_elf.h common/seal_exec.h common/seal_policy.h
common/seal_limits.h
cmd/sealrun/supervise.c cmd/sealrun/static.c"
LINKED="common/msg.c common/msg.h common/say.c common/escape.c common/escape.h
common/maps.c common/maps.h common/seal_mdwe.h
arch/x86_64/syscall_arch.h arch/x86_64/syscall_nr.h arch/x86_64/inject_arch.h"

count() {
	# shellcheck disable=SC2086 # the list is split on purpose
	awk -v what="$1" '
	function flush() {
		if (file != "") {
			printf "%6d %6d  %s\n", all, code, file
			tall += all; tcode += code; nfiles++
		}
	}
	FNR == 1 { flush(); file = FILENAME; all = 0; code = 0; inc = 0 }
	{
		all++
		line = $0; text = ""
		# Strip comments, a block possibly running over lines.
		while (line != "") {
			if (inc) {
				i = index(line, "*/")
				if (!i) { line = ""; break }
				line = substr(line, i + 2); inc = 0
			} else {
				i = index(line, "/*")
				if (!i) { text = text line; break }
				text = text substr(line, 1, i - 1)
				line = substr(line, i + 2); inc = 1
			}
		}
		sub(/^[ \t]*\/\/.*/, "", text)
		if (text ~ /[^ \t]/) code++
	}
	END {
		flush()
		printf "%6d %6d  %s, %d files (lines, code lines)\n", tall, tcode, what, nfiles
	}' $2
}
core=$(count "the security core" "$CORE") || exit 1
linked=$(count "what it links besides" "$LINKED") || exit 1
printf '%s\n%s\n' "$core" "$linked"
printf '%s\n%s\n' "$core" "$linked" | awk '/ files \(lines/ { a += $1; c += $2 }
	END { printf "%6d %6d  the core with what it links\n", a, c }'
