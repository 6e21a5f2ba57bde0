#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# What a new admin meets first: the demo's wording, sealrun's refusals said
# once, and the --deny-wx warning for programs that start sessions.
# (--help layout and the version form: docs.bats.)

load common

setup_file() {
	export SEALRUN=$SEALTOOLS_BUILD/sealrun
	DIR=$(mktemp -d /tmp/admin-bats.XXXXXX)
	export DIR
}

teardown_file() {
	rm -rf "${DIR:?}"
}

# ---- the demo -------------------------------------------------------------------

@test "demo: attacks in words (refused by the kernel / allowed), only policy rows, one closing sentence" {
	grep -q '^mseal usable: *yes' <("$SEALTOOLS_BUILD/sealctl" status) || skip "this kernel has no mseal"
	run -0 env B="$SEALTOOLS_BUILD" tests/demo.sh
	local text
	text=$(sed 's/\x1b\[[0-9;]*m//g' <<<"$output")
	# No bare "OK", which read as "the attack worked".
	run grep -cE '(^| )OK$' <<<"$text"
	assert_output 0
	# Four attempts each run; sealed: every one refused; plain: every one allowed.
	run grep -cE '^  .*: +refused by the kernel \(EPERM\)$' <<<"$text"
	assert_output 4
	run grep -cE '^  .*: +allowed$' <<<"$text"
	assert_output 4
	run grep -c '^rodata intact: its read-only data still holds the bytes it was built with$' <<<"$text"
	assert_output 2
	# The summaries list only what the policy covers: no locale files, no heap.
	run grep -cE '^/usr/lib/locale/|^\[heap\] ' <<<"$text"
	assert_output 0
	run grep -cE '^/usr/lib/x86_64-linux-gnu/libc\.so\.6 .* (yes|no)$|^/usr/lib/aarch64-linux-gnu/libc\.so\.6 .* (yes|no)$' <<<"$text"
	assert_output 2
	# It ends with the sentence, and the sentence counts what happened.
	assert_regex "$(tail -n 4 <<<"$text")" '^What you saw: .* refused
with EPERM each of the 4 attacks .*the plain one\.$'
}

# ---- a refusal is said once ----------------------------------------------------

@test "sealrun -n: a refused program's reason once, on stdout; without -n once, on stderr" {
	# An ELF for a machine with no name here: refused.
	cp /bin/true "$DIR/foreign"
	printf '\x99\x09' | dd of="$DIR/foreign" bs=1 seek=18 conv=notrunc status=none
	run -125 --separate-stderr "$SEALRUN" -n "$DIR/foreign"
	assert_equal "$(grep -c 'foreign' <<<"$output")" 2 # the program line and the refusal
	assert_line --regexp '^sealrun: check: refused: .*foreign.*another machine'
	assert_equal "$stderr" ''
	run -125 --separate-stderr "$SEALRUN" "$DIR/foreign"
	assert_output ''
	assert_equal "$(grep -c . <<<"$stderr")" 1
	run -127 --separate-stderr "$SEALRUN" -n "$DIR/no-such-program"
	assert_line "sealrun: check: refused: $DIR/no-such-program: No such file or directory"
	assert_equal "$stderr" ''
}

@test "sealrun -n: kernel, LD_AUDIT and W^X refusals once, on stdout" {
	local D=$SEALTOOLS_BUILD/helpers/denyseal
	run -125 --separate-stderr "$D" ENOSYS "$SEALRUN" -n true
	assert_line --regexp '^sealrun: check: kernel: this kernel has no mseal'
	assert_equal "$stderr" ''
	run -125 --separate-stderr env LD_AUDIT=/nonexistent/a.so "$SEALRUN" -n true
	assert_line 'sealrun: check: LD_AUDIT: refused: /nonexistent/a.so'
	# (ld.so's own complaint about the module, for sealrun itself, is all.)
	run grep -c '^sealrun:' <<<"$stderr"
	assert_output 0
	run -125 --separate-stderr "$D" -m EINVAL -s EINVAL - "$SEALRUN" -n --deny-wx true
	assert_line --regexp '^sealrun: check: W\^X: refused: --deny-wx: neither backend'
	assert_equal "$stderr" ''
}

# ---- --deny-wx and programs that start sessions ---------------------------------

@test "--deny-wx warns, once, for a session starter by name; not for others nor without --deny-wx" {
	local name
	for name in sshd cron login sudo systemd; do
		ln -sf /bin/true "$DIR/$name"
		run -0 --separate-stderr "$SEALRUN" --deny-wx "$DIR/$name"
		assert_equal "$stderr" "sealrun: warning: --deny-wx on $name: W^X binds it and every program it starts, user sessions included, for good (JITs such as node and java fail there); see sealrun(1)"
		run -0 --separate-stderr "$SEALRUN" "$DIR/$name"
		assert_equal "$stderr" ''
	done
	# A shell only when interactive (no arguments): "sh -c CMD" runs one command.
	run -0 --separate-stderr "$SEALRUN" --deny-wx sh </dev/null
	assert_equal "$(grep -c '^sealrun: warning: --deny-wx on sh: ' <<<"$stderr")" 1
	run -0 --separate-stderr "$SEALRUN" --deny-wx sh -c :
	assert_equal "$stderr" ''
	run -0 --separate-stderr "$SEALRUN" --deny-wx true
	assert_equal "$stderr" ''
	# --dry-run: in the checks, on stdout.
	run -0 --separate-stderr "$SEALRUN" -n --deny-wx "$DIR/sshd"
	assert_line --regexp '^sealrun: check: W\^X: warning: --deny-wx on sshd: '
	assert_equal "$stderr" ''
}

@test "--deny-wx under a session starter binds what the session runs (PR_GET_MDWE 1 there)" {
	# The 'sshd' here is a shell: what it starts is what a session would run.
	ln -sf "$(command -v bash)" "$DIR/sshd"
	run -0 --separate-stderr "$SEALRUN" --deny-wx=prctl "$DIR/sshd" -c \
		"/usr/bin/python3 -c 'import ctypes; print(\"mdwe\", ctypes.CDLL(None).prctl(66, 0, 0, 0, 0))'"
	assert_output 'mdwe 1'
	run -0 --separate-stderr "$SEALRUN" "$DIR/sshd" -c \
		"/usr/bin/python3 -c 'import ctypes; print(\"mdwe\", ctypes.CDLL(None).prctl(66, 0, 0, 0, 0))'"
	assert_output 'mdwe 0'
}
