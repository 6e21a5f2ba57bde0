#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# The exec guard, attacked: ways a program started from `sealrun PROGRAM` runs
# unsealed without a word (no --best-effort, no --no-inherit), or the
# exec guard crashes.  Each test states what must hold; each fails on
# 0961cd9.  Real programs, real smaps.

bats_require_minimum_version 1.5.0
load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load
load common

setup_file() {
	setup_sealrun_file
	export A=$BATS_TEST_DIRNAME/inherit-attacks
}

setup() {
	[ -x "$BUSYBOX" ] || skip "no static busybox (Debian's busybox-static)"
}

refusal_re='^sealrun: refusing to run .* unsealed: .*; sealrun --allow-unsealed=.* runs it anyway, --best-effort runs everything$'

# The loader run as a program, "ld.so PROGRAM", is accepted as the
# sealed program's own loader (common/exec.c seal_exec_check_elf); the
# guard once never judged the program it is then given, and a static
# one ran with nothing sealed.  The loader executes a static program
# again (glibc 2.35 on): that exec is judged, and sealed from outside.
@test "ld.so run directly with a static program as its argument: its exec judged, sealed, not run unsealed" {
	local ldso
	ldso=$(readelf -l "$H/sealstate" | sed -n 's/.*interpreter: \(.*\)]$/\1/p')
	[ -x "$ldso" ] || skip "no loader found in $H/sealstate"
	# Plain: nothing sealed.
	run -1 "$ldso" "$BUSYBOX" grep -c ' sl' /proc/self/smaps
	assert_output 0
	run -0 --separate-stderr "$SEALRUN" sh -c "$ldso $BUSYBOX grep -c ' sl' /proc/self/smaps"
	assert_output --regexp '^[1-9][0-9]*$'
	assert_equal "$stderr" ''
}

