#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Attacks on the exec judge (sealrun's supervisor, issue 25): ways a
# program of a sealed tree might make the kernel run something the
# supervisor did not judge.  Each test here failed on 1fb67fd.

bats_require_minimum_version 1.5.0
load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load
load common

setup_file() {
	setup_sealrun_file judge-attacks
	export A=$BATS_TEST_DIRNAME/judge-attacks B=$PUB/bin
	mkdir -p "$B"
	gcc -O2 -o "$B/pathracer" "$A/pathracer.c"
	gcc -O2 -o "$B/grab" "$A/grab.c"
	gcc -O2 -o "$B/execswap" "$A/execswap.c"
	gcc -O2 -o "$B/faketracer" "$A/faketracer.c"
	gcc -O2 -shared -fPIC -DFAKE_LIB -o "$B/faketracer.so" "$A/faketracer.c"
	chmod -R a+rX "$PUB"
}

teardown_file() {
	rm -rf "$PUB"
}

setup() {
	[ -x "$BUSYBOX" ] || skip "no static busybox (Debian's busybox-static)"
}

# seccomp_unotify(2)'s race from a process, not a thread: the child of
# clone(CLONE_VM) without CLONE_VFORK shares its parent's memory while
# the parent runs on (one thread each).  The child execs a path whose
# last byte the parent flips between a dynamic program (judged sealed,
# let go) and static busybox.  Without a watcher at the exec stop the
# kernel may read busybox's name after the judgement: busybox's shell
# then counts 0 sealed mappings of its own, and nobody said a word.
# The race was won a few times in 40 runs when only a parent with other
# threads got the watcher (1fb67fd).
@test "a CLONE_VM child racing its exec's path with its running parent: never unsealed" {
	local i dyn=0 bb=0
	ln -s "$H/sealstate" "$PUB/a"
	ln -s "$BUSYBOX" "$PUB/b"
	for i in $(seq 40); do
		run --separate-stderr "$SEALRUN" "$B/pathracer" "$PUB/a" "$PUB/b" \
			sh -c 'echo busybox $(grep -c " sl" /proc/$$/smaps)'
		case $output in
		"sealed "[1-9]*" open 0 secure 0")	dyn=$((dyn + 1)) ;;
		"busybox "[1-9]*)			bb=$((bb + 1)) ;;
		"busybox 0")				fail "run $i: busybox ran unsealed, stderr: '$stderr'" ;;
		*)	[ "$status" = 137 ] && [[ $stderr == *"killed at its exec"* ]] ||
				fail "run $i: status $status: $output $stderr" ;;
		esac
	done
	echo "dynamic $dyn busybox sealed $bb" >&3
}

# The outcomes of execswap's tries (output, stderr): each try ran sealed
# (sealstate's line with seals, or busybox counting its own seals), or
# was killed at its exec stop or refused, each with its line.  Never
# "busybox 0": a static program that ran unsealed, silently.
assert_swaps_sealed() {
	local killed refused lines
	refute_output --partial "busybox 0"
	[ "$status" = 0 ] || fail "status $status: $stderr"
	lines=$(grep -cvE '^(sealed [1-9][0-9]* open 0 secure 0|busybox [1-9][0-9]*|try [0-9]+: status (137|126))$' <<<"$output") || true
	[ "$lines" = 0 ] || fail "unexpected lines: $output"
	killed=$(grep -c 'status 137$' <<<"$output") || true
	refused=$(grep -c 'status 126$' <<<"$output") || true
	[ "$(grep -c 'killed at its exec' <<<"$stderr")" -ge "$killed" ] ||
		fail "$killed killed, not all with their line: $stderr"
	[ "$(grep -c 'refusing to run' <<<"$stderr")" -ge "$refused" ] ||
		fail "$refused refused, not all with their line: $stderr"
	echo "sealed $(grep -c '^sealed' <<<"$output") busybox $(grep -c '^busybox' <<<"$output") killed $killed refused $refused" >&3
}

# The path judged is not the file the kernel opens: another process (one
# thread, no memory shared) renames a static program over a dynamic one
# between the judgement and the kernel's open.  Without a check at every
# exec stop busybox ran unsealed, silently (36 of 200 tries on b6aa866).
@test "a static program renamed over a judged dynamic one: never runs unsealed" {
	mkdir "$PUB/swap" && chmod 755 "$PUB/swap"
	run --separate-stderr "$SEALRUN" "$B/execswap" rename "$PUB/swap" "$H/sealstate" \
		"$BUSYBOX" sh -c 'echo busybox $(grep -c " sl" /proc/$$/smaps)'
	assert_swaps_sealed
}

# execveat(N, "", AT_EMPTY_PATH) from a child that shares its descriptor
# table with its parent (clone(CLONE_FILES), not CLONE_VM): the parent
# dup2s a static program's descriptor onto N after the judgement.  28 of
# 200 tries ran busybox unsealed on b6aa866.
@test "an execveat descriptor swapped through a shared descriptor table: never runs unsealed" {
	run --separate-stderr "$SEALRUN" "$B/execswap" fdswap "$H/sealstate" \
		"$BUSYBOX" sh -c 'echo busybox $(grep -c " sl" /proc/$$/smaps)'
	assert_swaps_sealed
}

