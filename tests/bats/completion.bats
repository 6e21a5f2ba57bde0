#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# The shell completions: bash (with Debian's bash-completion, the
# candidates it offers for real command lines) and zsh (loads cleanly).

# shellcheck disable=SC2030,SC2031 # each test and its teardown share HELPER_PIDS
load common
load complete

setup_file() {
	# The completions call the commands (sealctl lists its columns), and
	# sealrun's completes a program name from PATH: use the build.
	export PATH=$SEALTOOLS_BUILD:$PATH
}

teardown() {
	stop_helpers
}

# Assert the candidates for LINE are exactly the remaining arguments.
assert_completes() { # LINE WORD...
	local line=$1
	shift
	run complete_line "$line"
	assert_success
	assert_output "$(printf '%s\n' "$@" | sort -u)"
}

@test "bash: sealctl completes its commands and its own options" {
	assert_completes 'sealctl ' status inspect verify metrics seal unit
	assert_completes 'sealctl me' metrics
	assert_completes 'sealctl in' inspect
	assert_completes 'sealctl -' --help -h --usage --version -V
	assert_completes 'sealctl status -' --json -J --help -h --usage --version -V
}

@test "bash and zsh: sealctl seal completes its options and policy words, without wx" {
	assert_completes 'sealctl seal --d' --dry-run
	assert_completes 'sealctl seal -' --policy= -p --dry-run -n --quiet -q --unit= -u \
		--cgroup= -c --help -h --usage --version -V
	run complete_line 'sealctl seal --policy '
	assert_line strict
	refute_line wx
	zsh_batch 'sealctl ' 'sealctl seal -'
	run zsh_section 'sealctl '
	assert_line --regexp '^seal +-- seal running processes'
	run zsh_section 'sealctl seal -'
	local o
	for o in --dry-run --policy --quiet -n -p -q; do
		assert_line --regexp "^$o +-- "
	done
}

@test "bash: sealctl inspect and verify complete their options" {
	assert_completes 'sealctl inspect --su' --summary
	assert_completes 'sealctl inspect --un' --unsealed
	assert_completes 'sealctl inspect --sh' --shell
	assert_completes 'sealctl inspect --output' --output= --output-all
	assert_completes 'sealctl inspect --li' --list-columns
	assert_completes 'sealctl inspect -ys -o SEALED-' SEALED-SIZE
	assert_completes 'sealctl verify --p' --policy=
	assert_completes 'sealctl verify -J --q' --quiet
}

@test "bash: sealctl metrics completes its options, policy words, a file after -o, no PID" {
	assert_completes 'sealctl metrics -' --policy= -p --output= -o --unit= -u --dropins= -D \
		--every -e --help -h --usage --version -V
	assert_completes 'sealctl metrics --policy=str' strict
	assert_completes 'sealctl metrics -p default,w' default,wx
	mkdir -p "$BATS_TEST_TMPDIR/tf"
	touch "$BATS_TEST_TMPDIR/tf/sealtools.prom"
	assert_completes "sealctl metrics -o $BATS_TEST_TMPDIR/tf/sea" \
		"$BATS_TEST_TMPDIR/tf/sealtools.prom"
	sleep 1000 3>&- &
	HELPER_PIDS+=("$!")
	assert_completes 'sealctl metrics ' ''
}

