#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# On a kernel without mseal (Linux < 6.10, booted by tests/vm/run.sh):
# the real ENOSYS path of libseal, sealctl, sealrun and the sealer, not a
# seccomp filter's imitation of it.  Every test skips, saying so, where
# the kernel has mseal.

load ../bats/common

setup() {
	SEALRUN=$SEALTOOLS_BUILD/sealrun
	local rc=0
	"$SEALTOOLS_BUILD/helpers/sealcall" >/dev/null 2>&1 || rc=$?
	[ "$rc" -eq 0 ] && skip "this kernel has mseal: this file is for kernels without it"
	[ "$rc" -eq 2 ] || fail "sealcall exited $rc, neither sealed (0) nor ENOSYS (2)"
}

teardown() {
	stop_helpers
}

# Mappings of PID with "sl" in VmFlags, by awk alone.
sealed_vmas() {
	smaps_ranges "$1" sealed
}

@test "libseal's system call answers -ENOSYS from the kernel itself" {
	run -2 "$SEALTOOLS_BUILD/helpers/sealcall"
	assert_line 'result -38 ENOSYS'
	run -2 "$SEALMAP" -x -n 1 -e 1
}

@test "sealctl status exits 1 and names ENOSYS; JSON says the same" {
	run -1 --separate-stderr "$SEALCTL" status
	assert_line --regexp '^mseal usable: +no \(ENOSYS: .*\)$'
	assert_line --regexp '^smaps shows sealing: +no$'
	assert_line --regexp "^kernel release: +$(uname -r | sed 's/[.+]/\\&/g')$"
	run -1 --separate-stderr "$SEALCTL" status -J
	assert_equal "$(jq -c '[.mseal, .mseal_error, .smaps_sealing]' <<<"$output")" \
		'[false,"ENOSYS",false]'
}

@test "sealrun refuses with exit 125 and the program does not run" {
	local mark=$BATS_TEST_TMPDIR/ran
	run -125 --separate-stderr "$SEALRUN" /bin/sh -c ": >'$mark'"
	assert_regex "$stderr" '^sealrun: this kernel has no mseal .*--best-effort'
	[ ! -e "$mark" ]
	run -125 --separate-stderr "$SEALRUN" --dry-run /bin/true
	assert_line 'sealrun: check: kernel: this kernel has no mseal (Linux 6.10 or later, 64-bit, is needed)'
}

@test "sealrun --best-effort runs the program unsealed, with the warning, and its status" {
	run -7 --separate-stderr "$SEALRUN" --best-effort /bin/sh -c 'echo ran; exit 7'
	assert_output ran
	assert_regex "$stderr" '^sealrun: warning: this kernel has no mseal .*running /bin/sh unsealed \(--best-effort\)$'
}

@test "under --best-effort nothing is sealed, and sealctl agrees: inspect and verify" {
	local out=$BATS_TEST_TMPDIR/out
	"$SEALRUN" --best-effort /bin/sh -c 'echo ready; exec sleep 100' >"$out" 2>/dev/null 3>&- &
	HELPER_PIDS+=("$!")
	local pid=$!
	wait_blocked "$pid" sleep
	assert_equal "$(sealed_vmas "$pid")" ""
	run -0 --separate-stderr "$SEALCTL" inspect -J "$pid"
	assert_equal "$(jq '[.mappings[] | select(.sealed)] | length' <<<"$output")" 0
	[ "$(jq '.mappings | length' <<<"$output")" -gt 0 ]
	run -0 "$SEALCTL" inspect --all --sealed -n
	assert_output ""
	run -1 --separate-stderr "$SEALCTL" verify "$pid"
	assert_output --partial "$(readlink -f "$(type -P sleep)")"
}

@test "the sealer loaded by hand meets ENOSYS and fails closed (exit 125)" {
	# What sealrun would start, were its probe skipped: the sealer itself
	# must not let the program run unsealed.  An auditor (la_version)
	# goes in LD_AUDIT, a preload in LD_PRELOAD.
	local so=$SEALTOOLS_BUILD/libsealrun.so var=LD_PRELOAD
	nm -D --defined-only "$so" | grep -qw la_version && var=LD_AUDIT
	run --separate-stderr env "$var=$so" /bin/true
	assert_equal "$status" 125
	[ -n "$stderr" ]
}