# PROGRAM itself, renamed over between sealrun's judgement and its exec:
# sealrun judged a dynamic program and the kernel loads busybox (the
# supervisor holds PROGRAM's exec too), or sealrun judged busybox and
# seized it with its static tracer, and the kernel loads a dynamic
# program (the tracer checks the kernel's AT_BASE).  b6aa866 let busybox
# run unsealed.
@test "PROGRAM renamed over between sealrun's judgement and its exec: never runs unsealed" {
	local spinner i n=0 killed=0 sealed=0 bb=0
	mkdir "$PUB/spin" && chmod 755 "$PUB/spin"
	"$B/execswap" spin "$PUB/spin" "$H/sealstate" "$BUSYBOX" 3>&- &
	spinner=$!
	for i in $(seq 100000); do [ -e "$PUB/spin/prog" ] && break; done
	for i in $(seq 100); do
		run --separate-stderr "$SEALRUN" --argv0 sh "$PUB/spin/prog" \
			-c 'echo busybox $(grep -c " sl" /proc/$$/smaps)'
		case $output in
		"sealed "[1-9]*" open 0 secure 0")	sealed=$((sealed + 1)) ;;
		"busybox "[1-9]*)			bb=$((bb + 1)) ;;
		"busybox 0")	kill "$spinner"; fail "run $i: busybox ran unsealed: $stderr" ;;
		*)	if [[ $status = 137 && $stderr == *"killed at its exec"* ]]; then
				killed=$((killed + 1))
			else
				kill "$spinner"; fail "run $i: status $status: $output $stderr"
			fi ;;
		esac
	done
	kill "$spinner"
	echo "sealed $sealed busybox $bb killed $killed" >&3
}

# The supervisor runs as the user who started sealrun, and so does the
# tree: a program of the tree may take the supervisor's listener
# (pidfd_getfd, as ptrace(2) allows a process of the same user that is
# dumpable), kill the supervisor and answer its own execs.  Busybox's
# shell then counts 0 sealed mappings of its own.  The supervisor must
# be out of its tree's reach: not dumpable, so that only a process with
# CAP_SYS_PTRACE may copy its descriptors or trace it.
@test "a program of the tree cannot take its supervisor's listener (same user, not root)" {
	run --separate-stderr timeout -s KILL 30 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$SEALRUN" "$B/grab" "$SEALRUN" "$BUSYBOX" sh -c 'echo busybox $(grep -c " sl" /proc/$$/smaps)'
	refute_output --partial "busybox 0"
	# Not found (its descriptors hidden) or not taken.
	[[ $status = 10 || $status = 11 ]] || fail "status $status: $output $stderr"
	assert_output --regexp '^(no supervisor found|supervisor [0-9]+: its listener [0-9]+ not taken: .*)$'
}

# The refusal's line goes to the refused process's standard error, which
# it chooses: a terminal whose output is stopped blocks a write.  The
# supervisor is one for the whole tree: it must never wait there, or
# every exec of the tree waits with it.
@test "a refusal told to a stopped terminal stalls no other exec of the tree" {
	run --separate-stderr timeout -s KILL 30 "$SEALRUN" "$PY" "$A/ttystall.py"
	assert_success
	assert_output --regexp '^second exec: 0 after [0-5] s$'
}

# A filter of the tree's own can answer the sealer's mseal, and the
# mprotect that checks it, with made-up results (the attacker keys them
# on the sealer's addresses, which a tree without randomisation can
# learn): what such a task starts cannot be known sealed.  Filters the
# tree was started under are sealrun's to count, not the tree's.
@test "a task that added seccomp filters inside the tree execs nothing: refused with the reason" {
	local filter='import ctypes, os, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.prctl.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4
# One instruction: SECCOMP_RET_ALLOW.
insn = struct.pack("HBBI", 0x06, 0, 0, 0x7fff0000)
buf = ctypes.create_string_buffer(insn)
prog = struct.pack("HxxxxxxQ", 1, ctypes.addressof(buf))
pbuf = ctypes.create_string_buffer(prog)
assert libc.prctl(38, 1, 0, 0, 0) == 0   # PR_SET_NO_NEW_PRIVS
assert libc.prctl(22, 2, ctypes.addressof(pbuf), 0, 0) == 0, ctypes.get_errno()  # SECCOMP_MODE_FILTER
os.execv(sys.argv[1], sys.argv[1:])'
	run --separate-stderr "$SEALRUN" /usr/bin/python3 -c "$filter" /bin/true
	assert_failure
	[[ $stderr == *"refusing to run /bin/true unsealed: it runs under 1 seccomp filter of its own, added inside the sealed tree"* ]] ||
		fail "stderr: $stderr"
	run --separate-stderr "$SEALRUN" /usr/bin/python3 -c "$filter" "$BUSYBOX" true
	assert_failure
	[[ $stderr == *"it runs under 1 seccomp filter of its own"* ]] || fail "stderr: $stderr"
	# Started under a filter: sealrun's tree counts from there.
	run -0 /usr/bin/python3 -c "$filter" "$SEALRUN" sh -c '/bin/true && grep -c " sl" /proc/self/smaps'
	[ "${lines[-1]}" -gt 0 ]
}

# A tracer is sealrun's by where it comes from, not by its file: any
# program of the tree can run sealrun's own file with a library of its
# own preloaded, seize a peer from there and rewrite its environment at
# its exec stop (grep ran with 0 sealed mappings, nothing said, on
# 1956941).
@test "a tracer that runs sealrun's file is not sealrun's: the exec it traces is refused" {
	run --separate-stderr "$SEALRUN" "$B/faketracer" "$SEALRUN" "$B/faketracer.so" \
		/usr/bin/grep -c 'VmFlags:.* sl' /proc/self/smaps
	assert_failure 127
	[[ $stderr == *"refusing to run /usr/bin/grep unsealed: it is traced by process "* ]] ||
		fail "stdout: $output stderr: $stderr"
}
