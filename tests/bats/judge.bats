#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# One judge for every exec of a sealed tree (issue 25): sealrun's
# supervisor, behind a seccomp filter on execve and execveat, sees the
# execs that never meet the exec guard -- a static program's own, a
# dlmopen namespace's C library, raw system calls, Go's runtime -- and
# judges as the kernel runs: five levels of "#!", effective ids, the
# child's directory after file actions, audit modules by any door.
# Each test fails on the guard alone (504bd46 and before).  A static
# program run is busybox counting its own sealed mappings.

bats_require_minimum_version 1.5.0
load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load
load common

setup_file() {
	setup_sealrun_file judge
	export J=$BATS_TEST_DIRNAME/judge B=$PUB/bin
	mkdir -p "$B"
	gcc -O2 -shared -fPIC -o "$B/plugin.so" "$J/plugin.c"
	gcc -O2 -o "$B/dlmopen" "$J/dlmopen.c" -ldl
	gcc -O2 -o "$B/rawexec" "$J/rawexec.c"
	gcc -O2 -pthread -o "$B/bigenv" "$J/bigenv.c"
	gcc -O2 -pthread -o "$B/racer" "$J/racer.c"
	gcc -O2 -o "$B/pamhelper" "$J/pamhelper.c"
	printf 'unsigned int la_version(unsigned int v) { return v; }\n' >"$PUB/aud.c"
	gcc -shared -fPIC -o "$B/aud.so" "$PUB/aud.c"
	printf 'int main(void) { return 0; }\n' >"$PUB/main.c"
	gcc -o "$B/dtaudit" "$PUB/main.c" -Wl,--audit="$B/aud.so"
	gcc -o "$B/dtdepaudit" "$PUB/main.c" -Wl,--depaudit="$B/aud.so"
	chmod -R a+rX "$PUB"
}

teardown_file() {
	rm -rf "$PUB"
}

setup() {
	[ -x "$BUSYBOX" ] || skip "no static busybox (Debian's busybox-static)"
}

refusal_re='^sealrun: refusing to run .* unsealed: .*; sealrun --allow-unsealed=.* runs it anyway, --best-effort runs everything$'
count=(grep -c ' sl' /proc/self/smaps)

# A number of sealed mappings above zero, alone on its line.
sealed_count() {
	assert_output --regexp '^[1-9][0-9]*$'
}

@test "busybox's own exec of an applet: sealed from outside" {
	# busybox sh runs "busybox grep" by exec of /proc/self/exe.
	run -0 --separate-stderr "$SEALRUN" "$BUSYBOX" sh -c "busybox grep -c ' sl' /proc/self/smaps; :"
	sealed_count
	run -0 --separate-stderr "$SEALRUN" "$BUSYBOX" sh -c "exec busybox grep -c ' sl' /proc/self/smaps"
	sealed_count
	# The issue's own: the shell itself, sealed at its start.
	run -0 --separate-stderr "$SEALRUN" "$BUSYBOX" sh -c 'grep -c " sl" /proc/$$/smaps'
	sealed_count
	assert_equal "$stderr" ''
}

@test "a dlmopen plugin that execv's or posix_spawn's a static program: sealed" {
	local how
	for how in exec spawn; do
		run -0 --separate-stderr "$SEALRUN" "$B/dlmopen" "$B/plugin.so" "$how" "$BUSYBOX" \
			"${count[@]}"
		sealed_count
	done
	# Unsealed without sealrun: the count means something.
	run -1 "$B/dlmopen" "$B/plugin.so" exec "$BUSYBOX" "${count[@]}"
	assert_output 0
}

@test "syscall(SYS_execve) from C: a static program sealed, a clean environment refused" {
	run -0 --separate-stderr "$SEALRUN" "$B/rawexec" keep "$BUSYBOX" "${count[@]}"
	sealed_count
	run -0 "$SEALRUN" "$B/rawexec" keep "$H/sealstate"
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	# Past the guard with no environment: nothing can put the sealer back.
	run -126 --separate-stderr "$SEALRUN" "$B/rawexec" empty "$H/sealstate"
	assert_output "execve: Permission denied"
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
	[[ $stderr == *"its environment lost sealrun's variables"* ]] || fail "$stderr"
}

