#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# The programs of examples/, run as a user would, and what sealctl
# inspect shows of them from outside.

load common

FREEZEKEY=$SEALTOOLS_BUILD/examples/freezekey

setup() {
	"$SEALTOOLS_BUILD/helpers/sealcall" >/dev/null 2>&1 ||
		skip "mseal not supported by this kernel"
	KEY=$BATS_TEST_TMPDIR/key.bin
	head -c 32 /dev/urandom >"$KEY"
}

teardown() {
	stop_helpers
}

# Start freezekey --wait on the key; its input is a FIFO it holds open
# itself, so it waits until killed.  Sets PID when it says "ready".
start_freezekey() {
	local fifo=$BATS_TEST_TMPDIR/in out=$BATS_TEST_TMPDIR/out
	mkfifo "$fifo"
	# The file exists before the background job opens it: awk reads it at once.
	: >"$out"
	"$FREEZEKEY" --wait "$KEY" <>"$fifo" >"$out" 2>&1 3>&- &
	HELPER_PIDS+=("$!")
	wait_for --while "$!" grep -q '^ready ' "$out" && PID=$(awk '$1 == "ready" { print $2 }' "$out") &&
		return 0
	alive "$!" || fail "freezekey exited: $(cat "$out")"
	fail "freezekey did not get ready: $(cat "$out")"
}

@test "freezekey: reads the key, freezes it, and the kernel refuses mprotect, munmap, mremap and seal_free" {
	run -0 "$FREEZEKEY" "$KEY"
	assert_line --regexp "^key: 32 bytes from .*key\.bin, frozen at 0x[0-9a-f]+$"
	assert_line 'mprotect to read-write: refused: Operation not permitted'
	assert_line 'munmap: refused: Operation not permitted'
	assert_line 'mremap to grow or move it: refused: Operation not permitted'
	assert_line 'seal_free: refused: Operation not permitted'
	[ "${#lines[@]}" -eq 5 ]
}

@test "freezekey: without mseal it refuses to go on, it does not run unsealed" {
	run -1 "$DENYSEAL" ENOSYS "$FREEZEKEY" "$KEY"
	assert_output 'freezekey: seal_alloc: Function not implemented'
	# mseal that says yes and seals nothing: the check catches it.
	run -1 "$DENYSEAL" -l OK "$FREEZEKEY" "$KEY"
	assert_output 'freezekey: seal_freeze: Input/output error'
}

@test "freezekey: bad usage and unreadable files exit 2" {
	run -2 "$FREEZEKEY"
	assert_output --partial 'usage: freezekey'
	run -2 "$FREEZEKEY" "$BATS_TEST_TMPDIR/none"
	assert_output --partial 'No such file or directory'
	: >"$BATS_TEST_TMPDIR/empty"
	run -2 "$FREEZEKEY" "$BATS_TEST_TMPDIR/empty"
	assert_output --partial 'empty'
}

@test "sealctl inspect: the named region is a sealed row of kind region, between sealed guards" {
	start_freezekey
	# Raw output writes the blank as \x20.
	local name='/memfd:libseal:example-key (deleted)' raw='/memfd:libseal:example-key\x20(deleted)'
	run -0 --separate-stderr "$SEALCTL" inspect -r -n -o SEALED,KIND,PERMS,SIZE,PATH "$PID"
	assert_line "yes region r--s 4K $raw"
	# The header and guard below it, the guard above: sealed too.
	local row
	row=$(grep -nF -- "$raw" <<<"$output" | cut -d: -f1)
	assert_equal "$(sed -n "$((row - 2))p;$((row - 1))p;$((row + 1))p" <<<"$output" |
		sed 's/ *$//')" \
		"$(printf '%s\n' 'yes anon r--p 4K' 'yes anon ---p 4K' 'yes anon ---p 4K')"
	# smaps itself agrees: that mapping's VmFlags hold sl, and dd (no core dump).
	run awk -v n="$name" 'index($0, n) { want = 1; next }
		/^VmFlags:/ && want { print; exit }' "/proc/$PID/smaps"
	assert_output --regexp ' sl( |$)'
	assert_output --regexp ' dd( |$)'
	# JSON and the per-object summary name it the same way.
	run -0 --separate-stderr "$SEALCTL" inspect -J "$PID"
	run jq -r '.mappings[] | select(.kind == "region") | "\(.sealed) \(.path)"' <<<"$output"
	assert_output "true $name"
	run -0 --separate-stderr "$SEALCTL" inspect --summary -r -n -o PATH,VMAS,SEALED "$PID"
	assert_line "$raw 1 1"
}
