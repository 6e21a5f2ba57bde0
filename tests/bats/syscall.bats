#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# The wrapper issues mseal(addr, len, 0) as syscall 462 on this machine.

bats_require_minimum_version 1.5.0
load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

setup() {
	HELPER=${SEALTOOLS_BUILD:?}/helpers/sealcall
}

@test "seal_range issues syscall 462 with the address, length and flags 0" {
	local trace=$BATS_TEST_TMPDIR/trace
	run -0 strace -qq -e trace=all -e signal=none -o "$trace" "$HELPER"
	assert_line 'result 0 OK'
	local addr len
	read -r _ addr len <<<"${lines[0]}"
	[ -n "$addr" ]
	# strace 6.1 (Debian 12) predates mseal and prints it as
	# syscall_0x1ce (462), the length in hex; 6.13 (Debian 13) decodes
	# mseal and prints the length in decimal.
	run grep -E "^(mseal|syscall_0x1ce)\(${addr}, ($(printf '%#x' "$len")|$len), 0[,)].* = 0$" "$trace"
	assert_success
}