@test "bash and zsh: --unit completes the units that hold processes, --cgroup their cgroups; sealctl unit the service unit files and sealrun's options after --" {
	local root
	root=$(findmnt -n -o TARGET -t cgroup2 | head -1)
	[ -n "$root" ] && [ -w "$root" ] || skip "no writable cgroup v2 hierarchy"
	local cg=$root/sealtools-compl$$.service
	mkdir "$cg"
	assert_completes "sealctl verify --unit sealtools-compl$$" "sealtools-compl$$.service"
	assert_completes "sealctl seal -u sealtools-compl$$" "sealtools-compl$$.service"
	assert_completes "sealctl metrics -u sealtools-compl$$" "sealtools-compl$$.service"
	assert_completes "sealctl seal -c sealtools-compl$$" "sealtools-compl$$.service"
	assert_completes "sealctl verify --cgroup sealtools-compl$$" "sealtools-compl$$.service"
	assert_completes 'sealctl verify --ev' --every
	assert_completes 'sealctl verify --d' --dropins=
	rmdir "$cg"
	assert_completes 'sealctl unit -' --dry-run -n --file= -f --root= -R --sealrun= -S \
		--remove -r --help -h --usage --version -V
	if [ -f /lib/systemd/system/nginx.service ] || [ -f /usr/lib/systemd/system/nginx.service ]; then
		assert_completes 'sealctl unit ngin' nginx.service
	fi
	assert_completes 'sealctl unit nginx.service -- --pre' --preload-nss --preload=
	assert_completes 'sealctl unit nginx.service -- --al' --allow-unsealed=
	zsh_batch 'sealctl unit -' 'sealctl verify -'
	run zsh_section 'sealctl unit -'
	local o
	for o in --dry-run --file --root --sealrun --remove -n -f -R -S -r; do
		assert_line --regexp "^$o +-- "
	done
	run zsh_section 'sealctl verify -'
	for o in --unit --cgroup --every --dropins -u -c -e -D; do
		assert_line --regexp "^$o +-- "
	done
}

@test "bash: -o completes the column names sealctl lists, for the mode on the line" {
	local cols
	cols=$(sealctl inspect --list-columns | awk '{ print $1 }')
	[ "$(echo "$cols" | wc -l)" -ge 10 ]
	# shellcheck disable=SC2086 # one column name a word
	assert_completes 'sealctl inspect -o ' $cols
	assert_completes 'sealctl inspect -o PATH,V' PATH,VMFLAGS
	assert_completes 'sealctl inspect --output=path,sea' path,SEALED
	assert_completes 'sealctl inspect -o +OFF' +OFFSET
	# --summary and --all have columns of their own.
	assert_completes 'sealctl inspect --summary -o PATH,V' PATH,VMAS
	assert_completes 'sealctl inspect -s -o SEALED-' SEALED-SIZE
	assert_completes 'sealctl inspect -a -o +CO' +COMM +COVERAGE
	assert_completes 'sealctl inspect -bs -o CO' COVERAGE
	assert_completes 'sealctl inspect -o PATH,CO' ''
}

@test "bash: --policy completes policy words as a comma-separated list, -WORD too" {
	assert_completes 'sealrun -p ' code rodata relro data holes objects dlopen stack \
		system default strict
	# verify has a word of its own.
	assert_completes 'sealctl verify --policy ' code rodata relro data holes objects \
		dlopen stack system default strict wx
	assert_completes 'sealctl verify -p code,rel' code,relro
	assert_completes 'sealrun --policy=default,-st' default,-stack default,-strict
	assert_completes 'sealrun --policy=-h' -holes
	assert_completes 'sealctl verify --policy=st' stack strict
}

@test "bash: inspect and verify complete process IDs and self; inspect --all none" {
	sleep 1000 3>&- &
	HELPER_PIDS+=("$!")
	run complete_line "sealctl verify $!"
	assert_line "$!"
	run complete_line "sealctl inspect -r $!"
	assert_line "$!"
	assert_completes 'sealctl inspect se' self
	assert_completes 'sealctl verify -q sel' self
	assert_completes 'sealctl inspect --all ' ''
}

@test "bash: sealrun completes its options, --deny-wx backends, then the program and the program's own arguments" {
	assert_completes 'sealrun --no' --no-inherit
	assert_completes 'sealrun --deny-wx=' auto prctl seccomp
	assert_completes 'sealrun --deny-wx=se' seccomp
	assert_completes 'sealrun --dry' --dry-run
	assert_completes 'sealrun --prel' --preload= --preload-nss
	# The program's name, from PATH.
	run complete_line 'sealrun -v sealct'
	assert_line sealctl
	run complete_line 'sealrun --policy=strict --deny-wx sealct'
	assert_line sealctl
	# Then the program's own completion: here sealctl's.
	assert_completes 'sealrun sealctl ins' inspect
	assert_completes 'sealrun -p code,relro sealctl verify --p' --policy=
	assert_completes 'sealrun --policy=default -- sealctl st' status
	assert_completes 'sealrun -n -- sealrun --dry' --dry-run
	# Option-like words after the program are the program's.
	assert_completes 'sealrun sealctl -' --help -h --usage --version -V
}