@test "a static Go program's exec.Command of a dynamic and a static program: sealed" {
	command -v go >/dev/null || skip "no Go compiler (golang-go)"
	mkdir -p "$PUB/go"
	cp "$J/gocmd.go" "$PUB/go/"
	(cd "$PUB/go" && CGO_ENABLED=0 GOCACHE=$PUB/go/cache GOPATH=$PUB/go/path \
		go build -o "$B/gocmd" gocmd.go) || skip "go build failed"
	run readelf -l "$B/gocmd"
	refute_output --partial interpreter
	run -0 --separate-stderr "$SEALRUN" "$B/gocmd" "$H/sealstate" -- "$BUSYBOX" "${count[@]}"
	assert_line --index 0 --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	assert_line --index 1 --regexp '^[1-9][0-9]*$'
	assert_equal "${#lines[@]}" 2
}

# Linux follows five levels of "#!" (exec_binprm tries six files).
make_chain() { # DIR LEVELS LAST-INTERPRETER-LINE
	local d=$1 n=$2 i
	mkdir -p "$d"
	printf '#!%s\ngrep -c " sl" /proc/$$/smaps\n' "$3" >"$d/s$n"
	for ((i = n - 1; i >= 1; i--)); do
		printf '#!%s\n' "$d/s$((i + 1))" >"$d/s$i"
	done
	chmod 755 "$d"/s*
}

@test "five levels of #! to a static and a dynamic interpreter: run sealed; six: the kernel's ELOOP" {
	make_chain "$PUB/c5s" 5 "$BUSYBOX sh"
	make_chain "$PUB/c5d" 5 /bin/sh
	make_chain "$PUB/c6" 6 /bin/sh
	run -1 "$PUB/c5d/s1"
	assert_output 0
	run -0 --separate-stderr "$SEALRUN" sh -c "$PUB/c5s/s1"
	sealed_count
	run -0 --separate-stderr "$SEALRUN" sh -c "$PUB/c5d/s1"
	sealed_count
	# sealrun itself runs the chain as the kernel does.
	run -0 --separate-stderr "$SEALRUN" "$PUB/c5s/s1"
	sealed_count
	# Six: the kernel refuses; so does the judge, with the kernel's error.
	run ! "$PUB/c6/s1"
	run ! --separate-stderr "$SEALRUN" sh -c "$PUB/c6/s1"
	refute_output --regexp '^[0-9]+$'
	[[ $stderr == *"Too many levels of symbolic links"* ]] || fail "$stderr"
	run -126 --separate-stderr "$SEALRUN" "$PUB/c6/s1"
	[[ $stderr == *"more than 5 levels"* ]] || fail "$stderr"
}

@test "a root program with another real uid execs a 0700 static program: refused, not run unsealed" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	cp "$BUSYBOX" "$PUB/private-busybox"
	chmod 700 "$PUB/private-busybox"
	# setpriv keeps the effective uid 0 and makes the real one nobody's.
	run --separate-stderr "$SEALRUN" setpriv --ruid=nobody "$PUB/private-busybox" "${count[@]}"
	refute_output --regexp '^[0-9]+$'
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
	[[ $stderr == *"effective ids other than its real ones"* ]] || fail "$stderr"
}

@test "posix_spawn with a chdir action and a relative #! interpreter: the child's is judged and sealed" {
	local d=$PUB/spawn
	mkdir -p "$d/other"
	printf '#!./sh\ngrep -c " sl" /proc/$$/smaps\n' >"$d/prog"
	cp "$d/prog" "$d/other/prog"
	chmod 755 "$d/prog" "$d/other/prog"
	ln -s /bin/dash "$d/sh"			# seen from the parent: dynamic
	cp "$BUSYBOX" "$d/other/sh"		# run by the child: static
	cd "$d"
	run -0 --separate-stderr "$SEALRUN" python3 "$BATS_TEST_DIRNAME/inherit-attacks/spawnchdir.py" \
		other ./prog prog
	sealed_count
	[ "$(readlink "/proc/$$/cwd")" ]
}