# posix_spawn_file_actions_addchdir_np: the child changes directory
# before its exec; the guard once judged the relative path in the
# parent's.  The supervisor judges in the child's directory: the static
# program there is sealed from outside (its own smaps say so).
@test "posix_spawn with a chdir file action: the program the child runs is judged, not the parent's" {
	local d=$BATS_TEST_TMPDIR
	mkdir "$d/other"
	cp "$H/sealstate" "$d/prog"	# not run
	cp "$BUSYBOX" "$d/other/prog"	# run: static
	cd "$d"
	run -0 --separate-stderr "$SEALRUN" python3 "$A/spawnchdir.py" other ./prog busybox grep -c ' sl' /proc/self/smaps
	assert_output --regexp '^[1-9][0-9]*$'

	# posix_spawnp, PATH with a relative entry: the same.
	run -0 --separate-stderr env PATH=".:$PATH" SPAWNP=1 \
		"$SEALRUN" python3 "$A/spawnchdir.py" other prog busybox grep -c ' sl' /proc/self/smaps
	assert_output --regexp '^[1-9][0-9]*$'
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
# common/exec.c lets that exec through as one the kernel fails with
# ENOEXEC, and the kernel runs the handler's interpreter, here a static
# one.  Registers a handler for a magic of its own, removed at the end.
@test "a file run by a binfmt_misc handler with a static interpreter: refused, not run unsealed" {
	local bm=/proc/sys/fs/binfmt_misc mounted=
	[ "$(id -u)" = 0 ] || skip "needs root to register a binfmt_misc handler"
	if [ ! -e "$bm/register" ]; then
		mount -t binfmt_misc binfmt_misc "$bm" 2>/dev/null || skip "cannot mount binfmt_misc"
		mounted=1
	fi
	# A name and a magic of this run's own (this shell's PID): another
	# checkout's run of this test may have its handler registered.
	local name=sealtools-inherit-attacks-$$ magic=SEALTOOLS-INHERIT-ATTACKS-$$
	echo ":$name:M::$magic::$BUSYBOX:" >"$bm/register" ||
		skip "cannot register a binfmt_misc handler"
	mkdir "$BATS_TEST_TMPDIR/bin"
	printf '%s\n' "$magic" >"$BATS_TEST_TMPDIR/bin/echo"
	chmod 755 "$BATS_TEST_TMPDIR/bin/echo"
	run --separate-stderr "$SEALRUN" sh -c "$BATS_TEST_TMPDIR/bin/echo RAN"
	local out=$output err=$stderr
	echo -1 >"$bm/$name"
	[ -z "$mounted" ] || umount "$bm"
	output=$out stderr=$err
	refute_output --partial RAN
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
}

# The same through sealrun itself: PROGRAM is the loader, its argument a
# static program.
@test "sealrun ld.so STATIC-PROGRAM: the program sealed from outside, not run unsealed" {
	local ldso
	ldso=$(readelf -l "$H/sealstate" | sed -n 's/.*interpreter: \(.*\)]$/\1/p')
	[ -x "$ldso" ] || skip "no loader found in $H/sealstate"
	run -0 --separate-stderr "$SEALRUN" "$ldso" "$BUSYBOX" grep -c ' sl' /proc/self/smaps
	assert_output --regexp '^[1-9][0-9]*$'
	assert_equal "$stderr" ''
}

# ---- lookups on a handle of the C library itself --------------------------------

# The shell's own mappings, as inherit.bats reads them.
bb_state='awk "/^[0-9a-f]+-/ { p = \$6 } /^VmFlags/ { if (p ~ /^\\//) { if (\$0 ~ / sl/) s++; else o++ } } END { print \"sealed\", s + 0, \"open\", o + 0 }" /proc/$$/smaps'

# $BATS_TEST_TMPDIR/suid-daemon: helpers/sealstate, set-user-ID to daemon
# (skips the test where that cannot be made).
suid_daemon() {
	[ "$(id -u)" = 0 ] || skip "needs root (a set-user-ID program of another user)"
	id daemon >/dev/null 2>&1 || skip "no user daemon"
	cp "$H/sealstate" "$BATS_TEST_TMPDIR/suid-daemon"
	chown daemon "$BATS_TEST_TMPDIR/suid-daemon"
	chmod 4755 "$BATS_TEST_TMPDIR/suid-daemon"
	chmod 755 "$BATS_TEST_TMPDIR"
}

# ctypes.CDLL("libc.so.6").execve is dlsym(libc, "execve"): the C
# library's own execve, which no preload sees.  A static program started
# with it ran unsealed, exit 0, without a word; now it is started through
# sealrun and sealed, or refused.  A set-user-ID one is refused.
@test "execve found by dlsym on a libc.so.6 handle: the static program sealed, the set-user-ID one refused, none run unsealed" {
	run -0 --separate-stderr "$SEALRUN" python3 "$A/dlsym_exec.py" execve "$BUSYBOX" sh -c "$bb_state"
	assert_output --regexp '^sealed [1-9][0-9]* open 0$'
	assert_equal "$stderr" ''
	suid_daemon
	run -126 --separate-stderr "$SEALRUN" python3 "$A/dlsym_exec.py" execve "$BATS_TEST_TMPDIR/suid-daemon"
	refute_output --partial sealed
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
	assert_equal "$(grep -c '^execve: Permission denied$' <<<"$stderr")" 1
}

# dlvsym with a symbol version: execve@GLIBC_2.2.5, and the old
# posix_spawn@GLIBC_2.2.5 (a function of its own beside @GLIBC_2.15 on
# x86_64), which a program linked against an old glibc binds to.
@test "execve and posix_spawn found by dlvsym with a version: sealed or refused, not run unsealed" {
	local v
	case $(uname -m) in
	x86_64) v=GLIBC_2.2.5 ;;
	aarch64) v=GLIBC_2.17 ;;
	*) skip "symbol versions of $(uname -m) not known here" ;;
	esac
	run -0 --separate-stderr "$SEALRUN" python3 "$A/dlsym_exec.py" dlvsym "$v" "$BUSYBOX" sh -c "$bb_state"
	assert_output --regexp '^sealed [1-9][0-9]* open 0$'
	run -0 --separate-stderr "$SEALRUN" python3 "$A/dlsym_exec.py" spawn "$v" "$BUSYBOX" sh -c "$bb_state"
	assert_output --regexp '^sealed [1-9][0-9]* open 0$'
	suid_daemon
	run -126 --separate-stderr "$SEALRUN" python3 "$A/dlsym_exec.py" spawn "$v" "$BATS_TEST_TMPDIR/suid-daemon"
	refute_output --partial sealed
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
}

