#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# The outside sealers, attacked: sealrun's tracer for static programs
# (cmd/sealrun/static.c) and `sealctl seal`, by odd or hostile programs.
# Each test states what must hold.  Real processes, real smaps.

bats_require_minimum_version 1.5.0
load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load
load common

setup_file() {
	B=${SEALTOOLS_BUILD:?}
	export SEALRUN=$B/sealrun
	local d=$BATS_FILE_TMPDIR
	chmod 755 "$d"
	# tests/bats/tracer-attacks/early.c: no C library, a RELRO it never
	# protects, so it acts while the tracer still follows its start-up.
	# It and seccomped.c's filter are x86_64's (need_x86_64).
	if [ "$(uname -m)" = x86_64 ]; then
		gcc -static -nostdlib -O1 -fno-stack-protector -Wl,-z,relro \
			-o "$d/early" "$BATS_TEST_DIRNAME/tracer-attacks/early.c"
		gcc -O2 -o "$d/seccomped" "$BATS_TEST_DIRNAME/tracer-attacks/seccomped.c"
	fi
	# A static glibc program: "ready", then pause().
	printf '%s\n' '#include <stdio.h>' '#include <unistd.h>' \
		'int main(void) { puts("ready"); fflush(stdout); pause(); return 3; }' \
		>"$d/hold.c"
	gcc -static -O2 -o "$d/hold" "$d/hold.c"
	gcc -O2 -o "$d/vforker" "$BATS_TEST_DIRNAME/tracer-attacks/vforker.c"
	gcc -O2 -o "$d/seccomped" "$BATS_TEST_DIRNAME/tracer-attacks/seccomped.c"
	gcc -O2 -o "$d/rtflood" "$BATS_TEST_DIRNAME/tracer-attacks/rtflood.c"
	export EARLY=$d/early HOLD=$d/hold VFORKER=$d/vforker SECCOMPED=$d/seccomped
	gcc -O2 -pthread -o "$d/leaderless" "$BATS_TEST_DIRNAME/tracer-attacks/leaderless.c"
	export RTFLOOD=$d/rtflood LEADERLESS=$d/leaderless
}

teardown() {
	local p
	for p in "${HELPER_PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null || true
	done
}

need_x86_64() {
	[ "$(uname -m)" = x86_64 ] || skip "the helper is written for x86_64 (system calls, seccomp arch)"
}

# PID is in vfork: a child made, and itself in the kernel's wait (D).
in_vfork() { # PID
	[ -n "$(cat "/proc/$1/task/$1/children" 2>/dev/null)" ] && [ "$(proc_state "$1")" = D ]
}

# The leaderless helper PID said ready (OUT) and its first thread exited.
leader_gone() { # PID OUT
	grep -qx ready "$2" && [ "$(proc_state "$1")" = Z ]
}

# Wait for pid (a child of this shell, not of run's subshell): it must
# end with status want.
wait_status() {
	local rc=0
	wait "$1" || rc=$?
	[ "$rc" -eq "$2" ] || fail "$1 ended with status $rc, not $2"
}

# A static program that execs another before its start-up is done (the
# tracer still follows it for RELRO): the tracer went on looking for the
# first image's RELRO in the second, which ran with nothing sealed and
# stayed traced for good.  The program it execs must be sealed as sealrun
# seals any static program, and left untraced.
@test "a static program that execs at once: what it execs is sealed, then untraced" {
	need_x86_64
	local out=$BATS_TEST_TMPDIR/out pid
	"$SEALRUN" "$EARLY" exec "$HOLD" >"$out" 2>&1 3>&- &
	pid=$!
	HELPER_PIDS+=("$pid")
	wait_untraced "$pid" "$HOLD"
	run -0 all_sealed "$pid" "$HOLD"
	run -0 "$SEALCTL" verify -q "$pid"
	kill -TERM "$pid"
	wait_status "$pid" 143
}

