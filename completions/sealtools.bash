# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# bash completion for sealctl(8) and sealrun(1)            -*- shell-script -*-
# Installed as bash-completion's completions/sealctl, with sealrun a
# symbolic link to it: whichever command is completed first loads both.
# shellcheck shell=bash

# The policy words of sealrun --policy and sealctl verify --policy.
_sealtools_policy_words='code rodata relro data holes objects dlopen stack
	system default strict'

# Complete the last item of a comma-separated list in $cur from the
# words in $1.  $2 holds the characters an item (or, with +, the whole
# list) may start with: "-" for policy words (-WORD removes), "+" for
# column lists (+LIST adds to the defaults).  $3 = upper: match
# without regard to case and offer upper case (column names).
_sealtools_list()
{
	local words=$1 lead=${2-} fold=${3-} done="" item=$cur
	if [[ $item == *,* ]]; then
		done=${item%,*},
		item=${item##*,}
	elif [[ $lead == *+* && $item == +* ]]; then
		done=+
		item=${item#+}
	fi
	if [[ $lead == *-* && $item == -* ]]; then
		done+=-
		item=${item#-}
	fi
	[[ $fold == upper ]] && item=${item^^}
	local IFS=$' \t\n'
	mapfile -t COMPREPLY < <(compgen -P "$done" -W "$words" -- "$item")
	# Leave room for a comma after the item.
	compopt -o nospace
}

# Process IDs, and "self".
_sealtools_pids()
{
	_pids
	mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -W 'self' -- "$cur")
}

# Does the command line, between the subcommand and the current word,
# hold option -$1 or --$2?  Uses _sealctl's words, cword and cmd_at.
_sealctl_has()
{
	local w skip=false
	for w in "${words[@]:cmd_at+1:cword-cmd_at-1}"; do
		if $skip; then
			skip=false
			continue
		fi
		case $w in
		--"$2") return 0 ;;
		-o | --output) skip=true ;;
		--*) ;;
		# In a bundle, -o takes the rest of the word as its value.
		-*) w=${w%%o*}
			[[ $w == *"$1"* ]] && return 0 ;;
		esac
	done
	return 1
}

# Units that hold processes now, by their cgroups in the v2 hierarchy.
_sealctl_running_units()
{
	local root
	root=$(findmnt -n -o TARGET -t cgroup2 2>/dev/null | head -1)
	[[ -n $root ]] || return
	find "$root" -maxdepth 4 -type d \( -name '*.service' -o -name '*.scope' \) \
		-printf '%f\n' 2>/dev/null | sort -u
}

# Service unit files, as systemd finds them (sealctl unit).
_sealctl_unit_files()
{
	local d
	for d in /etc/systemd/system /run/systemd/system /usr/local/lib/systemd/system \
		/usr/lib/systemd/system /lib/systemd/system; do
		[[ -d $d ]] && find "$d" -maxdepth 1 -name '*.service' -printf '%f\n' 2>/dev/null
	done | sort -u
}

# cgroup paths below the v2 hierarchy's root.
_sealctl_cgroups()
{
	local root
	root=$(findmnt -n -o TARGET -t cgroup2 2>/dev/null | head -1)
	[[ -n $root ]] || return
	(cd "$root" && find . -mindepth 1 -maxdepth 4 -type d -printf '%P\n' 2>/dev/null)
}

# Values of the options that choose processes (verify, metrics, seal):
# completed, and status 0, where PREV is one of them.
_sealctl_selection_value()
{
	case $1 in
	-u | --unit)
		mapfile -t COMPREPLY < <(compgen -W "$(_sealctl_running_units)" -- "$cur")
		;;
	-c | --cgroup)
		mapfile -t COMPREPLY < <(compgen -W "$(_sealctl_cgroups)" -- "$cur")
		;;
	-D | --dropins)
		_filedir -d
		;;
	*)
		return 1
		;;
	esac
}