# __libc_system is system under another name.  With LD_PRELOAD unset,
# the C library's own system started a shell the sealer then refused
# (the guard was gone); the guard's system gives the shell its
# variables back, and what the shell runs is sealed.
@test "__libc_system found by dlsym, LD_PRELOAD unset: the guard's system, the shell's static child sealed" {
	run -0 --separate-stderr "$SEALRUN" python3 "$A/dlsym_exec.py" system "$BUSYBOX sh -c '$bb_state'"
	assert_output --regexp '^sealed [1-9][0-9]* open 0$'
}

# dlsym(RTLD_NEXT) answers relative to its caller (glibc reads the
# return address): a preload of the user's that wraps a function and
# asks for the next one must get the C library's, not its own (which
# would recurse until the stack ends), through the guard's dlsym.
@test "dlsym(RTLD_NEXT) from a user's preload, through the guard's dlsym: the next one, not its own" {
	cat >"$BATS_TEST_TMPDIR/wrap.c" <<-'EOF'
	#define _GNU_SOURCE
	#include <dlfcn.h>
	#include <stdlib.h>
	int getloadavg(double *avg, int n)
	{
		int (*next)(double *, int) = (int (*)(double *, int))dlsym(RTLD_NEXT, "getloadavg");
		int got = next == getloadavg ? -1 : next(avg, n);

		if (got > 0)
			avg[0] = 4242;
		return got;
	}
	EOF
	gcc -shared -fPIC -O2 -o "$BATS_TEST_TMPDIR/libwrap.so" "$BATS_TEST_TMPDIR/wrap.c" -ldl
	local py='import os; print(os.getloadavg()[0])'
	run -0 env LD_PRELOAD="${LD_PRELOAD:+$LD_PRELOAD:}$BATS_TEST_TMPDIR/libwrap.so" python3 -c "$py"
	assert_output 4242.0
	run -0 env LD_PRELOAD="${LD_PRELOAD:+$LD_PRELOAD:}$BATS_TEST_TMPDIR/libwrap.so" "$SEALRUN" python3 -c "$py"
	assert_output 4242.0
}

# The guard's dlsym and dlvsym against glibc's own, from a program and
# from a library it dlopens: for names the guard does not stand in for,
# the same answers and the same dlerror() text (which names the caller:
# a lookup made from inside the guard would name libsealexec.so); for
# the exec functions the guard's, where glibc finds the C library's.
@test "dlsym and dlvsym through the guard: glibc's answers and errors, relative to the real caller; the guard's exec functions" {
	local v=GLIBC_2.2.5 d=$BATS_TEST_TMPDIR
	[ "$(uname -m)" = aarch64 ] && v=GLIBC_2.17
	gcc -O2 -o "$d/probe" "$A/dlsym_probe.c"
	gcc -O2 -DLATE -shared -fPIC -o "$d/liblate.so" "$A/dlsym_probe.c"
	cd "$d"
	run -0 ./probe "$v"
	local plain=$output
	[[ $plain == *"late DEFAULT nosuch: NULL; ./liblate.so: undefined symbol: sealtools_nosuch"* ]]
	# The guard preloaded alone (nothing to guard), then under sealrun.
	run -0 env LD_PRELOAD="${LD_PRELOAD:+$LD_PRELOAD:}$SEALTOOLS_BUILD/libsealexec.so" ./probe "$v"
	probe_as_glibc "$plain"
	run -0 "$SEALRUN" ./probe "$v"
	probe_as_glibc "$plain"
}