@test "ld.so --audit MODULE and a program's DT_AUDIT or DT_DEPAUDIT: refused as LD_AUDIT is" {
	local ldso
	ldso=$(readelf -l "$H/sealstate" | sed -n 's/.*interpreter: \(.*\)]$/\1/p')
	run -125 --separate-stderr "$SEALRUN" "$ldso" --audit "$B/aud.so" "$H/sealstate"
	refute_output --partial sealed
	[[ $stderr == *"--audit $B/aud.so"* ]] || fail "$stderr"
	run -126 --separate-stderr "$SEALRUN" sh -c "$ldso --audit $B/aud.so $H/sealstate"
	refute_output --partial sealed
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
	local p
	for p in dtaudit dtdepaudit; do
		run -125 --separate-stderr "$SEALRUN" "$B/$p"
		[[ $stderr == *"audit modules of its own (DT_AUDIT or DT_DEPAUDIT)"* ]] || fail "$stderr"
		run -126 --separate-stderr "$SEALRUN" sh -c "$B/$p"
		assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
	done
}

# ".." is the parent on disk of the task's directory, not of the name
# it was reached by: judged from there, as the kernel runs it.
@test "a relative name with \"..\" from a directory reached through a symbolic link: the kernel's file judged, sealed" {
	local d=$PUB/dotdot
	mkdir -p "$d/real/sub"
	ln -sfn "$d/real/sub" "$d/link"
	cp "$H/sealstate" "$d/real/prog"
	cp "$BUSYBOX" "$d/prog"		# static: unsealed were it judged as dynamic
	run -0 --separate-stderr "$SEALRUN" sh -c "cd '$d/link' && ../prog"
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	assert_equal "$stderr" ''
	run -0 --separate-stderr "$SEALRUN" sh -c "cd '$d/real/sub' && ./../../real/./prog"
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
}

# ld.so run as a program opens PROGRAM itself, later and as the task:
# the supervisor finds it as the task will (its /proc/self, its
# directory), refuses one it cannot judge, and judges it under --list
# too (rtld loads its audit modules there); --verify (ldd) loads none.
@test "ld.so asked to load a program by /proc/self, /dev/stdin, its directory or --list: judged as the task finds it" {
	local ldso
	ldso=$(readelf -l "$H/sealstate" | sed -n 's/.*interpreter: \(.*\)]$/\1/p')
	for cmd in "exec 7<'$B/dtaudit'; '$ldso' /proc/self/fd/7" "'$ldso' /dev/stdin <'$B/dtaudit'" \
		"cd '$B' && '$ldso' /proc/self/cwd/dtaudit" "'$ldso' --list '$B/dtaudit'"; do
		run -0 --separate-stderr "$SEALRUN" sh -c "$cmd; echo rc=\$?"
		assert_output rc=126
		[[ $stderr == *"audit modules of its own (DT_AUDIT or DT_DEPAUDIT)"* ]] || fail "$cmd: $stderr"
	done
	run -0 --separate-stderr "$SEALRUN" sh -c "'$ldso' --list --audit '$B/aud.so' '$H/sealstate'; echo rc=\$?"
	assert_output rc=126
	[[ $stderr == *"--audit $B/aud.so"* ]] || fail "$stderr"
	# Not there: refused with a line (ld.so, later, might find another).
	run -0 --separate-stderr "$SEALRUN" sh -c "cd '$B' && '$ldso' ./missing; echo rc=\$?"
	assert_output rc=126
	[[ $stderr == *"is asked to load ./missing, which cannot be judged: No such file or directory"* ]] ||
		fail "$stderr"
	# The same doors to a program without audit modules: run, sealed.
	run -0 --separate-stderr "$SEALRUN" sh -c "exec 7<'$H/sealstate'; '$ldso' /proc/self/fd/7"
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	assert_equal "$stderr" ''
	run -0 --separate-stderr "$SEALRUN" sh -c "ldd '$H/sealstate'"
	assert_output --partial libc.so.6
	assert_equal "$stderr" ''
	# What ld.so maps it only reads: a library without x bits (ldd on
	# it), and a static program it executes again (judged then).
	local libc
	libc=$(ldd "$H/sealstate" | awk '/libc.so.6/ { print $3 }')
	cp "$libc" "$B/libc-copy.so"
	chmod 0644 "$B/libc-copy.so"
	run -0 --separate-stderr "$SEALRUN" sh -c "ldd '$B/libc-copy.so'"
	assert_output --partial "$ldso"
	assert_equal "$stderr" ''
	gcc -O2 -static-pie -o "$B/sealstate-spie" "$BATS_TEST_DIRNAME/../helpers/sealstate.c"
	run -0 --separate-stderr "$SEALRUN" sh -c "ldd '$B/sealstate-spie'; '$ldso' '$B/sealstate-spie'"
	assert_line -n 0 --partial 'statically linked'
	assert_line -n 1 --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	assert_equal "$stderr" ''
}