# A SIGTRAP sent to the program while the tracer follows its start-up
# was taken for a trap of the tracer's and thrown away: the program ran
# on instead of dying of it (default action: core, status 133).
@test "a static program that gets SIGTRAP during its start-up dies of it, as without sealrun" {
	need_x86_64
	run -133 "$EARLY" trap
	refute_output --partial after-trap
	run -133 "$SEALRUN" "$EARLY" trap
	refute_output --partial after-trap
}

# A group-stop during the start-up (SIGSTOP) was resumed at once by the
# tracer's PTRACE_SYSCALL: the program ran on, "stopped".  It must stay
# stopped until SIGCONT, then go on.
@test "a static program stopped during its start-up stays stopped until SIGCONT" {
	need_x86_64
	local out=$BATS_TEST_TMPDIR/out pid st
	"$SEALRUN" "$EARLY" stop >"$out" 2>&1 3>&- &
	pid=$!
	HELPER_PIDS+=("$pid")
	wait_for --while "$pid" state_is "$pid" tT || fail "never stopped: state $(proc_state "$pid")"
	# Nothing may happen now: not a wait for an event, the time a wrong
	# resume would need to show (the program's next step is one write).
	sleep 0.3
	refute grep -q after-stop "$out"
	st=$(proc_state "$pid")
	[[ $st == [tT] ]] || fail "state $st, not stopped"
	kill -CONT "$pid"
	wait_status "$pid" 0
	run -0 cat "$out"
	assert_output after-stop
}

# sealctl seal waited for every thread to stop, however long: a thread in
# vfork does not stop until its child execs or exits, so sealctl hung
# (deaf to SIGINT and SIGTERM, which it blocks meanwhile) and kept every
# other thread of the process stopped that long.  It must give up within
# a bound, refuse (2) with the reason, and leave the process running.
@test "sealctl seal of a process waiting in vfork: refused within a bound, the process untouched" {
	local out=$BATS_TEST_TMPDIR/out pid child
	"$VFORKER" 30 >"$out" 3>&- &
	pid=$!
	HELPER_PIDS+=("$pid")
	# In vfork: its child made, itself in the kernel's wait for it (D).
	wait_for --while "$pid" in_vfork "$pid" || fail "no vfork: state $(proc_state "$pid")"
	child=$(cat "/proc/$pid/task/$pid/children")
	child=${child%% *}
	HELPER_PIDS+=("$child")
	run -2 --separate-stderr timeout -s KILL 8 "$SEALCTL" seal "$pid"
	assert_output ''
	[[ $stderr == *"$pid (vforker): cannot stop it: "*vfork* ]] || fail "stderr: $stderr"
	# Let go: untraced, and the vfork ends normally once the child exits.
	[ "$(tracer_of "$pid")" = 0 ]
	kill -KILL "$child"
	wait_line "$out" 'vfork done' || :
	run -0 cat "$out"
	assert_output $'ready\nvfork done'
	run -1 "$SEALCTL" verify -q "$pid"
}

# The RELRO bound was 4096 system calls, none of time: a program that
# blocks before it protects its RELRO (here in pause()) kept the tracer
# waiting for good, its RELRO unsealed and itself traced (no debugger
# could attach).  It must be sealed as it is within a bound, let go, and
# its blocked call must go on (pause() returning would end it).
@test "a static program that blocks before protecting its RELRO: sealed within a bound, untraced, still blocked" {
	need_x86_64
	local out=$BATS_TEST_TMPDIR/out pid
	"$SEALRUN" "$EARLY" pause >"$out" 2>&1 3>&- &
	pid=$!
	HELPER_PIDS+=("$pid")
	wait_line "$out" ready || fail "not ready: $(cat "$out")"
	wait_untraced "$pid" "$EARLY"
	run -0 all_sealed "$pid" "$EARLY"
	# Let go in its pause(), which must go on: once untraced it sleeps
	# there again (S), where a pause() that returned would have ended it.
	wait_for --while "$pid" state_is "$pid" S || fail "ended: state $(proc_state "$pid")"
	run -0 cat "$out"
	assert_output ready
	kill -TERM "$pid"
	wait_status "$pid" 143
}

