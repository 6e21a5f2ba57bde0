#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Documentation against the programs: every option that a command's
# --help lists is in its man page and in its bash and zsh completions;
# --version prints the VERSION file; sealctl --help lists its commands.

load common
load complete

setup_file() {
	export PATH=$SEALTOOLS_BUILD:$PATH
}

# The options a --help output lists, one a line: "-o" and "--output"
# from "  -o, --output=LIST   ...", "--usage" from "      --usage ...".
help_options() { # COMMAND...
	"$@" --help | awk '/^ +-/ {
		sub(/^ +/, ""); split($0, col, /  +/); n = split(col[1], o, /, /)
		for (i = 1; i <= n; i++) { sub(/(\[|=).*/, "", o[i]); print o[i] } }'
}

# help_options, failing when a --help lists fewer than 5 options (every
# one lists at least -h (sealrun: -?), --help, --usage, -V and
# --version): a parser that finds nothing must not pass the tests.
options_of() { # COMMAND...
	local opts
	opts=$(help_options "$@")
	[ "$(grep -c . <<<"$opts")" -ge 5 ] || { echo "no options parsed from $* --help" >&2; return 1; }
	printf '%s\n' "$opts"
}

# The man page as text, with no highlighting.
man_text() { # PAGE
	mandoc -T ascii -O width=200 "$1" | col -bx
}

# Is OPTION in TEXT as a word of its own (not part of a longer option)?
has_option() { # TEXT OPTION
	local re
	re=$(printf '%s' "$2" | sed 's/[?]/\\?/g')
	grep -qE -- "(^|[^[:alnum:]-])$re([^[:alnum:]-]|\$)" <<<"$1"
}

# The command lines checked: the command, its man page.
CASES=('sealctl|man/sealctl.8' 'sealctl status|man/sealctl.8'
	'sealctl inspect|man/sealctl.8' 'sealctl verify|man/sealctl.8'
	'sealctl metrics|man/sealctl.8' 'sealctl seal|man/sealctl.8' 'sealctl unit|man/sealctl.8'
	'sealrun|man/sealrun.1')