@test "a refusal for a task whose standard error is closed or a full pipe: the line on sealrun's own" {
	run -0 --separate-stderr "$SEALRUN" sh -c "exec 2>&-; '$B/dtaudit'; echo rc=\$?"
	assert_output rc=126
	[[ $stderr == *"refusing to run $B/dtaudit unsealed: names audit modules of its own"* ]] ||
		fail "$stderr"
	# A pipe nobody reads, filled to the brim first.
	run -0 --separate-stderr "$SEALRUN" "$PY" -c "
import fcntl, os, subprocess
r, w = os.pipe()
os.set_blocking(w, False)
try:
    while True:
        os.write(w, b'x' * 4096)
except BlockingIOError:
    pass
try:
    subprocess.call(['$B/dtaudit'], stderr=w)
except PermissionError:
    print('EACCES', flush=True)"
	assert_output EACCES
	[[ $stderr == *"refusing to run $B/dtaudit unsealed: names audit modules of its own"* ]] ||
		fail "$stderr"
}

# A loader that is not ours has no PT_INTERP and so looked static: sealed
# from outside for its own start-up, it then mapped its program and the
# C library unsealed, without a word.  A shared object run as a program
# is told from a static PIE by DF_1_PIE.
@test "a copy of the loader or a bundled one run as a program: refused, not sealed as a static program" {
	local ldso
	ldso=$(readelf -l "$H/sealstate" | sed -n 's/.*interpreter: \(.*\)]$/\1/p')
	cp "$ldso" "$B/ldcopy"
	run -125 --separate-stderr "$SEALRUN" "$B/ldcopy" "$H/sealstate"
	refute_output --partial sealed
	[[ $stderr == *"$B/ldcopy: is a shared object run as a program"* ]] || fail "$stderr"
	run -0 --separate-stderr "$SEALRUN" sh -c "'$B/ldcopy' '$H/sealstate'; echo rc=\$?"
	assert_output rc=126
	[[ $stderr == *"shared object run as a program"* ]] || fail "$stderr"
	# A memfd copy, executed through /proc/self/fd by a raw system call.
	run -0 --separate-stderr "$SEALRUN" "$PY" -c "
import os
fd = os.memfd_create('ld', 0)
os.write(fd, open('$ldso', 'rb').read())
try:
    os.execv('/proc/self/fd/%d' % fd, ['ld.so', '$H/sealstate'])
except PermissionError:
    print('EACCES', flush=True)"
	assert_output EACCES
	# A static PIE is a program: sealed from outside.
	gcc -O2 -static-pie -o "$B/sealstate-pie" "$BATS_TEST_DIRNAME/../helpers/sealstate.c"
	run -0 --separate-stderr "$SEALRUN" "$B/sealstate-pie"
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	assert_equal "$stderr" ''
}

