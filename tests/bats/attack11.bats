#!/usr/bin/env bats
# Issue 11, attacked: ways a program started from `sealrun PROGRAM` runs
# unsealed without a word (no --best-effort, no --no-inherit), or the
# exec guard crashes.  Each test states what must hold; each fails on
# 0961cd9.  Real programs, real smaps.

bats_require_minimum_version 1.5.0
load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load
load common

setup_file() {
	B=${SEALTOOLS_BUILD:?}
	export SEALRUN=$B/sealrun H=$B/helpers
	export BUSYBOX=/bin/busybox
	export A=$BATS_TEST_DIRNAME/attack11
}

setup() {
	[ -x "$BUSYBOX" ] || skip "no static busybox (Debian's busybox-static)"
}

refusal_re='^sealrun: refusing to run .* unsealed: .*; sealrun --best-effort runs it anyway$'

# The loader run as a program, "ld.so PROGRAM", is accepted as the
# sealed program's own loader (lib/exec.c seal_exec_check_elf); the
# program it is then given is never judged.  A static one runs with no
# loader sealing anything.
@test "ld.so run directly with a static program as its argument: refused, not run unsealed" {
	local ldso
	ldso=$(readelf -l "$H/sealstate" | sed -n 's/.*interpreter: \(.*\)]$/\1/p')
	[ -x "$ldso" ] || skip "no loader found in $H/sealstate"
	run --separate-stderr "$SEALRUN" sh -c "$ldso $BUSYBOX echo RAN"
	refute_output --partial RAN
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
}

# posix_spawn_file_actions_addchdir_np: the child changes directory
# before its exec, the guard judges the relative path in the parent's.
@test "posix_spawn with a chdir file action: the program the child runs is judged, not the parent's" {
	local d=$BATS_TEST_TMPDIR
	mkdir "$d/other"
	cp "$H/sealstate" "$d/prog"	# judged: dynamic, fine
	cp "$BUSYBOX" "$d/other/prog"	# run: static
	cd "$d"
	run --separate-stderr "$SEALRUN" python3 "$A/spawnchdir.py" other ./prog busybox echo RAN
	refute_output --partial RAN
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1

	# posix_spawnp, PATH with a relative entry: the same.
	run --separate-stderr env PATH=".:$PATH" SPAWNP=1 \
		"$SEALRUN" python3 "$A/spawnchdir.py" other prog busybox echo RAN
	refute_output --partial RAN
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
}

# The guard keeps its judgement (struct seal_exec, ~17 KiB, and more) on
# the calling thread's stack: a thread with a small stack that can
# posix_spawn unsealed dies of SIGSEGV in the guard.
@test "posix_spawn from a thread with a 32 KiB stack: no crash, the child sealed" {
	run -0 python3 "$A/thread_spawn.py" 32768 "$H/sealstate"
	assert_line "child 0"
	run -0 "$SEALRUN" python3 "$A/thread_spawn.py" 32768 "$H/sealstate"
	assert_line --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	assert_line "child 0"
}

# wordexp(3)'s command substitution runs /bin/sh through glibc's own
# execve, which no preload sees.  With LD_AUDIT taken out of environ
# (SEALRUN_* and LD_PRELOAD kept), that shell starts with the guard but
# without the sealer, and nothing notices: a process that carries the
# guard and sealrun's variables must be sealed or refused.
@test "a program started past the guard with LD_AUDIT gone but SEALRUN_* kept: sealed or refused" {
	# Control: environ untouched, the shell is sealed.
	run -0 "$SEALRUN" python3 "$A/wordexp_smaps.py"
	assert_output --regexp '^rc 0 vmflags [1-9][0-9]* sealed [1-9][0-9]*$'
	run "$SEALRUN" python3 "$A/wordexp_smaps.py" drop-audit
	if [[ $output == "rc 0 "* ]]; then
		assert_output --regexp '^rc 0 vmflags [1-9][0-9]* sealed [1-9][0-9]*$'
	fi
}

# A binfmt_misc handler (qemu-user-static, Wine, jar and .pyc runners
# register them) runs a file the guard takes for "neither ELF nor #!":
# lib/exec.c lets that exec through as one the kernel fails with
# ENOEXEC, and the kernel runs the handler's interpreter, here a static
# one.  Registers a handler for a magic of its own, removed at the end.
@test "a file run by a binfmt_misc handler with a static interpreter: refused, not run unsealed" {
	local bm=/proc/sys/fs/binfmt_misc mounted=
	[ "$(id -u)" = 0 ] || skip "needs root to register a binfmt_misc handler"
	if [ ! -e "$bm/register" ]; then
		mount -t binfmt_misc binfmt_misc "$bm" 2>/dev/null || skip "cannot mount binfmt_misc"
		mounted=1
	fi
	echo ":sealtools-attack11:M::SEALTOOLS-ATTACK11::$BUSYBOX:" >"$bm/register" ||
		skip "cannot register a binfmt_misc handler"
	mkdir "$BATS_TEST_TMPDIR/bin"
	printf 'SEALTOOLS-ATTACK11\n' >"$BATS_TEST_TMPDIR/bin/echo"
	chmod 755 "$BATS_TEST_TMPDIR/bin/echo"
	run --separate-stderr "$SEALRUN" sh -c "$BATS_TEST_TMPDIR/bin/echo RAN"
	local out=$output err=$stderr
	echo -1 >"$bm/sealtools-attack11"
	[ -z "$mounted" ] || umount "$bm"
	output=$out stderr=$err
	refute_output --partial RAN
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
}

# The same through sealrun itself: PROGRAM is the loader, its argument a
# static program.
@test "sealrun ld.so STATIC-PROGRAM: refused (exit 125), not run unsealed" {
	local ldso
	ldso=$(readelf -l "$H/sealstate" | sed -n 's/.*interpreter: \(.*\)]$/\1/p')
	[ -x "$ldso" ] || skip "no loader found in $H/sealstate"
	run -125 --separate-stderr "$SEALRUN" "$ldso" "$BUSYBOX" echo RAN
	refute_output --partial RAN
	assert_equal "$(grep -c '^sealrun: .*statically linked' <<<"$stderr")" 1
}
