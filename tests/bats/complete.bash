# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Helpers for the completion tests: what bash and zsh offer for a
# command line, run against the files in completions/.
# shellcheck shell=bash

# The candidates bash offers for LINE with the cursor at its end, one a
# line, sorted.  LINE is split into words as readline does for these
# lines: at blanks, and "=" is a word of its own.
complete_line() { # LINE
	bash -c '
		. /usr/share/bash-completion/bash_completion
		. completions/sealtools.bash
		# Outside a real completion compopt refuses; the options it sets
		# (nospace) do not change the candidates.
		compopt() { :; }
		line=$1
		COMP_WORDS=()
		for w in $line; do
			while [[ $w == *=* ]]; do
				[[ -n ${w%%=*} ]] && COMP_WORDS+=("${w%%=*}")
				COMP_WORDS+=("=")
				w=${w#*=}
			done
			[[ -n $w ]] && COMP_WORDS+=("$w")
		done
		[[ $line == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$line COMP_POINT=${#line}
		cmd=${COMP_WORDS[0]}
		fn=$(complete -p "$cmd" | sed -E "s/.* -F ([^ ]+) .*/\1/")
		"$fn" "$cmd" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort -u | sed "/^$/d"
	' bash "$1"
}

# What zsh lists for a line of a batch run once by zsh_batch.
zsh_section() { # LINE
	awk -v want="=== $1" '$0 == want { p = 1; next } /^=== / { p = 0 } p' "$ZOUT"
}

# Run the zsh completion for every LINE in one interactive zsh.
zsh_batch() { # LINE...
	ZOUT=$BATS_TEST_TMPDIR/zsh.out
	timeout 60 zsh -f tests/bats/zcomplete.zsh "$@" >"$ZOUT" ||
		fail "zsh did not complete: $(cat "$ZOUT")"
}