_sealctl()
{
	local cur prev words cword split
	_init_completion -s || return

	local i cmd="" cmd_at=0
	for ((i = 1; i < cword; i++)); do
		if [[ ${words[i]} != -* ]]; then
			cmd=${words[i]}
			cmd_at=$i
			break
		fi
	done

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			mapfile -t COMPREPLY < <(compgen -W '--help -h --usage --version -V' -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W 'status inspect verify metrics seal unit' -- "$cur")
		fi
		return
	fi

	local opts
	case $cmd in
	status)
		opts='--json -J --help -h --usage --version -V'
		;;
	inspect)
		case $prev in
		-o | --output)
			# The columns depend on the mode; sealctl lists them.
			local mode=""
			_sealctl_has s summary && mode=--summary
			_sealctl_has a all && mode=--all
			local cols
			cols=$("$1" inspect ${mode:+"$mode"} --list-columns 2>/dev/null |
				awk '{ print $1 }')
			_sealtools_list "$cols" + upper
			return
			;;
		-p | --policy)
			_sealtools_list "$_sealtools_policy_words wx" -
			return
			;;
		esac
		opts='--all -a --sealed --summary -s --unsealed --verbose -v
			--policy= -p
			--bytes -b --json -J --list-columns -H --noheadings -n
			--output= -o --output-all --pairs -P --raw -r --shell -y
			--help -h --usage --version -V'
		;;
	verify)
		_sealctl_selection_value "$prev" && return
		case $prev in
		-p | --policy)
			# wx: a check only verify can make.
			_sealtools_list "$_sealtools_policy_words wx" -
			return
			;;
		esac
		opts='--json -J --policy= -p --quiet -q --all -a --verbose -v
			--unit= -u --cgroup= -c --every -e --dropins= -D
			--help -h --usage --version -V'
		;;
	metrics)
		_sealctl_selection_value "$prev" && return
		case $prev in
		-p | --policy)
			_sealtools_list "$_sealtools_policy_words wx" -
			return
			;;
		-o | --output)
			_filedir
			return
			;;
		esac
		opts='--policy= -p --output= -o --unit= -u --dropins= -D --every -e
			--help -h --usage --version -V'
		;;
	seal)
		_sealctl_selection_value "$prev" && return
		case $prev in
		-p | --policy)
			_sealtools_list "$_sealtools_policy_words" -
			return
			;;
		esac
		opts='--policy= -p --dry-run -n --quiet -q --unit= -u --cgroup= -c
			--help -h --usage --version -V'
		;;
	unit)
		case $prev in
		-f | --file)
			_filedir
			return
			;;
		-R | --root)
			_filedir -d
			return
			;;
		-S | --sealrun)
			_filedir
			return
			;;
		esac
		# After "--": sealrun's own options.
		for ((i = cmd_at + 1; i < cword; i++)); do
			if [[ ${words[i]} == -- ]]; then
				mapfile -t COMPREPLY < <(compgen -W '--policy= -p --deny-wx --no-inherit
					--preload-nss --preload= --allow-unsealed= --best-effort --verbose -v' -- "$cur")
				[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
				return
			fi
		done
		opts='--dry-run -n --file= -f --root= -R --sealrun= -S --remove -r
			--help -h --usage --version -V'
		if [[ $cur != -* ]]; then
			mapfile -t COMPREPLY < <(compgen -W "$(_sealctl_unit_files)" -- "$cur")
			return
		fi
		;;
	*)
		return
		;;
	esac

	$split && return

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
		return
	fi
	# --all reads every process: no PID to name; metrics takes none.
	[[ $cmd == metrics ]] && return
	[[ $cmd == inspect || $cmd == verify ]] && _sealctl_has a all && return
	_sealtools_pids
} &&
	complete -F _sealctl sealctl

# sealrun [OPTION...] [--] PROGRAM [ARG...]: options until the program's
# name, then the program's own completion, as for sudo and env.
_sealrun()
{
	local cur prev words cword split
	_init_completion -s || return

	# Find PROGRAM in COMP_WORDS (where _command_offset counts), in which
	# "--policy=LIST" is three words: "--policy" "=" "LIST".
	local i w
	for ((i = 1; i <= COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--)
			((i < COMP_CWORD)) && { _command_offset $((i + 1)); return; }
			;;
		=)	# the value of --option=VALUE
			((i++))
			;;
		-p | --policy | -[!-]*p | -a | --argv0 | -[!-]*a | --preload | --allow-unsealed)
			((i++))
			[[ ${COMP_WORDS[i]-} == = ]] && ((i++))
			;;
		-*) ;;
		*)
			_command_offset $i
			return
			;;
		esac
	done

	case $prev in
	-p | --policy)
		_sealtools_list "$_sealtools_policy_words" -
		return
		;;
	-a | --argv0)
		return
		;;
	--preload)
		_filedir 'so*'
		return
		;;
	--allow-unsealed)
		# An absolute path to a program file.
		compopt -o filenames
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return
		;;
	--deny-wx)
		# Only as --deny-wx=BACKEND: the value is optional.
		if $split; then
			mapfile -t COMPREPLY < <(compgen -W 'auto prctl seccomp' -- "$cur")
		fi
		return
		;;
	esac

	$split && return

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W '--allow-unsealed= --argv0= -a --best-effort --deny-wx --deny-wx= --no-inherit --preload= --preload-nss
			--dry-run -n --policy= -p --verbose -v --help -? --usage --version -V
			--' -- "$cur")
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
	fi
} &&
	complete -F _sealrun sealrun

# ex: filetype=sh