# The judge sees paths; the loader opens files.  An audit module it
# opens past every judgement (ld.so run as a program opens PROGRAM after
# its exec stop; a rename can swap it) is stopped by the sealer, where
# the loader announces it, before any of its code runs.
@test "an audit module loaded after the sealer, past the judge: the sealer stops the program before it runs" {
	local s=$SEALTOOLS_BUILD/libsealrun.so g=$SEALTOOLS_BUILD/libsealexec.so
	local -a env=(env -i SEALRUN_POLICY=default SEALRUN_SEALER="$s" SEALRUN_GUARD="$g" LD_PRELOAD="$g")
	run -125 --separate-stderr "${env[@]}" LD_AUDIT="$s:$B/aud.so" "$H/sealstate"
	assert_output ''
	[[ $stderr == *"another audit module, $B/aud.so, is loaded after the sealer"* ]] || fail "$stderr"
	run -125 --separate-stderr "${env[@]}" LD_AUDIT="$s" "$B/dtaudit"
	[[ $stderr == *"another audit module, $B/aud.so, is loaded after the sealer"* ]] || fail "$stderr"
	# Without the sealer, the module runs: the refusal is the sealer's.
	run -0 env LD_AUDIT="$B/aud.so" "$H/sealstate"
	assert_output --regexp '^sealed 0 open [1-9][0-9]* secure 0$'
	# --best-effort: run, said.
	run -0 --separate-stderr "${env[@]}" SEALRUN_BEST_EFFORT=1 LD_AUDIT="$s:$B/aud.so" "$H/sealstate"
	assert_output --regexp '^sealed [1-9][0-9]* open [0-9]+ secure 0$'
	[[ $stderr == *"warning: another audit module, $B/aud.so, is loaded after the sealer"* ]] ||
		fail "$stderr"
}

@test "Rust's std::process::Command output() and status(): run, sealed" {
	command -v rustc >/dev/null || skip "no rustc"
	rustc -O -o "$B/command" "$J/command.rs" 2>/dev/null || skip "rustc failed"
	run -0 --separate-stderr "$SEALRUN" "$B/command"
	assert_line --index 0 hello
	assert_line --index 1 "echo 0"
	assert_line --index 2 "true 0"
	assert_line --index 3 --regexp '^sealed [1-9][0-9]*$'
	assert_equal "$stderr" ''
}

@test "posix_spawn from a 128 KiB-stack thread with 40,000 environment entries: no crash, sealed" {
	run -0 --separate-stderr "$SEALRUN" "$B/bigenv" keep 40000 "$H/sealstate"
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	# Without sealrun's variables: the guard rebuilds it (mapped), sealed.
	run -0 --separate-stderr "$SEALRUN" "$B/bigenv" alone 40000 "$H/sealstate"
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	assert_equal "$stderr" ''
}

@test "the supervisor is no child of the program, and its death fails every exec closed" {
	# A daemon that signals its whole process group: the supervisor is
	# in a session of its own, and judges the exec that follows.
	run -0 --separate-stderr setsid -w "$SEALRUN" sh -c \
		'trap "" TERM; kill -TERM 0; exec /bin/echo alive'
	assert_output alive
	# Kill this run's supervisor (a sealrun process with this run's
	# mark in its environment): the next exec fails (ENOSYS), nothing runs.
	local mark=SEALTOOLS_JUDGE_MARK=$$-$RANDOM
	run --separate-stderr env "$mark" "$SEALRUN" sh -c '
		for d in /proc/[0-9]*; do
			[ "$(cat "$d/comm" 2>/dev/null)" = sealrun ] || continue
			tr "\0" "\n" <"$d/environ" 2>/dev/null | grep -qx "$1" || continue
			kill -9 "${d#/proc/}"
		done
		/bin/echo RAN' sh "$mark"
	refute_output --partial RAN
	[[ $stderr == *"Function not implemented"* ]] || fail "$stderr"
}

@test "the supervisor outlives SIGTERM, SIGHUP and SIGINT (a unit's stop signals every process): later execs still judged, it leaves with the tree" {
	# The whole tree's stop, as systemd's KillMode=control-group does it:
	# the program traps TERM, its supervisor is sent TERM, HUP and INT;
	# an exec after that is still sealed, and the supervisor then exits.
	# (No wait is needed: a fatal signal marks the whole process as
	# exiting before kill returns, and an exec waiting on a dying
	# listener fails with ENOSYS.)
	local mark=SEALTOOLS_JUDGE_MARK=$$-$RANDOM sup
	run -0 --separate-stderr env "$mark" "$SEALRUN" sh -c '
		trap "" TERM HUP INT
		for d in /proc/[0-9]*; do
			[ "$(cat "$d/comm" 2>/dev/null)" = sealrun ] || continue
			tr "\0" "\n" <"$d/environ" 2>/dev/null | grep -qx "$1" || continue
			echo "supervisor ${d#/proc/}"
			kill -TERM "${d#/proc/}"; kill -HUP "${d#/proc/}"; kill -INT "${d#/proc/}"
		done
		exec "$2"' sh "$mark" "$H/sealstate"
	assert_line --regexp '^supervisor [0-9]+$'
	assert_line --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	sup=$(awk '$1 == "supervisor" { print $2 }' <<<"$output")
	# Gone with the tree (the listener hangs up when no task is left).
	wait_for eval "! kill -0 $sup 2>/dev/null" || fail "supervisor $sup still alive after its tree"
}