@test "docs: every option of every --help is in the man page" {
	local c cmd page text opt missing=() n=0
	for c in "${CASES[@]}"; do
		cmd=${c%|*} page=${c#*|}
		text=$(man_text "$page")
		while read -r opt; do
			n=$((n + 1))
			has_option "$text" "$opt" || missing+=("$cmd $opt ($page)")
		done < <(read -ra argv <<<"$cmd"; options_of "${argv[@]}" || echo "@@none@@")
	done
	[ "$n" -ge 40 ] || fail "only $n options found in the --help outputs"
	[ "${#missing[@]}" -eq 0 ] || fail "not in the man page: ${missing[*]}"
}

@test "docs: every option of every --help is offered by the bash completion" {
	local c cmd opt missing=() offered
	for c in "${CASES[@]}"; do
		cmd=${c%|*}
		offered=$(complete_line "$cmd -" | sed 's/=$//')
		while read -r opt; do
			grep -qxF -- "$opt" <<<"$offered" || missing+=("$cmd $opt")
		done < <(read -ra argv <<<"$cmd"; options_of "${argv[@]}" || echo "@@none@@")
	done
	[ "${#missing[@]}" -eq 0 ] || fail "not completed by bash: ${missing[*]}"
}

@test "docs: every option of every --help is offered by the zsh completion" {
	local c cmd opt missing=() lines=() re
	for c in "${CASES[@]}"; do
		lines+=("${c%|*} -")
	done
	zsh_batch "${lines[@]}"
	for c in "${CASES[@]}"; do
		cmd=${c%|*}
		while read -r opt; do
			re=$(printf '%s' "$opt" | sed 's/[?]/\\?/g')
			zsh_section "$cmd -" | grep -qE -- "^$re +-- " || missing+=("$cmd $opt")
		done < <(read -ra argv <<<"$cmd"; options_of "${argv[@]}" || echo "@@none@@")
	done
	[ "${#missing[@]}" -eq 0 ] || fail "not completed by zsh: ${missing[*]}"
}

# The policy words a --help lists in its "Policy words" section.
help_policy_words() { # COMMAND...
	"$@" --help | awk '/^Policy words/ { p = 1; next }
		p && /^  [a-z]+ / { print $1 } p && /^$/ { exit }'
}

@test "docs: the policy words of each --help are the words its completions offer" {
	local c words w
	for c in 'sealrun|sealrun -p ' 'sealctl verify|sealctl verify --policy '; do
		read -ra argv <<<"${c%|*}"
		words=$(help_policy_words "${argv[@]}")
		[ "$(grep -c . <<<"$words")" -ge 10 ] || fail "no policy words in ${c%|*} --help"
		run complete_line "${c#*|}"
		assert_output "$(sort <<<"$words")"
		for w in $words; do
			grep -qF "'$w:" completions/_sealtools_policy ||
				fail "zsh does not offer policy word $w"
		done
	done
	# The words only verify knows are offered to verify only.
	run complete_line 'sealrun --policy=w'
	assert_output ''
}

@test "docs: --version prints the VERSION file's version" {
	local v
	v=$(cat VERSION)
	[[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "VERSION is '$v', not X.Y.Z"
	# One form for both tools: PROG (sealtools) X.Y.Z.
	run sealctl --version
	assert_success
	assert_output "sealctl (sealtools) $v"
	run sealrun --version
	assert_success
	assert_output "sealrun (sealtools) $v"
	# And everything else that shows a version says the same one.
	local page
	for page in man/*.[138]; do
		[ "$(sed -n 's/^\.TH [^"]*"sealtools \([^"]*\)".*/\1/p' "$page")" = "$v" ] ||
			fail "$page: header does not say sealtools $v"
	done
	grep -qx "Version: $v" "$SEALTOOLS_BUILD/libseal.pc"
	[ -f "$SEALTOOLS_BUILD/libseal.so.$v" ]
	grep -qF "\`libseal.so.$v\`" README.md
	# NEWS has a section for it (released or not).
	grep -qE "^\* ${v//./\\.} \(" NEWS || fail "NEWS has no section '* $v (...)'"
}

# --help lines a wrap pushed to column 0: a line that does not start with
# a space right after an indented entry (an option or a policy word).
help_wraps() { # COMMAND...
	"$@" --help | awk 'NR > 1 && prev ~ /^  +(-|[a-z]+ )/ && /^[^ ]/ { print NR ": " $0 } { prev = $0 }'
}

@test "docs: no --help line wraps to column 0 or passes column 79, at 80 and 60 columns" {
	local cmds=('sealrun' 'sealctl') c w n=0 bad=()
	local sub
	for sub in $(sealctl --help | awk '/^Commands:/ { p = 1; next } p && /^  [a-z]/ { print $1 } p && /^$/ { exit }'); do
		cmds+=("sealctl $sub")
	done
	[ "${#cmds[@]}" -ge 5 ] || fail "sealctl --help lists fewer than 3 commands"
	for c in "${cmds[@]}"; do
		read -ra argv <<<"$c"
		for w in 80 60; do
			n=$((n + 1))
			[ -z "$(COLUMNS=$w help_wraps "${argv[@]}")" ] || bad+=("$c (COLUMNS=$w): $(COLUMNS=$w help_wraps "${argv[@]}")")
			[ -z "$(COLUMNS=$w "${argv[@]}" --help | awk 'length > 79')" ] || bad+=("$c (COLUMNS=$w): a line past column 79")
		done
	done
	[ "${#bad[@]}" -eq 0 ] || fail "$(printf '%s\n' "${bad[@]}")"
}

@test "docs: sealctl --help lists each command on a line of its own, and each has its --help" {
	run sealctl --help
	assert_success
	assert_line --regexp '^  status +[a-z]'
	assert_line --regexp '^  inspect +[a-z]'
	assert_line --regexp '^  verify +[a-z]'
	assert_line --regexp '^  metrics +[a-z]'
	local c
	for c in status inspect verify metrics; do
		run sealctl "$c" --help
		assert_success
		assert_line --index 0 --regexp "^Usage: sealctl $c "
	done
}