# Start seccomped MODE, blocked in read(0) from a FIFO held on fd 4.
start_seccomped() {
	mkfifo "$BATS_TEST_TMPDIR/in.$1"
	OUT=$BATS_TEST_TMPDIR/out.$1
	"$SECCOMPED" "$1" <"$BATS_TEST_TMPDIR/in.$1" >"$OUT" 2>&1 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	exec 4>"$BATS_TEST_TMPDIR/in.$1"
	wait_for --while "$PID" grep -qx ready "$OUT" || fail "seccomped $1 never ready: $(cat "$OUT")"
}

# ... then let it read its line: it must still be there, and end well.
finish_seccomped() {
	echo x >&4
	exec 4>&-
	wait_status "$PID" 0
	run -0 cat "$OUT"
	assert_output $'ready\nread done'
}

# sealctl seal made a process under seccomp call mseal whatever its
# filter said: strict mode, or a filter that kills on mseal (or raises
# SIGSYS), killed the process; a filter that fakes mseal's success (and
# makes mprotect fail EPERM) had it report "sealed, checked".  Such a
# process must be refused (2) with the reason, untouched; one whose
# filter allows mseal and mprotect is sealed as any other.
@test "sealctl seal of a process whose seccomp filter forbids or fakes mseal: refused, not killed" {
	need_x86_64
	local mode
	for mode in strict kill trap fake; do
		start_seccomped "$mode"
		run -2 --separate-stderr "$SEALCTL" seal "$PID"
		[[ $stderr == *"$PID (seccomped): "*seccomp* ]] || fail "$mode: stderr: $stderr"
		assert_output ''
		finish_seccomped
	done
	start_seccomped allow
	run -0 "$SEALCTL" seal -q "$PID"
	run -0 "$SEALCTL" verify -q "$PID"
	finish_seccomped
}

# Signals that came while a call was injected were taken off the queue,
# kept (16 at most) and sent again; from the 17th on, each was dropped
# and the next one taken, until the queue was empty: 1000 queued
# real-time signals, 16 delivered, and the seal failed (ENOBUFS).  Every
# one must reach the program, and the seal succeed.
@test "sealctl seal of a process with 1000 queued real-time signals: sealed, none lost" {
	local out=$BATS_TEST_TMPDIR/out pid st
	"$RTFLOOD" >"$out" 3>&- &
	pid=$!
	HELPER_PIDS+=("$pid")
	wait_line "$out" ready || fail "not ready: $(cat "$out")"
	# Stopped, so that the signals queue up; sealed while stopped.
	kill -STOP "$pid"
	wait_stopped "$pid"
	run -0 "$RTFLOOD" "$pid" 1000
	assert_output "sent 1000"
	run -0 "$SEALCTL" seal -q "$pid"
	st=$(proc_state "$pid")
	[ "$st" = T ] || fail "no longer stopped: $st"
	kill -CONT "$pid"
	kill -USR2 "$pid"
	wait_status "$pid" 0
	run -0 cat "$out"
	assert_output $'ready\ngot 1000'
}

# A process whose first thread has exited (pthread_exit) lives on in its
# other threads, but /proc/PID reads as a zombie with no mappings:
# verify said "no address space: nothing to check" and exited 0 for a
# live, unsealed process, and seal refused it as a zombie.  Both must see
# its mappings through a living thread: verify exits 1, seal seals it,
# verify then passes, and the process goes on.
@test "a process whose main thread has exited: verify sees it unsealed, seal seals it" {
	local out=$BATS_TEST_TMPDIR/out pid
	"$LEADERLESS" >"$out" 3>&- &
	pid=$!
	HELPER_PIDS+=("$pid")
	# Ready, its first thread gone: /proc/PID reads as a zombie.
	wait_for leader_gone "$pid" "$out" || fail "state $(proc_state "$pid"): $(cat "$out")"
	run -1 "$SEALCTL" verify "$pid"
	assert_output --partial "NOT compliant"
	run -0 "$SEALCTL" seal "$pid"
	run -0 "$SEALCTL" verify -q "$pid"
	kill -USR1 "$pid"
	wait_status "$pid" 0
}