# PHP's mail() runs the set-user-ID sendmail: one named exception, not
# --best-effort for the whole tree.
@test "--allow-unsealed PATH: that program runs unsealed, said on its stderr; the others are judged" {
	[ "$(id -u)" = 0 ] || skip "needs root (a set-user-ID program of another user)"
	cp "$H/sealstate" "$PUB/suid"
	cp "$H/sealstate" "$PUB/suid2"
	chown daemon "$PUB/suid" "$PUB/suid2"
	chmod 4755 "$PUB/suid" "$PUB/suid2"
	run -126 --separate-stderr "$SEALRUN" sh -c "$PUB/suid"
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
	run -0 --separate-stderr "$SEALRUN" --allow-unsealed "$PUB/suid" sh -c "$PUB/suid"
	assert_output --regexp '^sealed 0 open [1-9][0-9]* secure 1$'
	assert_equal "$stderr" "sealrun: $PUB/suid: runs unsealed (--allow-unsealed)"
	# Another file, however alike, is still refused; a second option allows it.
	run -126 --separate-stderr "$SEALRUN" --allow-unsealed "$PUB/suid" sh -c "$PUB/suid2"
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
	run -0 --separate-stderr "$SEALRUN" --allow-unsealed "$PUB/suid" \
		--allow-unsealed "$PUB/suid2" sh -c "$PUB/suid2; $PUB/suid"
	assert_equal "${#lines[@]}" 2
	# By the file, not the name: a link to it is the same program.
	ln -s "$PUB/suid" "$PUB/link"
	run -0 --separate-stderr "$SEALRUN" --allow-unsealed "$PUB/suid" sh -c "$PUB/link"
	assert_output --regexp '^sealed 0 open [1-9][0-9]* secure 1$'
	# A relative or missing path is an error before anything runs.
	run -125 "$SEALRUN" --allow-unsealed suid true
	run -125 "$SEALRUN" --allow-unsealed "$PUB/none" true
	# An allowed script: its interpreter is what the kernel loads, and
	# so what the exec stop sees; it runs, unsealed (a static one was
	# killed there as "not the program judged").
	if [ -x "$BUSYBOX" ]; then
		printf '#!%s sh\ngrep -c " sl" /proc/$$/smaps || :\n' "$BUSYBOX" >"$PUB/allowed.sh"
		chmod 755 "$PUB/allowed.sh"
		run -0 --separate-stderr "$SEALRUN" --allow-unsealed "$PUB/allowed.sh" \
			sh -c "$PUB/allowed.sh"
		assert_output 0
		assert_equal "$stderr" "sealrun: $PUB/allowed.sh: runs unsealed (--allow-unsealed)"
	fi
}

# Debian 13's sshd login (OpenSSH 10, Linux-PAM 1.7): sshd-session's
# root monitor runs pam_unix's set-group-ID unix_chkpwd, which the kernel
# starts in secure mode (unsealed), with its standard error on /dev/null.
# Refused, the account check failed the login with no line anywhere.
# The line now goes to sealrun's own standard error; sealctl unit allows
# the helper by name for sshd (README "sshd and unix_chkpwd").
@test "a root daemon's set-group-ID PAM helper, its stderr on /dev/null (sshd-session's unix_chkpwd): refused with the line on sealrun's stderr; --allow-unsealed runs it" {
	[ "$(id -u)" = 0 ] || skip "needs root (a set-group-ID program of another group)"
	cp "$H/sealstate" "$PUB/sgid"
	chgrp daemon "$PUB/sgid"
	chmod 2755 "$PUB/sgid"
	run -0 --separate-stderr "$SEALRUN" "$B/pamhelper" "$PUB/sgid" root
	assert_output "exit 126"
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
	[[ $stderr == *"$PUB/sgid"*"set-group-ID"*"secure mode"* ]] || fail "$stderr"
	run -0 --separate-stderr "$SEALRUN" --allow-unsealed "$PUB/sgid" "$B/pamhelper" "$PUB/sgid" root
	assert_output "exit 0"
	assert_equal "$stderr" "sealrun: $PUB/sgid: runs unsealed (--allow-unsealed)"
	# The real helper, where this system has it set-id.
	local h=/usr/sbin/unix_chkpwd
	[ -u "$h" ] || [ -g "$h" ] || return 0
	run -0 --separate-stderr "$SEALRUN" "$B/pamhelper" "$h" root
	assert_output "exit 126"
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
	run -0 --separate-stderr "$SEALRUN" --allow-unsealed "$h" "$B/pamhelper" "$h" root
	assert_output "exit 0"
}