@test "bash: the completion file passes shellcheck" {
	run shellcheck -s bash completions/sealtools.bash
	assert_success
	assert_output ''
}

@test "zsh: the completions load under compinit and define their functions" {
	run zsh -f -c '
		fpath=(completions $fpath)
		autoload -Uz compinit && compinit -u -D || exit 1
		print -r -- "$_comps[sealctl] $_comps[sealrun]"
		autoload +X _sealctl _sealrun _sealtools_policy || exit 1
		whence -w _sealctl _sealrun _sealtools_policy'
	assert_success
	assert_output '_sealctl _sealrun
_sealctl: function
_sealrun: function
_sealtools_policy: function'
	run zsh -n completions/_sealctl
	assert_success
	run zsh -n completions/_sealrun
	assert_success
	run zsh -n completions/_sealtools_policy
	assert_success
}

@test "zsh: what zsh lists for real command lines: commands, options, columns, policy words, PIDs with their command names, the program's own arguments" {
	sleep 1000 3>&- &
	local pid=$!
	HELPER_PIDS+=("$pid")
	zsh_batch 'sealctl ' 'sealctl inspect -' 'sealctl verify -' 'sealctl metrics -' \
		'sealctl inspect -s -o PATH,' 'sealctl inspect --all -o +C' \
		'sealctl verify --policy=code,' 'sealctl verify ' \
		'sealrun -' 'sealrun --deny-wx=' 'sealrun -p strict -- sealctl ' 'sealrun -p ' \
		'sealrun --no-inherit ls --al'
	run zsh_section 'sealctl '
	assert_line --regexp '^inspect +-- which mappings'
	assert_line --regexp '^status +-- '
	assert_line --regexp '^verify +-- '
	assert_line --regexp '^metrics +-- every service'
	run zsh_section 'sealctl metrics -'
	for o in --policy --output -p -o; do
		assert_line --regexp "^$o +-- "
	done
	run zsh_section 'sealctl inspect -'
	local o
	for o in --all --sealed --summary --unsealed --verbose --bytes --json \
		--list-columns --noheadings --output --output-all --pairs --raw --shell -a -s -v -b -J -n \
		-o -P -r -H -y -h; do
		assert_line --regexp "^$o +-- "
	done
	run zsh_section 'sealctl verify -'
	for o in --json --policy --quiet -J -p -q; do
		assert_line --regexp "^$o +-- "
	done
	refute_line --regexp '^--summary '
	# --summary's own columns, from sealctl itself.
	run zsh_section 'sealctl inspect -s -o PATH,'
	assert_line --regexp '^COVERAGE +-- percent of the bytes sealed'
	assert_line --regexp '^VMAS +-- '
	refute_line --regexp '^VMFLAGS '
	run zsh_section 'sealctl inspect --all -o +C'
	assert_line --regexp '^COMM +-- command name'
	assert_line --regexp '^COVERAGE +-- '
	run zsh_section 'sealctl verify --policy=code,'
	assert_line --regexp '^relro +-- relocation read-only data'
	assert_line --regexp '^strict +-- default,stack'
	assert_line --regexp '^wx +-- no writable'
	[ "$(grep -cE '^[a-z]+ +-- ' <<<"$output")" -eq 12 ]
	# Each PID with its command name beside it, and self.
	run zsh_section 'sealctl verify '
	assert_line --regexp "^$pid +-- sleep\$"
	assert_line --regexp '^self +-- '
	run zsh_section 'sealrun -'
	for o in --best-effort --deny-wx --no-inherit --dry-run --policy --verbose -n -p -v; do
		assert_line --regexp "^$o +-- "
	done
	# wx is a word for verify only.
	run zsh_section 'sealrun -p '
	assert_line --regexp '^strict +-- default,stack'
	refute_line --regexp '^wx '
	run zsh_section 'sealrun --deny-wx='
	assert_line --regexp '^auto +-- '
	assert_line --regexp '^prctl +-- '
	assert_line --regexp '^seccomp +-- '
	# After the program's name: the program's own completion.
	run zsh_section 'sealrun -p strict -- sealctl '
	assert_line --regexp '^inspect +-- '
	run zsh_section 'sealrun --no-inherit ls --al'
	assert_line --regexp '^--all +-- '
	assert_line --regexp '^--almost-all +-- '
}
