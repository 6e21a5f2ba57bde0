# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# A generated block of the README, between two marker lines: sourced by
# the scripts that write one (tests/vm/matrix.sh, tests/compat.sh).

# The block's lines, without its markers.
readme_block() { # README BEGIN END
	awk -v b="$2" -v e="$3" '$0 == e { in_ = 0 } in_ { print } $0 == b { in_ = 1 }' "$1"
}

# Replace the block with NEW; say whether that changed anything.  Exit
# status 1, and nothing written, where the README lacks a marker.
readme_block_update() { # README BEGIN END NEW WHAT
	local readme=$1 begin=$2 end=$3 new=$4 what=$5 tmp
	if ! grep -qxF "$begin" "$readme" || ! grep -qxF "$end" "$readme"; then
		echo "${0#./}: no markers of the $what in $readme" >&2
		return 1
	fi
	if [ "$new" = "$(readme_block "$readme" "$begin" "$end")" ]; then
		echo "# $readme: the $what is unchanged"
		return 0
	fi
	tmp=$(mktemp) || return 1
	NEW=$new awk -v b="$begin" -v e="$end" '
		$0 == b { print; print ENVIRON["NEW"]; skip = 1; next }
		$0 == e { skip = 0 }
		!skip { print }' "$readme" >"$tmp" && cat "$tmp" >"$readme"
	rm -f "$tmp"
	echo "# $readme: the $what now shows the last results"
}