# seccomp_unotify(2): the kernel reads the arguments again after the
# judgement.  A program whose other thread swaps its LD_AUDIT entry to
# nothing and back, making raw execs until one is let through: the
# watcher judges what the kernel loaded at the exec stop and kills what
# would run unsealed.  Ten runs; the race is lost about half the time.
@test "a thread that races its own exec's environment: sealed, or killed at the exec stop, never unsealed" {
	local i killed=0 sealed=0
	for i in $(seq 10); do
		run --separate-stderr "$SEALRUN" "$B/racer" "$H/sealstate"
		case $status in
		0)	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
			sealed=$((sealed + 1)) ;;
		137)	refute_output --partial sealed
			[[ $stderr == *"lost sealrun's variables"*"killed at its exec"* ]] || fail "$stderr"
			killed=$((killed + 1)) ;;
		*)	fail "status $status: $output $stderr" ;;
		esac
	done
	echo "sealed $sealed killed $killed" >&3
}

@test "an exec through another ABI (i386's int 0x80, x32's numbers) is killed, not let past the filter" {
	[ "$(uname -m)" = x86_64 ] || skip "x86_64's other ABIs"
	# Outside a sealed tree the kernel answers (EFAULT, ENOSYS without
	# x32): the calls are made.  Inside, the filter kills first.
	run -1 "$H/abiexec" x32 /bin/true
	run -1 "$H/abiexec" i386 /bin/true
	run -159 "$SEALRUN" "$H/abiexec" x32 /bin/true
	refute_output
	run -159 "$SEALRUN" "$H/abiexec" i386 /bin/true
	refute_output
}

@test "the sealer emptied in place after a judgement: the next exec is refused by the supervisor" {
	# busybox sh is static: no exec guard in it, only the supervisor
	# judges its execs; the first fills what the judge remembers of the
	# sealer, the second must see the change (same inode, new size).
	local t=$PUB/tree
	mkdir -p "$t"
	cp "$SEALRUN" "$SEALTOOLS_BUILD"/libsealrun.so "$SEALTOOLS_BUILD"/libsealexec.so "$t/"
	chmod -R a+rX "$t"
	run -0 --separate-stderr "$t/sealrun" "$BUSYBOX" sh -c \
		"/bin/true; echo first=\$?; : >'$t/libsealrun.so'; /bin/true; echo second=\$?"
	assert_line 'first=0'
	assert_line 'second=126'
	[[ $stderr == *"the sealer $t/libsealrun.so is not a valid ELF file"* ]] || fail "$stderr"
}