# dlsym_probe's output through the guard against glibc's (PLAIN).
probe_as_glibc() { # PLAIN
	assert_equal "$(grep -c '; no error$' <<<"$output")" 16
	# Each exec function found (execve, __libc_system): the guard's.
	assert_equal "$(grep -Ec '(execve|system): libsealexec\.so; no error$' <<<"$output")" 10
	assert_equal "${output//libsealexec.so;/libc.so.6;}" "$1"
}

# ctypes can pass RTLD_NEXT as a handle: dlsym(RTLD_NEXT, "execve") from
# _ctypes, which follows the C library's execve only.
@test "execve found by dlsym(RTLD_NEXT) from ctypes: the static program sealed" {
	run -0 --separate-stderr "$SEALRUN" python3 "$A/dlsym_exec.py" next "$BUSYBOX" sh -c "$bb_state"
	assert_output --regexp '^sealed [1-9][0-9]* open 0$'
	assert_equal "$stderr" ''
}

# A user's preload that wraps execve and finds the next one with
# dlsym(RTLD_NEXT) sits behind the guard, which calls it after its
# judgement.  Handed the guard's execve, it would call the guard again,
# which calls it again, until the stack ends; it must get the C
# library's, and what it starts is sealed.  The same for open, which
# the guard does not stand in for.
@test "a user's preload wrapping execve and open with dlsym(RTLD_NEXT): each reaches the C library's, once; the child sealed" {
	local d=$BATS_TEST_TMPDIR
	cat >"$d/wrap.c" <<-'EOF'
	#define _GNU_SOURCE
	#include <dlfcn.h>
	#include <stdarg.h>
	#include <stdio.h>
	#include <string.h>
	static const char *in(void *f)
	{
		Dl_info i;
		return dladdr(f, &i) && i.dli_fname ? strrchr(i.dli_fname, '/') + 1 : "?";
	}
	int execve(const char *p, char *const a[], char *const e[])
	{
		int (*next)(const char *, char *const[], char *const[]) =
			(int (*)(const char *, char *const[], char *const[]))dlsym(RTLD_NEXT, "execve");
		fprintf(stderr, "wrapped execve %s, next in %s\n", p, in((void *)next));
		return next(p, a, e);
	}
	int open(const char *p, int flags, ...)
	{
		int (*next)(const char *, int, ...) =
			(int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
		va_list ap;
		int mode;

		va_start(ap, flags);
		mode = va_arg(ap, int);
		va_end(ap);
		if (strstr(p, "wrap-probe"))
			fprintf(stderr, "wrapped open %s, next in %s\n", p, in((void *)next));
		return next(p, flags, mode);
	}
	EOF
	gcc -shared -fPIC -O2 -o "$d/libwrap.so" "$d/wrap.c" -ldl
	echo contents >"$d/wrap-probe"
	run -0 --separate-stderr env LD_PRELOAD="${LD_PRELOAD:+$LD_PRELOAD:}$d/libwrap.so" "$SEALRUN" sh -c \
		"cat $d/wrap-probe; exec $BUSYBOX sh -c '$bb_state'"
	assert_line -n 0 contents
	assert_line -n 1 --regexp '^sealed [1-9][0-9]* open 0$'
	# cat is run by a wrapped execve: sh's own, and the guard's for the
	# static busybox (through sealrun, wrapped again: LD_PRELOAD is kept).
	[[ $stderr == *"wrapped open $d/wrap-probe, next in libc.so.6"* ]]
	assert_equal "$(grep -c '^wrapped execve .*, next in libc\.so\.6$' <<<"$stderr")" \
		"$(grep -c '^wrapped execve ' <<<"$stderr")"
	grep -q "^wrapped execve $BUSYBOX, next in libc.so.6$" <<<"$stderr" ||
		grep -q "^wrapped execve .*/sealrun, next in libc.so.6$" <<<"$stderr"
}
