#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# sealctl status, and the front end (commands, --help, --version).  Each
# answer is checked against an independent look at the same fact.

load common

teardown() {
	stop_helpers
}

# Can this kernel seal?  Asked of the sealmap helper, not of sealctl.
can_seal() {
	"$SEALMAP" -x -n 1 -e 1 >/dev/null 2>&1
}

# Is "sl" on the [vdso] line of a fresh process's own smaps?
vdso_sealed() {
	awk '/^[0-9a-f]+-[0-9a-f]+ / { vdso = ($6 == "[vdso]") }
	     vdso && /^VmFlags:/ { found = 1; for (i = 2; i <= NF; i++) if ($i == "sl") s = 1 }
	     END { exit !(found && s) }' /proc/self/smaps
}

kernel_at_least() { # MAJOR MINOR
	local major minor
	IFS=. read -r major minor _ <<<"$(uname -r)"
	((major > $1 || (major == $1 && ${minor%%[!0-9]*} >= $2)))
}

@test "status: aligned 'key: value' lines; exit 0 exactly when mseal works" {
	local want=1
	can_seal && want=0
	run --separate-stderr "$SEALCTL" status
	assert_equal "$status" "$want"
	assert_equal "${#lines[@]}" 8
	# Every value starts in the same column.
	run -0 awk '{ if (!match($0, /^[A-Za-z_ ]+: +/)) exit 1; w[RLENGTH] = 1 }
		    END { n = 0; for (k in w) n++; exit n != 1 }' <<<"$output"
}

@test "status: each line tells the truth" {
	run --separate-stderr "$SEALCTL" status
	assert_line --regexp "^kernel release: +$(uname -r | sed 's/[.+]/\\&/g')$"
	assert_line --regexp "^architecture: +$(uname -m)$"
	if can_seal; then
		assert_line --regexp '^mseal usable: +yes$'
		assert_line --regexp '^smaps shows sealing: +yes$'
	else
		assert_line --regexp '^mseal usable: +no \(E[A-Z]+: .*\)$'
	fi
	if vdso_sealed; then
		assert_line --regexp '^system mappings sealed: +yes$'
	else
		assert_line --regexp '^system mappings sealed: +(no|unknown)$'
	fi
	assert_line --regexp '^mseal backend: +(libc mseal\(\)|raw system call)$'
	if kernel_at_least 6 3; then
		assert_line --regexp '^PR_SET_MDWE: +available$'
	else
		assert_line --regexp '^PR_SET_MDWE: +not available$'
	fi
	if grep -q '^Seccomp:' /proc/self/status; then
		assert_line --regexp '^seccomp: +available \(this process: disabled\)$'
	else
		assert_line --regexp '^seccomp: +not available$'
	fi
}

@test "status -J: valid JSON, booleans as booleans, same answers" {
	run --separate-stderr "$SEALCTL" status --json
	local json=$output rc=$status
	run -0 jq -e '
		(.kernel | type == "string") and (.architecture | type == "string") and
		(.mseal | type == "boolean") and
		(if .mseal then .mseal_error == null else (.mseal_error | test("^E[A-Z]+$")) end) and
		(.smaps_sealing | type == "boolean" or . == null) and
		(.system_mappings_sealed | type == "boolean" or . == null) and
		(.backend | IN("libc", "syscall")) and
		(.mdwe | type == "boolean") and (.seccomp | type == "boolean") and
		(.seccomp_mode | IN("disabled", "strict", "filter", null))' <<<"$json"
	assert_equal "$(jq -r .kernel <<<"$json")" "$(uname -r)"
	assert_equal "$(jq -r .architecture <<<"$json")" "$(uname -m)"
	if can_seal; then
		assert_equal "$(jq -c '[.mseal, .smaps_sealing]' <<<"$json")" "[true,true]"
		assert_equal "$rc" 0
	else
		assert_equal "$(jq .mseal <<<"$json")" false
		assert_equal "$rc" 1
	fi
	if vdso_sealed; then
		assert_equal "$(jq .system_mappings_sealed <<<"$json")" true
	elif can_seal; then
		assert_equal "$(jq .system_mappings_sealed <<<"$json")" false
	else
		[ "$(jq .system_mappings_sealed <<<"$json")" != true ]
	fi
	# The text says the same.
	run "$SEALCTL" status
	assert_line --regexp "^mseal backend: +$(jq -r 'if .backend == "libc" then "libc mseal\\(\\)"
		else "raw system call" end' <<<"$json")$"
}

@test "status under a filter that answers ENOSYS: not usable, exit 1" {
	run -1 --separate-stderr "$DENYSEAL" ENOSYS "$SEALCTL" status
	assert_line --regexp '^mseal usable: +no \(ENOSYS: .*\)$'
	assert_line --regexp '^smaps shows sealing: +no$'
	assert_line --regexp '^seccomp: +available \(this process: filter\)$'
	run -1 --separate-stderr "$DENYSEAL" ENOSYS "$SEALCTL" status -J
	assert_equal "$(jq -c '[.mseal, .mseal_error, .seccomp_mode]' <<<"$output")" \
		'[false,"ENOSYS","filter"]'
}

@test "status under a filter that answers EPERM: not usable, exit 1, unknowns are null" {
	run -1 --separate-stderr "$DENYSEAL" EPERM "$SEALCTL" status -J
	assert_equal "$(jq -c '[.mseal, .mseal_error]' <<<"$output")" '[false,"EPERM"]'
	if ! vdso_sealed; then
		assert_equal "$(jq -c '[.smaps_sealing, .system_mappings_sealed]' <<<"$output")" \
			'[null,null]'
	fi
	run -1 --separate-stderr "$DENYSEAL" EPERM "$SEALCTL" status
	assert_line --regexp '^mseal usable: +no \(EPERM: permission denied\)$'
}

@test "status as an unprivileged user works the same" {
	can_seal || skip "mseal not supported here"
	run -0 --separate-stderr as_nobody "$SEALCTL" status -J
	assert_equal "$(jq .mseal <<<"$output")" true
}

@test "status usage errors exit 64" {
	run -64 "$SEALCTL" status extra
	assert_output --partial "unexpected argument"
	run -64 "$SEALCTL" status --bogus
	run -0 "$SEALCTL" status --help
	assert_output --partial "--json"
}

@test "status: a write error is an error (exit 1)" {
	[ -w /dev/full ] || skip "no /dev/full"
	run -1 --separate-stderr sh -c '"$0" status >/dev/full' "$SEALCTL"
	assert_regex "$stderr" '^sealctl: write error'
}

# ---- the front end ---------------------------------------------------------------

@test "--help lists each command on one line" {
	run -0 "$SEALCTL" --help
	assert_line --regexp '^  status +[a-z]'
	assert_line --regexp '^  inspect +[a-z]'
	assert_line --partial "Usage: sealctl"
}

@test "--version prints the version" {
	run -0 "$SEALCTL" --version
	assert_output "sealctl (sealtools) $(cat "$BATS_TEST_DIRNAME/../../VERSION")"
}

@test "no command, or an unknown one, is a usage error (64)" {
	run -64 "$SEALCTL"
	assert_output --partial "no command given"
	run -64 "$SEALCTL" frobnicate
	assert_output --partial "unknown command 'frobnicate'"
	run -64 "$SEALCTL" --bogus
}