# Every exec let go is held to its exec stop by the supervisor (ptrace).
# One the kernel fails after the judgement (E2BIG: an argument over
# 128 KiB, which the judge does not measure) leaves the task running,
# held: at its next signal it is let go (TracerPid 0 again, a debugger
# may attach), and its next exec, here of a static program, is judged
# afresh and sealed, not killed as a static program judged dynamic.
@test "an exec the kernel fails after the judgement: the task goes on, let go at its next signal or exec" {
	local script='
import os, signal, sys
def tracer():
    for l in open("/proc/self/status"):
        if l.startswith("TracerPid:"): return int(l.split()[1])
try:
    os.execv("/bin/true", ["/bin/true", "x" * 200000])
except OSError as e:
    print("exec failed", e.errno, flush=True)
if sys.argv[2] == "signal":
    signal.signal(signal.SIGUSR1, lambda *a: None)
    os.kill(os.getpid(), signal.SIGUSR1)
    print("after a signal: tracer", tracer(), flush=True)
os.execv(sys.argv[1], ["sh", "-c", "echo busybox $(grep -c \" sl\" /proc/$$/smaps)"])'
	run -0 --separate-stderr "$SEALRUN" "$PY" -c "$script" "$BUSYBOX" signal
	assert_line -n 0 "exec failed 7"
	assert_line -n 1 "after a signal: tracer 0"
	assert_line -n 2 --regexp '^busybox [1-9][0-9]*$'
	run -0 --separate-stderr "$SEALRUN" "$PY" -c "$script" "$BUSYBOX" exec
	assert_line -n 0 "exec failed 7"
	assert_line -n 1 --regexp '^busybox [1-9][0-9]*$'
	run -0 --separate-stderr "$SEALRUN" "$PY" -c "$script" "$H/sealstate" exec
	assert_line -n 1 --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
}

# A task traced by another tracer (strace, a debugger) cannot be held to
# its exec stop: that tracer could let an exec go unchecked.  Refused,
# closed rather than open, PROGRAM's exec too (b6aa866 let PROGRAM and
# every single-threaded dynamic program's exec go unchecked); --best-effort
# runs it with a warning.
@test "a tree traced by strace: its execs refused with a line, run with a warning under --best-effort" {
	command -v strace >/dev/null || skip "no strace"
	# A static PROGRAM: sealrun's own tracer cannot take it (as before).
	run -125 --separate-stderr strace -o /dev/null "$SEALRUN" "$BUSYBOX" true
	assert_equal "$stderr" "sealrun: a static program is sealed through ptrace, which is denied here: Operation not permitted (Yama ptrace_scope, a container or seccomp; see sealrun(1)); use --best-effort to run $BUSYBOX unsealed"
	run -126 --separate-stderr strace -o /dev/null "$SEALRUN" /bin/true
	[[ $stderr == "sealrun: refusing to run /bin/true unsealed: it is traced by process "[0-9]*", so sealrun cannot check it at its exec; sealrun --allow-unsealed=/bin/true runs it anyway, --best-effort runs everything"* ]] ||
		fail "$stderr"
	run -0 --separate-stderr strace -o /dev/null "$SEALRUN" --best-effort /bin/true
	[[ $stderr == "sealrun: warning: running /bin/true unsealed (--best-effort): it is traced by process "* ]] ||
		fail "$stderr"
	# Traced after its start: its next exec.
	run -126 --separate-stderr "$SEALRUN" sh -c 'strace -o /dev/null -p $$ & i=0
		until grep -q "^TracerPid:[[:space:]]*[1-9]" /proc/$$/status || [ $i -gt 100000 ]; do i=$((i + 1)); done
		exec /bin/true'
	[[ $stderr == *"refusing to run /bin/true unsealed: it is traced by process "* ]] || fail "$stderr"
}

# What the supervisor holds dies with it (PTRACE_O_EXITKILL): closed, not
# open.  A task held after an exec the kernel failed (E2BIG) names its
# tracer, the supervisor; SIGKILL to the supervisor kills the task.
@test "the supervisor killed while it holds a task: the task is killed with it" {
	local sup script='
import os, time
try:
    os.execv("/bin/true", ["/bin/true", "x" * 200000])
except OSError:
    pass
for l in open("/proc/self/status"):
    if l.startswith("TracerPid:"): print(l.split()[1], flush=True)
time.sleep(60)'
	local out=$BATS_TEST_TMPDIR/held pid i status=0
	"$SEALRUN" "$PY" -c "$script" >"$out" 2>&1 3>&- &
	pid=$!
	for i in $(seq 200000); do [ -s "$out" ] && break; done
	sup=$(head -n 1 "$out")
	[[ $sup =~ ^[1-9][0-9]*$ ]] || { kill "$pid"; fail "not held: $sup"; }
	[ "$(cat "/proc/$sup/comm")" = sealrun ] || { kill "$pid"; fail "held by $sup"; }
	kill -9 "$sup"
	wait "$pid" || status=$?
	assert_equal "$status" 137
}
